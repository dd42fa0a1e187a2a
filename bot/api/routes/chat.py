"""POST /api/chat: the same reply as `yibao ask --json`, plus a request_id."""

from __future__ import annotations

import uuid

import orjson
from fastapi import APIRouter
from fastapi.responses import Response

from bot.api.deps import BotDep, StoreDep
from bot.api.models import ChatRequest, ChatResponse, ErrorResponse
from bot.schemas import ChatReply

router = APIRouter(tags=["chat"])

ERRORS = {400: {"model": ErrorResponse}, 413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


def reply_json(reply: ChatReply, request_id: str, passages: str = "full") -> bytes:
    """The reply as JSON bytes, serialised once (one model_dump, one orjson pass)."""
    data = reply.model_dump(mode="json")
    if passages == "ids":
        data["passages"] = [{"passage_id": p["passage_id"], "score": p["score"]} for p in data["passages"]]
    elif passages == "none":
        data["passages"] = []
    data["request_id"] = request_id
    return orjson.dumps(data)


@router.post("/api/chat", response_model=ChatResponse, responses=ERRORS)
async def chat(body: ChatRequest, bot: BotDep, store: StoreDep) -> Response:
    # Answering takes well under a millisecond of CPU: run it inline rather than hopping to a thread.
    request_id = uuid.uuid4().hex
    payload = reply_json(bot.ask(body.message, body.context), request_id, body.passages)
    store.record_exchange(request_id, body.message, payload)
    return Response(payload, media_type="application/json")
