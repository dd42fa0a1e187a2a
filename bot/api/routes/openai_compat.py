"""OpenAI Chat Completions compatible endpoints, so existing chat front-ends can use the bot.

The last user message is the question; earlier user messages become the (unsigned) history context.
Citations are appended to the text. `stream: true` answers with server-sent events. A request the
schema accepts is always answered: without a usable question (no user text, too long, invalid
characters) the assistant's reply is the bot's polite Chinese explanation, as a chat front-end shows
replies and not error bodies; `yibao.error` then holds the code. Schema errors are 400.
"""

from __future__ import annotations

import json
import time
import uuid

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from bot.api.deps import BotDep
from bot.api.models import ErrorResponse, OAIChatRequest
from bot.core.errors import BotError, EmptyMessage
from bot.render import chat_text

router = APIRouter(tags=["openai"])
MODEL_ID = "yibao"


@router.get("/v1/models")
def models():
    return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "yibao"}]}


COMPLETION_RESPONSES = {
    200: {"description": "a chat.completion object, or chat.completion.chunk events when `stream` is true",
          "content": {"application/json": {}, "text/event-stream": {"schema": {
              "type": "object", "required": ["data"], "properties": {"data": {"type": "string"}}}}}},
    400: {"model": ErrorResponse},
}


@router.post("/v1/chat/completions", responses=COMPLETION_RESPONSES)
def completions(body: OAIChatRequest, bot: BotDep):
    users = [m.text() for m in body.messages if m.role == "user"]
    users = [u for u in users if u.strip()]
    question = users[-1] if users else ""
    try:
        if not users:
            raise EmptyMessage()
        reply = bot.ask(question, {"history": users[:-1]} if len(users) > 1 else None)
        text = chat_text(reply)
        extra = {"status": reply.status, "intent": reply.intent,
                 "citations": [c.model_dump() for c in reply.citations]}
    except BotError as err:
        text = err.message
        extra = {"status": "refuse", "intent": None, "citations": [], "error": {"code": err.code, "message": text}}
    cid, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if not body.stream:
        return {
            "id": cid, "object": "chat.completion", "created": created, "model": MODEL_ID,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": len(question), "completion_tokens": len(text),
                      "total_tokens": len(question) + len(text)},
            "yibao": extra,
        }
    return StreamingResponse(_stream(cid, created, text), media_type="text/event-stream")


def _stream(cid: str, created: int, text: str):
    def chunk(delta: dict, finish: str | None = None) -> str:
        payload = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": MODEL_ID,
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for i in range(0, len(text), 24):
        yield chunk({"content": text[i : i + 24]})
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"
