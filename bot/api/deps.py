"""Annotated dependencies: the one Bot, settings and feedback store held by the app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.core.config import Settings
from bot.store import Store
from bot.pipeline import Bot


def _bot(request: Request) -> Bot:
    return request.app.state.bot


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _store(request: Request) -> Store | None:
    return request.app.state.store


BotDep = Annotated[Bot, Depends(_bot)]
SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[Store | None, Depends(_store)]
