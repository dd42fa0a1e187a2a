"""POST /api/chat: the same reply as `yibao ask --json`, plus a request_id."""

from __future__ import annotations

import uuid

import orjson
from fastapi import APIRouter
from fastapi.responses import Response

from bot.api.deps import BotDep, StoreDep
from bot.api.models import ChatRequest, ChatResponse, ErrorResponse

router = APIRouter(tags=["chat"])

ERRORS = {400: {"model": ErrorResponse}, 413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


@router.post("/api/chat", response_model=ChatResponse, responses=ERRORS)
async def chat(body: ChatRequest, bot: BotDep, store: StoreDep) -> Response:
    # Answering takes about a millisecond of CPU: run it inline rather than hopping to a thread.
    reply = bot.ask(body.message, body.context).model_dump(mode="json")
    reply["request_id"] = uuid.uuid4().hex
    store.record_exchange(reply["request_id"], body.message, reply)
    return Response(orjson.dumps(reply), media_type="application/json")
