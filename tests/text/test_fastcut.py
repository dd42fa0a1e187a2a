"""bot.text.fastcut must segment exactly as jieba does, on the project's own dictionary: the index is
built and every question is read with it."""

from __future__ import annotations

import random

import pytest

from bot.core.config import ROOT
from bot.text.fastcut import FastCut
from bot.text.normalize import normalize

ALPHABET = ("医保报销门诊住院缴费档次平阳县潍坊市一二三四五六七八九十百千万元块咋整嘞俺醫療保險"
            "abcXYZ0123456789.%-+#&_ ,。!?:;“”()\n\t\r𠀀é")


@pytest.fixture(scope="module")
def jieba_and_fast(tokenizer):
    seg = tokenizer._segmenter()
    return seg, FastCut(seg)


def _corpus_and_questions() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpus" / "raw").iterdir()):
        texts += path.read_text(encoding="utf-8", errors="replace").splitlines()
    for path in sorted((ROOT / "eval").glob("*.jsonl")) + sorted((ROOT / "intents").glob("*.yml")):
        texts += path.read_text(encoding="utf-8").splitlines()
    return texts + [normalize(t) for t in texts]


def test_same_words_as_jieba_on_the_corpus_and_the_questions(jieba_and_fast):
    seg, fast = jieba_and_fast
    texts = _corpus_and_questions()
    assert len(texts) > 5000
    differ = [t for t in texts if seg.lcut(t) != fast.lcut(t)]
    assert not differ, differ[:3]


def test_same_words_as_jieba_on_random_text(jieba_and_fast):
    seg, fast = jieba_and_fast
    rng = random.Random(7)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    differ = [t for t in texts if seg.lcut(t) != fast.lcut(t)]
    assert not differ, differ[:3]


def test_unknown_runs_tagged_as_jieba_hmm_tags_them(jieba_and_fast):
    import jieba.finalseg

    _, fast = jieba_and_fast
    rng = random.Random(11)
    han = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 3000)) + "ab1 "
    for _ in range(5000):
        text = "".join(rng.choice(han) for _ in range(rng.randint(1, 12)))
        out: list[str] = []
        fast._hmm.cut(text, out)
        assert out == list(jieba.finalseg.cut(text)), text
