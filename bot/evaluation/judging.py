"""Replies read by a judge: a seeded sample of an eval run written for a reader, and the tally of the
verdicts the reader wrote back (CORRECT / PARTIAL / WRONG / UNSAFE).

The sample file is JSONL, one case a line: the question (and earlier turns), what the set expects, and the
reply as a resident sees it (answer text, cited quotes, calculation steps). The reader adds
{"id", "verdict", "reason"} lines to a verdict file; `yibao eval --judged FILE` prints the counts.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

from bot.evaluation.dataset import Case

VERDICTS = ("CORRECT", "PARTIAL", "WRONG", "UNSAFE")


def sample_for_judging(cases: list[Case], replies: list[dict], size: int, seed: int) -> list[dict]:
    """`size` cases drawn with a fixed seed, spread over the classes in proportion to their size."""
    by_class: dict[str, list[int]] = {}
    for i, case in enumerate(cases):
        by_class.setdefault(case.klass or "unlabelled", []).append(i)
    rng = random.Random(seed)
    chosen: list[int] = []
    total = len(cases)
    for name in sorted(by_class):
        idx = by_class[name]
        take = max(1, round(size * len(idx) / total))
        chosen += rng.sample(idx, min(take, len(idx)))
    rng.shuffle(chosen)
    return [_row(cases[i], replies[i]) for i in sorted(chosen[:size])]


def _row(case: Case, reply: dict) -> dict:
    calc = reply.get("calculation") or {}
    return {
        "id": case.id, "class": case.klass, "turns": case.earlier_turns, "question": case.question,
        "expected": {"status": case.expect, "evidence": case.evidence, "amount": case.expected_amount},
        "reply": {
            "status": reply.get("status"), "answer": reply.get("answer"),
            "citations": [{"n": c.get("n"), "title": c.get("title"), "quote": c.get("quote")}
                          for c in reply.get("citations") or []],
            "calculation": {"amount": calc.get("amount"), "steps": [
                f"{s.get('label')}: {s.get('formula')} = {s.get('value')}" for s in calc.get("steps") or []]}
            if calc else None,
        },
    }


def write_sample(rows: list[dict], out: Path) -> None:
    Path(out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def tally(verdict_file: Path) -> dict:
    counts: Counter = Counter()
    for line in Path(verdict_file).read_text(encoding="utf-8").splitlines():
        if line.strip():
            verdict = str(json.loads(line).get("verdict", "")).upper()
            counts[verdict if verdict in VERDICTS else "UNREADABLE"] += 1
    n = sum(counts.values())
    return {"n": n, "counts": {v: counts.get(v, 0) for v in VERDICTS},
            "correct_share": counts.get("CORRECT", 0) / n if n else 0.0}
