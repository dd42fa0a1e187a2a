"""mask_pii skips the rules a text cannot match (too short a digit run, no "@", no keyword): the spans
must be exactly those of running every rule everywhere."""

from __future__ import annotations

import random

from bot.core import pii
from bot.core.config import ROOT


def _reference_spans(folded: str) -> list[tuple[int, int, str]]:
    spans, taken = [], [False] * len(folded)

    def claim(start, end, label):
        if start < end and not any(taken[start:end]):
            spans.append((start, end, label))
            for i in range(start, end):
                taken[i] = True

    for pattern, label, group in pii._RULES:
        for m in pattern.finditer(folded):
            claim(m.start(group), m.end(group), label)
    for m in pii._KEYWORD_NUMBER.finditer(folded):
        num, start = m.group("num"), m.start("num")
        if sum(c.isdigit() for c in num) >= 4 and len(num.replace(" ", "").replace("-", "")) >= 6:
            claim(start, start + len(num), pii._keyword_label(m.group("kw")))
    return sorted(spans)


PIECES = ["1", "2", "3", "8", "0", "9", "12", "138", "1234", "5678", "4008", "800", "010", "(021)", "86", "+86",
          " ", "-", "X", "x", "A", "a", "@", "qq", ".com", "转", "医保卡号", "社保", "身份证号:", "电话", "手机号码是",
          "Tel", "卡号", "账号", "公积金", "证件号", "元", "万", "住院", "报销", "，", "。", "１", "３", "＠", "一"]


def _digits(rng, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _personal(rng) -> str:
    """One personal number in one of the forms the rules mask, with random separators."""
    sep = lambda: rng.choice(["", " ", "-"])  # noqa: E731
    forms = [
        lambda: "1" + rng.choice("3456789") + _digits(rng, 1) + sep() + _digits(rng, 4) + sep() + _digits(rng, 4),
        lambda: rng.choice(["", "+86", "0086"]) + sep() + "13" + _digits(rng, 9),
        lambda: "0" + _digits(rng, rng.choice([2, 3])) + sep() + rng.choice("23456789") + _digits(rng, rng.choice([6, 7])),
        lambda: "(0" + _digits(rng, 2) + ")" + rng.choice("2345") + _digits(rng, 6) + "转" + _digits(rng, 3),
        lambda: rng.choice("48") + "00" + sep() + _digits(rng, 3) + sep() + _digits(rng, 4),
        lambda: sep().join(_digits(rng, 4) for _ in range(4)),
        lambda: "6" + _digits(rng, rng.randint(12, 18)),
        lambda: "3" + _digits(rng, 5) + sep() + rng.choice(["19", "20"]) + _digits(rng, 2) + "0" + rng.choice("19")
        + "1" + rng.choice("09") + sep() + _digits(rng, 3) + rng.choice("0X"),
        lambda: "1" + _digits(rng, 7) + "0" + rng.choice("19") + "2" + rng.choice("09") + _digits(rng, 3),
        lambda: _digits(rng, rng.randint(20, 24)),
        lambda: rng.choice("AZa") + _digits(rng, rng.randint(8, 11)),
        lambda: rng.choice(["ab.c", "x_y", "u1"]) + rng.choice(["@", "＠"]) + "qq" + rng.choice([".com", "．com"]),
        lambda: rng.choice(["医保卡号", "社保", "身份证号", "电话", "TEL", "Tel:", "账号", "公积金号"]) + rng.choice(["", ":", "是", " "])
        + " ".join([_digits(rng, rng.randint(1, 3))] + [_digits(rng, rng.randint(3, 4)) for _ in range(rng.randint(0, 3))]),
    ]
    return rng.choice(forms)()


def test_spans_equal_running_every_rule():
    rng = random.Random(5)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(6000)]
    texts += ["".join(rng.choice([_personal(rng), rng.choice(PIECES)]) for _ in range(rng.randint(1, 6)))
              for _ in range(6000)]
    filler = ["住院费用", "2021年", "12月31日", "起付线800元", "报销70%", "。", ",", " ", "-", "(", ")", "转", "X",
              "电话", "：", "１２", "0536", "400"]
    texts += ["".join(rng.choice([_personal(rng)] + filler * 3) for _ in range(rng.randint(10, 60)))
              for _ in range(3000)]
    for path in sorted((ROOT / "corpus" / "raw").iterdir()):
        texts += path.read_text(encoding="utf-8", errors="replace").splitlines()
    for text in texts:
        folded = pii._fold(text)
        assert pii._spans(folded) == _reference_spans(folded), text


def test_fold_equals_translating_every_character():
    import re
    import unicodedata

    def reference(text: str) -> str:
        folded = text.translate(pii._FOLD)
        if not folded.isascii():
            folded = re.sub(r"[^\x00-\x7f](?<=\d)", lambda m: str(unicodedata.decimal(m.group())), folded)
        return folded

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert pii._fold(every) == reference(every)
    rng = random.Random(2)
    sample = [chr(c) for c in range(0x3500)] + ["医", "保", "𝟙", "٣", "１", "＠"]
    for _ in range(2000):
        text = "".join(rng.choice(sample) for _ in range(rng.randint(0, 40)))
        assert pii._fold(text) == reference(text), text
