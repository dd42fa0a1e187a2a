"""Annotated dependencies: the one Bot, settings and feedback store held by the app.

The providers are `async def`: FastAPI runs a plain `def` dependency in the thread pool, which cost
two thread hops per chat request; these only read app.state, so they run inline on the event loop.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.core.config import Settings
from bot.store import Store
from bot.pipeline import Bot


async def _bot(request: Request) -> Bot:
    return request.app.state.bot


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _store(request: Request) -> Store | None:
    return request.app.state.store


BotDep = Annotated[Bot, Depends(_bot)]
SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[Store | None, Depends(_store)]
