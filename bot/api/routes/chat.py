"""POST /api/chat: the same reply as `yibao ask --json`, plus a request_id."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from bot.api.deps import BotDep, StoreDep
from bot.api.models import ChatRequest, ChatResponse, ErrorResponse

router = APIRouter(tags=["chat"])

ERRORS = {400: {"model": ErrorResponse}, 413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


@router.post("/api/chat", response_model=ChatResponse, responses=ERRORS)
def chat(body: ChatRequest, bot: BotDep, store: StoreDep) -> ChatResponse:
    reply = bot.ask(body.message, body.context)
    response = ChatResponse(**reply.model_dump(), request_id=uuid.uuid4().hex)
    store.record_exchange(response.request_id, body.message, reply.model_dump(mode="json"))
    return response
