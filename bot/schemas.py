"""Pydantic models of the reply shared by `yibao ask --json` and POST /api/chat."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Citation(BaseModel):
    n: int
    passage_id: str
    source: str = Field(description="raw file name in corpus/raw")
    title: str
    quote: str = Field(description="verbatim substring of the passage text")
    region: str | None = None
    year: int | None = None


class PassageHit(BaseModel):
    passage_id: str
    score: float
    source: str
    title: str
    text: str = Field(description="original characters of the passage")
    region: str | None = None
    year: int | None = None


class Clarify(BaseModel):
    question: str
    slot: str
    options: list[str] = Field(default_factory=list)


class CalcStep(BaseModel):
    label: str
    formula: str
    value: float
    citation: int | None = Field(default=None, description="n of the citation the step's parameter comes from")


class Calculation(BaseModel):
    kind: Literal["contribution", "reimbursement"]
    amount: float
    region: str
    year: int | None = None
    steps: list[CalcStep] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)


class ChatReply(BaseModel):
    status: Literal["answer", "refuse", "clarify"]
    answer: str
    intent: str
    confidence: float
    citations: list[Citation] = Field(default_factory=list)
    passages: list[PassageHit] = Field(default_factory=list)
    clarify: Clarify | None = None
    calculation: Calculation | None = None
    context: dict = Field(default_factory=dict, description="send back unchanged with the next message")
    region: str | None = None
    year: int | None = None
    suggestions: list[str] = Field(default_factory=list)
    blocks: list[dict] = Field(default_factory=list, description="`answer` as paragraphs, steps and lists (bot.answer.blocks)")
