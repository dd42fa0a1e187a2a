"""The evaluation JSONL format: one question per line.

{"id", "question", "intent"?, "expect"? ("answer"|"refuse"|"clarify"), "evidence"? [verbatim spans],
 "expected_amount"? (元), "context"?, "turns"? [user messages in order, the last one == question],
 "class"? (a label the report breaks figures down by)}. A case with `turns` is a dialogue: every earlier
turn is asked with the context the previous reply returned, and only the last reply is scored.
Unknown fields are ignored; malformed lines are reported with their line number and skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("answer", "refuse", "clarify")


@dataclass
class Case:
    id: str
    question: str
    intent: str | None = None
    expect: str | None = None
    evidence: list[str] = field(default_factory=list)
    expected_amount: float | None = None
    context: dict | None = None
    turns: list[str] = field(default_factory=list)
    klass: str | None = None
    line: int = 0

    @property
    def earlier_turns(self) -> list[str]:
        """The user messages asked before `question` in a dialogue case."""
        if len(self.turns) < 2:
            return []
        return self.turns[:-1] if self.turns[-1] == self.question else self.turns


@dataclass
class Dataset:
    cases: list[Case]
    problems: list[str]


def load_dataset(path: Path) -> Dataset:
    cases, problems = [], []
    seen: set[str] = set()
    with Path(path).open(encoding="utf-8", errors="replace") as f:
        for n, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                problems.append(f"line {n}: not valid JSON ({exc.msg})")
                continue
            problem = _problem(obj)
            if problem:
                problems.append(f"line {n}: {problem}")
                continue
            cid = str(obj.get("id") or f"line-{n}")
            if cid in seen:
                problems.append(f"line {n}: duplicate id {cid!r} (kept the first)")
                continue
            seen.add(cid)
            amount = obj.get("expected_amount")
            cases.append(Case(
                id=cid, question=obj["question"], intent=obj.get("intent"), expect=obj.get("expect"),
                evidence=[e for e in obj.get("evidence") or [] if isinstance(e, str) and e.strip()],
                expected_amount=float(amount) if amount is not None else None,
                context=obj.get("context") if isinstance(obj.get("context"), dict) else None,
                turns=list(obj.get("turns") or []), klass=obj.get("class"), line=n,
            ))
    return Dataset(cases, problems)


def _problem(obj) -> str | None:
    if not isinstance(obj, dict):
        return "a line must be a JSON object"
    if not isinstance(obj.get("question"), str) or not obj["question"].strip():
        return "missing `question`"
    if obj.get("expect") is not None and obj["expect"] not in STATUSES:
        return f"`expect` must be one of {STATUSES}"
    if obj.get("evidence") is not None and not isinstance(obj["evidence"], list):
        return "`evidence` must be a list of strings"
    turns = obj.get("turns")
    if turns is not None and (not isinstance(turns, list) or not all(isinstance(t, str) and t.strip() for t in turns)):
        return "`turns` must be a list of non-empty strings"
    amount = obj.get("expected_amount")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, (int, float))):
        return "`expected_amount` must be a number"
    return None
