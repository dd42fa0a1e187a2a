"""Chinese and Arabic numerals in residents' phrasing: 2万, 两万块, 1.5万元, 20000元, 三千八, 二万五."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUM = "零〇一幺二两俩三四五六七八九十百千万"
_CN_RUN = re.compile(f"[{CN_NUM}]+")
_ARABIC = re.compile(r"(\d+(?:\.\d+)?)\s*([万千百wWkK]?)")
# "2万5", "1万2千", "2万500", "3千5": Arabic digits around 万/千 in one amount.
_COMPOUND = re.compile(r"(\d+)\s*([万千])零?(\d{1,4})([千百]?)(?![\d.月日号年天次个口人岁%％级档倍])")


def parse_chinese(text: str) -> int | None:
    """三千八 -> 3800, 二万五 -> 25000, 一万二千 -> 12000, 十二万 -> 120000, 一百五 -> 150, 三 -> 3."""
    if not text or any(c not in DIGITS and c not in UNITS for c in text):
        return None
    total, section, number = 0, 0, None
    last_unit = None
    for c in text:
        if c in DIGITS:
            number = DIGITS[c] if number is None else number * 10 + DIGITS[c]
        else:
            unit = UNITS[c]
            if unit == 10000:
                section = (section + (number or 0)) * 10000 if (section or number) else 10000
                total += section
                section, number = 0, None
            else:
                section += (number if number is not None else 1) * unit
                number = None
            last_unit = unit
    if number is not None:
        # colloquial "三千八" / "二万五": a trailing digit counts in the next lower unit
        if last_unit and last_unit >= 100 and number < 10:
            number *= last_unit // 10
        section += number
    return total + section


def parse_arabic(number: str, unit: str) -> Decimal | None:
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None
    scale = {"万": 10000, "w": 10000, "W": 10000, "千": 1000, "k": 1000, "K": 1000, "百": 100, "": 1}[unit]
    return value * scale


@dataclass(frozen=True)
class NumberMention:
    value: Decimal
    start: int
    end: int
    text: str


def _compound(m: re.Match) -> Decimal:
    """"2万5" -> 25000 (a lone digit after 万 counts in 千), "2万5千" -> 25000, "2万500" -> 20500,
    "3千5" -> 3500, "1万2百" -> 10200."""
    big = 10000 if m.group(2) == "万" else 1000
    head, tail, unit = int(m.group(1)), m.group(3), m.group(4)
    if unit:
        rest = int(tail) * (1000 if unit == "千" else 100)
    elif len(tail) == 1:
        rest = int(tail) * (big // 10)
    else:
        rest = int(tail)
    return Decimal(head * big + rest)


def find_numbers(text: str) -> list[NumberMention]:
    """All numbers in a (normalised) text with their spans, Arabic and Chinese (a fresh list; the
    slots ask for the numbers of the same question four times, so the scan is kept per text)."""
    return list(_numbers_of(text))


@lru_cache(maxsize=256)
def _numbers_of(text: str) -> tuple[NumberMention, ...]:
    return tuple(_scan_numbers(text))


def _scan_numbers(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in _COMPOUND.finditer(text):
        out.append(NumberMention(_compound(m), m.start(), m.end(), m.group(0)))
    compound = [(n.start, n.end) for n in out]
    for m in _ARABIC.finditer(text):
        if any(a <= m.start() < b for a, b in compound):
            continue
        value = parse_arabic(m.group(1), m.group(2))
        if value is not None:
            out.append(NumberMention(value, m.start(), m.end(), m.group(0)))
    taken = [(n.start, n.end) for n in out]
    for m in _CN_RUN.finditer(text):
        run = m.group(0)
        if not any(c in DIGITS for c in run) and not run.startswith("十"):
            continue  # a bare unit such as the 万 of "1.5万"
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        value = parse_chinese(run)
        if value is not None:
            out.append(NumberMention(Decimal(value), m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda n: n.start)
