"""GET /health: liveness, index loaded, index version. Never touches the database (see /ready)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from bot.api.models import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
async def health(request: Request) -> Health:
    bot = request.app.state.bot
    return Health(status="ok", index_loaded=True, index_version=bot.index.version, passages=len(bot.index.passages))
