"""The shape of a question: what unit it is counted in ("多少年" -> 年), the clause that asks within a dated
story, and the separate questions inside one message ("多少钱?没用完能留到明年吗?")."""

from __future__ import annotations

import re


_ASKED_UNIT = re.compile(r"(?:多少|几)(个)?(年|次|天|日|月|岁|元|块|钱|成|倍|人|家|种|项)")
_NUMERAL = r"[\d一二两三四五六七八九十百千万]+(?:\.\d+)?\s*"
_UNIT_FORMS = {"块": "元", "钱": "元", "成": "%", "日": "[日天]", "天": "[日天]", "月": "个?月"}


def answer_unit(query_norm: str) -> re.Pattern | None:
    """What the answer is counted in ("多少年" -> a number of 年): a pattern for sentences stating it."""
    m = _ASKED_UNIT.search(query_norm)
    if not m:
        return None
    unit = _UNIT_FORMS.get(m.group(2), m.group(2))
    return re.compile(_NUMERAL + unit)


_PART_CUE = re.compile(r"[^,,。]{2}不$|多少|几|吗|呢|什么|啥|怎么|咋|哪|还是|能不能|是不是|有没有|可不可以|要不要|多久|多长时间|还用|还要|能否|是否")


_STORY_SPLIT = re.compile(r"[,,。;;!!]")


def asked_clause(norm: str) -> str:
    """The clause that asks ("我今年10月份在秦皇岛交了居民医保,从啥时候开始能用?" -> "从啥时候开始能用"),
    or the whole text when no single clause carries the question."""
    clauses = [c for c in _STORY_SPLIT.split(norm) if c.strip()]
    asking = [c for c in clauses if _PART_CUE.search(c)]
    if not asking or len(clauses) < 2:
        return ""
    story = "".join(c for c in clauses if c is not asking[-1])
    # only a dated story ("我今年10月份…交了") gives way to the question; a condition ("办了长期异地居住")
    # is part of what is asked
    return asking[-1] if _DATED_STORY.search(story) else ""


_DATED_STORY = re.compile(r"今年|去年|前年|上个月|这个月|\d+\s*月|[一二三四五六七八九十]+月|月份|年前")


def question_parts(norm: str) -> list[str]:
    """The questions inside one message: "多少钱?没用完能留到明年吗?" -> two parts. A part must ask
    something and be long enough to stand alone; otherwise the message is one question."""
    pieces = [p.strip() for p in re.split(r"[??]", norm) if p.strip()]
    if len(pieces) == 1:
        pieces = [p.strip() for p in re.split(r"[,,、;;]", norm) if p.strip()]
    asks = [p for p in pieces if _PART_CUE.search(p) and len(p) >= 4]
    if len(asks) < 2:
        return [norm]
    # the context before the first question (place, the asker's story) belongs to every part
    lead = "".join(p for p in pieces[: pieces.index(asks[0])])
    return [lead + "," + a if lead else a for a in asks][:3]
