"""Record what `Bot.ask` replies to every eval/dev.jsonl question (status, intent, first citation,
answer text) into tests/data/dev_answers.jsonl. Run it on the code whose answers are the reference:

    .venv/bin/python -m tests.regression.record_answers

The file in the repository was recorded from main at 50c2763, before the speed work was merged;
regenerate it whenever answers change on purpose (run it on main before merging a branch that should
not change answers, then run the test on the merge).
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "eval" / "dev.jsonl"
RECORDED = ROOT / "tests" / "data" / "dev_answers.jsonl"


def summary(reply: dict) -> dict:
    cites = reply.get("citations") or []
    return {"status": reply["status"], "intent": reply["intent"],
            "first_citation": cites[0]["passage_id"] if cites else None, "answer": reply["answer"]}


def answers(bot) -> list[dict]:
    from bot.evaluation.dataset import load_dataset

    out = []
    for case in load_dataset(DEV).cases:
        reply = bot.ask(case.question, case.context).model_dump(mode="json")
        out.append({"id": case.id, **summary(reply)})
    return out


def main() -> None:
    from bot.pipeline import Bot

    rows = answers(Bot.load())
    RECORDED.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"recorded {len(rows)} answers to {RECORDED}")


if __name__ == "__main__":
    main()
