"""POST /api/chat: the same reply as `yibao ask --json` (it carries request_id and index_version)."""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.api.metrics import count_reply
from bot.api.models import ChatRequest, ChatResponse, ErrorResponse

router = APIRouter(tags=["chat"])

ERRORS = {400: {"model": ErrorResponse}, 413: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


def trim_passages(reply: dict, passages: str = "full") -> dict:
    """The reply with as much passage text as the client asked for (`full`, `ids` or `none`)."""
    if passages == "ids":
        return reply | {"passages": [{"passage_id": p["passage_id"], "score": p["score"]} for p in reply["passages"]]}
    if passages == "none":
        return reply | {"passages": []}
    return reply


@router.post("/api/chat", response_model=ChatResponse, responses=ERRORS)
async def chat(body: ChatRequest, request: Request) -> Response:
    # Answering takes about a millisecond of CPU: run it inline rather than hopping to a thread.
    # The Bot is read once, so a hot reload during this request does not change its version.
    state = request.app.state
    bot = state.bot
    reply = bot.ask(body.message, body.context, request_id=request.state.request_id).model_dump(mode="json")
    count_reply(reply)
    if state.writer is not None and state.settings.store_exchanges:
        state.writer.log_exchange(bot, body.message, reply)
    return Response(orjson.dumps(trim_passages(reply, body.passages)), media_type="application/json")
