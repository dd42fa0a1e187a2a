"""GET /health: liveness, index loaded, index version."""

from __future__ import annotations

from fastapi import APIRouter

from bot.api.deps import BotDep
from bot.api.models import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(bot: BotDep) -> Health:
    return Health(status="ok", index_loaded=True, index_version=bot.index.version, passages=len(bot.index.passages))
