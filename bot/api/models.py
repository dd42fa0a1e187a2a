"""Request/response models of the HTTP API (the chat reply itself is bot.schemas.ChatReply)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictStr

from bot.core.textsafe import clean_surrogates
from bot.schemas import ChatReply, PassageHit


# Strings from JSON may hold lone surrogates ("\\ud800"), which nothing downstream can encode: they
# become U+FFFD here, so such input is answered like any other text instead of failing.
Text = Annotated[StrictStr, AfterValidator(clean_surrogates)]


class ChatRequest(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    # minLength/pattern document what the pipeline enforces (400 empty_message)
    message: Text = Field(description="the resident's question, at most 500 characters (413 message_too_long)",
                          json_schema_extra={"minLength": 1, "pattern": r"\S"})
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

    request_id: Text = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: Text | None = Field(default=None, max_length=1000)
    idempotency_key: Text | None = Field(
        default=None, min_length=1, max_length=128,
        description="the same key sent again (after a timeout, say) returns the first rating instead of a second one;"
                    " may also come as the Idempotency-Key header")
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
class OAITextPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: Literal["text"]
    text: Text


class OAIOtherPart(BaseModel):
    """Image, audio, file or refusal parts: accepted as the spec allows, but not read."""

    model_config = ConfigDict(extra="allow")

    type: Literal["image_url", "input_audio", "file", "refusal"]


OAIContentPart = Annotated[OAITextPart | OAIOtherPart, Field(discriminator="type")]


class OAIMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: Text | list[OAIContentPart] | None = Field(
        default=None, description="a string or a list of content parts (null: no text)")

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        return "".join(p.text for p in self.content or () if isinstance(p, OAITextPart))


class OAIChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: StrictStr = "yibao"
    messages: list[OAIMessage] = Field(min_length=1)
    stream: StrictBool = False
