"""FastAPI application factory: one Bot per process, routes split by concern."""

from __future__ import annotations

import gc
import inspect
import os
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from bot.api import errors
from bot.api.middleware import BodyLimit
from bot.api.models import ErrorResponse
from bot.api.observe import Observe
from bot.api.ratelimit import RateLimit
from bot.api.routes import chat, feedback, health, openai_compat, ops, passages, web
from bot.api.security import SecurityHeaders, docs_assets, docs_router
from bot.api.state import close_state, open_state, start_exchange_writer
from bot.api.supervision import watch_parent
from bot.core.config import Settings, get_settings
from bot.pipeline import Bot


# Answers any API route may give before it runs: a body that is not JSON, over the cap, rate limit,
# too many connections.
COMMON_ERRORS = {400: {"model": ErrorResponse, "description": "请求内容无法解析"},
                 413: {"model": ErrorResponse, "description": "请求内容过大"},
                 429: {"model": ErrorResponse, "description": "请求太频繁 (Retry-After)"},
                 503: {"model": ErrorResponse, "description": "服务繁忙"}}


def _no_telemetry() -> dict:
    """FastAPI >= 0.16x asks on every request whether OpenTelemetry providers are configured (env and
    provider look-ups, ~15 us); this app reports through Prometheus (/metrics) and configures none, so
    the hooks are switched off where the installed FastAPI has them."""
    if "telemetry" not in inspect.signature(FastAPI.__init__).parameters:
        return {}
    return {"telemetry": {"tracing": False, "metrics": False, "logs": False}}


def create_app(settings: Settings | None = None, bot: Bot | None = None, access_log: bool | None = None) -> FastAPI:
    settings = settings or get_settings()
    if access_log is None:
        access_log = os.environ.get("YIBAO_ACCESS_LOG") == "1"

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        watch_parent()  # first: a supervisor that dies while the bot loads counts too
        writer = start_exchange_writer(settings)  # its start overlaps the bot's
        app.state.bot = bot or Bot.load(settings)
        await open_state(app, settings, signals=bot is None, writer=writer)
        # Everything loaded so far lives as long as the process: keep the cyclic garbage collector from
        # re-scanning it (hundreds of thousands of objects) in the middle of requests.
        gc.collect()
        gc.freeze()
        # The rest of jieba's word table (only the shards the first texts needed are unpacked at start).
        threading.Thread(target=app.state.bot.tokenizer.fill_table, name="yibao-jieba-table", daemon=True).start()
        yield
        close_state(app)

    app = FastAPI(
        **_no_telemetry(),
        title="医保智能问答 API",
        version="1",
        description="Answers Chinese medical-insurance questions from cited articles.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
    )
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=str(settings.web_dir / "templates"))
    # Added innermost first: a request passes SecurityHeaders -> RateLimit -> BodyLimit -> CORS.
    if settings.cors_origins:  # none configured: no CORS headers, so browsers allow the same origin only
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type", "Authorization", "Idempotency-Key"],
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimit, per_minute=settings.rate_limit_per_minute, trusted_proxies=settings.trusted_proxies)
    app.add_middleware(SecurityHeaders, frame_ancestors=settings.frame_ancestors,
                       template_dir=settings.web_dir / "templates")
    app.add_middleware(Observe, access_log=access_log)  # outermost: every answer, 429s included, is counted
    errors.install(app)
    for module in (chat, passages, feedback, health, ops, openai_compat, web):
        app.include_router(module.router, responses=COMMON_ERRORS if module is not web else None)
    if settings.docs_enabled:
        app.include_router(docs_router())
        app.mount("/docs/assets", docs_assets(), name="docs-assets")
    app.mount("/static", StaticFiles(directory=str(settings.web_dir / "static")), name="static")
    return app
