"""No question and no dialogue ends in an exception: the eval splits' questions cut, spliced and chained
into dialogues at random (fixed seed) all get a reply with a status. Found a crash once: a money question
about a place without rules whose text states no amount, with a second part the text does not answer."""

import glob
import json
import random

import pytest

from bot.core.config import ROOT


def _questions() -> list[str]:
    out = []
    for path in sorted(glob.glob(str(ROOT / "eval" / "*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            if line.strip():
                case = json.loads(line)
                out += [case["question"], *(case.get("turns") or [])]
    return out


def test_the_crash_found_by_recombining(bot):
    reply = bot.ask("长沙有啥好吃的员,2025年居民医保一家要交多少?")
    assert reply.status in ("answer", "clarify", "refuse")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recombined_dialogues_always_get_a_reply(bot, seed):
    rng = random.Random(seed)
    questions = _questions()
    for _ in range(150):
        a, b = rng.choice(questions), rng.choice(questions)
        dialogue = rng.choice([
            [a[: rng.randint(1, len(a))]],
            [a, b],
            [a, b[: rng.randint(1, 12)], b[-rng.randint(1, 10):]],
            [a[: len(a) // 2] + b[len(b) // 2:]],
        ])
        context = None
        for message in dialogue:
            if message.strip():
                reply = bot.ask(message, context)
                assert reply.status in ("answer", "clarify", "refuse")
                context = reply.context
