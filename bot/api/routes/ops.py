"""Operations: GET /ready (readiness with reasons), GET /metrics (Prometheus), POST /admin/reload."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict

from bot.api import metrics
from bot.api.models import ErrorResponse
from bot.api.reload import reload_index
from bot.core.errors import BotError, NotFound

router = APIRouter(tags=["operations"])


class Unauthorized(BotError):
    status = 401
    code = "unauthorized"
    message = "需要管理令牌。"


class ReloadRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    index_dir: str | None = None


def readiness(app) -> tuple[int, dict]:
    """Index, rules, secret and store status from memory only (never waits on the database)."""
    bot = app.state.bot
    checks = {"index": {"ok": True, "version": bot.index.version, "passages": len(bot.index.passages)}}
    checks["rules"] = ({"ok": True, "files": len(bot.rules.files)} if bot.rules.files
                       else {"ok": False, "reason": "no rule files loaded: money questions cannot be computed"})
    checks["secret"] = ({"ok": True} if len(bot.secret) >= 32
                        else {"ok": False, "reason": "the context secret is shorter than 32 bytes"})
    store, writer = app.state.store, app.state.writer
    if store is None:
        checks["store"] = {"ok": False, "reason": f"store not open: {app.state.store_error}"}
    else:
        ok, reason = writer.healthy()
        s = writer.poll()
        checks["store"] = {"ok": ok, "reason": reason, "backend": store.backend, "exchanges_logged":
                           app.state.settings.store_exchanges, "queued": writer.queued(), "written": s.written,
                           "failed": s.failed, "dropped": s.dropped}
    if not (checks["index"]["ok"] and checks["rules"]["ok"]):
        return 503, {"status": "not_ready", "checks": checks}
    degraded = not (checks["store"]["ok"] and checks["secret"]["ok"])
    return 200, {"status": "degraded" if degraded else "ready", "checks": checks}


@router.get("/ready", responses={503: {"description": "the index or the rules are not usable"}})
async def ready(request: Request):
    status, body = readiness(request.app)
    return JSONResponse(body, status_code=status)


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics(request: Request) -> Response:
    if request.app.state.writer is not None:
        request.app.state.writer.poll()  # failures the exchange writer process reported since
    body, content_type = metrics.render()
    return Response(body, media_type=content_type)


@router.post("/admin/reload", include_in_schema=False,  # an operator's endpoint, not part of the public API
             responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}})
async def admin_reload(request: Request, body: ReloadRequest | None = None,
                       authorization: str | None = Header(default=None)):
    token = request.app.state.settings.admin_token
    if not token:
        raise NotFound()
    if not authorization or not hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
        raise Unauthorized()
    return await reload_index(request.app, body.index_dir if body else None)
