"""Request/response models of the HTTP API (the chat reply itself is bot.schemas.ChatReply)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.schemas import ChatReply, PassageHit


class ChatRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    message: str = Field(description="the resident's question, at most 500 characters")
    context: dict | None = Field(default=None, description="`context` from the previous reply, unchanged")
    passages: Literal["full", "ids", "none"] = Field(
        default="full",
        description="how much of the retrieved passages the reply carries: `full` (with text), `ids` "
                    "(passage_id and score only; fetch one with GET /api/passages/{id}) or `none` (empty list)",
    )


class PassageRef(BaseModel):
    """A retrieved passage named by id only (request option `passages: "ids"`)."""

    passage_id: str
    score: float


class ChatResponse(ChatReply):
    request_id: str
    passages: list[PassageHit | PassageRef] = Field(
        default_factory=list, description="top hits: full passages, or only ids and scores when asked for")


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
    url: str | None = Field(default=None, description="original page of the document (front matter `url`)")


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    request_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=1000)
    reason: Literal["wrong", "outdated", "not_my_city", "hard_to_read"] | None = Field(
        default=None, description="why a thumbs-down: wrong / outdated / not my city / hard to read")


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
