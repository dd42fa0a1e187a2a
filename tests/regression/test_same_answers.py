"""The speed work must not change what the bot answers: every dev question keeps the status and the
first citation recorded from main before it (tests/data/dev_answers.jsonl, see record_answers.py)."""

import json

from tests.regression.record_answers import RECORDED, answers


def test_dev_answers_unchanged(bot):
    before = {r["id"]: r for r in map(json.loads, RECORDED.read_text(encoding="utf-8").splitlines())}
    now = answers(bot)
    assert len(now) == len(before)
    changed = [(r["id"], (before[r["id"]]["status"], before[r["id"]]["first_citation"]),
                (r["status"], r["first_citation"]))
               for r in now if (r["status"], r["first_citation"])
               != (before[r["id"]]["status"], before[r["id"]]["first_citation"])]
    assert not changed, f"{len(changed)} answers changed: {changed[:10]}"
