"""Request/response models of the HTTP API (the chat reply itself is bot.schemas.ChatReply)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.schemas import ChatReply


class ChatRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    message: str = Field(description="the resident's question, at most 500 characters")
    context: dict | None = Field(default=None, description="`context` from the previous reply, unchanged")


class ChatResponse(ChatReply):
    request_id: str


class ErrorBody(BaseModel):
    code: str = Field(description="machine-readable error code")
    message: str = Field(description="polite explanation in Chinese")
    detail: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class PassageDetail(BaseModel):
    passage_id: str
    source: str
    title: str
    region: str | None
    year: int | None
    text: str
    start: int
    end: int
    previous: str | None = Field(description="id of the passage before it in the same document")
    next: str | None = Field(description="id of the passage after it in the same document")
    neighbours: list[dict] = Field(default_factory=list)


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    request_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=1000)
    reason: Literal["wrong", "outdated", "not_my_city", "hard_to_read"] | None = None
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=128,
                                        description="a retry with the same key stores one row")


class FeedbackResponse(BaseModel):
    ok: bool
    feedback_id: int


class Health(BaseModel):
    status: Literal["ok"]
    index_loaded: bool
    index_version: str
    passages: int


# -- OpenAI-compatible ---------------------------------------------------------------------------
class OAIMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list | None = None


class OAIChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str = "yibao"
    messages: list[OAIMessage] = Field(min_length=1)
    stream: bool = False
