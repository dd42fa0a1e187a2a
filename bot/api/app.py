"""FastAPI application factory: one Bot per process, routes split by concern."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from bot.api import errors
from bot.api.middleware import BodyLimit
from bot.api.routes import chat, feedback, health, openai_compat, passages, web
from bot.core.config import Settings, get_settings
from bot.feedback.store import FeedbackStore
from bot.pipeline import Bot


def create_app(settings: Settings | None = None, bot: Bot | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.bot = bot or Bot.load(settings)
        app.state.feedback = FeedbackStore(settings.feedback_db)
        # Everything loaded so far lives as long as the process: keep the cyclic garbage collector from
        # re-scanning it (hundreds of thousands of objects) in the middle of requests.
        gc.collect()
        gc.freeze()
        yield

    app = FastAPI(
        title="医保智能问答 API",
        version="1",
        description="Answers Chinese medical-insurance questions from cited articles.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=str(settings.web_dir / "templates"))
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Authorization"],
    )
    errors.install(app)
    for module in (chat, passages, feedback, health, openai_compat, web):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(settings.web_dir / "static")), name="static")
    return app
