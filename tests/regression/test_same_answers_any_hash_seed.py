"""Answers do not depend on Python's string-hash seed (set iteration order): the same questions asked in two
processes with different PYTHONHASHSEED values get byte-identical answers. A tie broken by set order once made
one held-out reply flip between runs."""

import json
import os
import subprocess
import sys

from bot.core.config import ROOT

_SCRIPT = """
import json, sys
from bot.pipeline import Bot
bot = Bot.load()
questions = json.loads(sys.stdin.read())
print(json.dumps([bot.ask(q).answer for q in questions], ensure_ascii=False))
"""


def _answers(questions: list[str], seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", _SCRIPT], input=json.dumps(questions), env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_answers_are_the_same_under_any_hash_seed():
    questions = []
    for name in ("dev.jsonl", "dev2.jsonl", "dev11.jsonl"):
        lines = (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()
        questions += [json.loads(line)["question"] for line in lines if line.strip()]
    questions.append("盐山县的低保对象参加居民医保自己掏钱不?年中途才来参保的多久以后能报?")
    assert _answers(questions, "1") == _answers(questions, "2")
