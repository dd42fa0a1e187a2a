"""The steps of the channel a "how" question names ("在手机上咋弄", "去窗口办要带啥", "在广东政务服务网上怎么办").

Pages list a procedure per channel under short heading lines ("线上办理方式" > "使用广东政务服务网" > "1. …").
The overview sentence naming every channel outscores each section on words, yet does not say how; a
question that names a channel is answered from the heading of that channel's section and its steps.
"""

from __future__ import annotations

import re

from bot.answer.extract import Sentence, split_sentences
from bot.answer.procedures import other_procedure

# A channel a resident names, and the words a section heading uses for it.
CHANNELS = {
    "手机": ("线上", "小程序", "微信", "app", "APP", "网上"),
    "网上": ("线上", "网上", "政务服务网", "网站"),
    "电脑": ("政务服务网", "网站", "网上"),
    "网站": ("政务服务网", "网站"),
    "线上": ("线上",),
    "小程序": ("小程序",),
    "微信": ("微信",),
    "支付宝": ("支付宝",),
    "公众号": ("公众号",),
    "政务服务网": ("政务服务网",),
    "窗口": ("线下", "窗口"),
    "线下": ("线下",),
    "现场": ("线下", "现场"),
    "柜台": ("线下", "柜台"),
    "当面": ("线下", "窗口"),
}
# "不会用手机" says the asker cannot; "能不能在电脑上办" / "会不会用" / "用不用" only ask
_NEGATED = re.compile(r"(不想|(?<!用)不用|(?<!会)不会|不太会|不大用|不常用|很少用|不懂|不方便|没有|(?<!能)不能|不擅长|用不来|玩不转)"
                      r"[^,。,;??]{0,4}$")
# "手机一点不会用", "手机玩不转": the negation after the channel
_NEGATED_AFTER = re.compile(r"^[^,。,;??]{0,4}?(不会|不太会|用不来|玩不转|不懂|不方便|用不好|弄不来|搞不懂)")
_HEADING = re.compile(r"^[^。!?;!?;,,]{2,24}[::]?$")
_LISTED_HEADING = re.compile(r"^\s*\d{1,2}\s*[.、.][^。!?;,,]{2,14}[::]$")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}\s*[.、.](?!\d)|[((]\d{1,2}[))])")
SECTION_CHARS = 320
NAME_WEIGHT = 10.0  # per channel the resident named that a heading serves
_GENERIC = {"办理", "方式", "流程", "手续", "步骤", "渠道", "途径"}  # every section heading says these
_ASKS_HOW = re.compile(r"怎么|怎样|如何|咋|流程|步骤|一步步|哪里|在哪|去哪|带什么|带啥|要带|证件|材料|操作|点哪|哪个网|什么网|啥网|网址")


def asked_channels(norm: str) -> set[str]:
    """Heading words for the channels the question names, unless it says the asker cannot use them
    ("不会用手机": none, the asker needs the other way)."""
    words: set[str] = set()
    phone_refused = False
    for name, heading_words in CHANNELS.items():
        for m in re.finditer(re.escape(name), norm):
            if _NEGATED.search(norm[max(0, m.start() - 8):m.start()]) or _NEGATED_AFTER.search(norm[m.end():]):
                phone_refused |= name == "手机"
                continue  # "不想用小程序,…在广东政务服务网上办": the other channel
            words.update(heading_words)
    if phone_refused and not words:
        return set()  # "不会用手机": the text's own advice for such askers answers
    return words


def channel_section(bot, hits, norm: str, tokens: list[str], latest: str | None = None) -> list[Sentence]:
    """The heading of the named channel's section in the best passage's document, with the lines under
    it, continued into the next passage when the section goes on there; [] when no heading names it."""
    # a follow-up's own channel wins over the thread's ("…在手机上咋弄" then "那我不想在网上弄,线下去哪儿办")
    latest = norm if latest is None else latest
    own = asked_channels(latest) if _ASKS_HOW.search(latest) else set()
    channels = own or (asked_channels(norm) if _ASKS_HOW.search(norm) else set())
    if not channels or not hits:
        return []
    doc = bot.retriever.doc_passages(hits[0].doc_id)
    best, best_score = None, 0.0
    for i, hit in enumerate(doc):
        for start, line in _headings(hit.text):
            if not any(c in line for c in channels) or other_procedure(norm, line):
                continue
            named = {t for t in tokens if len(t) > 1 and t not in _GENERIC and t in line}
            named |= {c for c in channels if c in line}
            # the heading serving more of the named channels wins; the words' weights break ties
            score = NAME_WEIGHT * _names_matched(norm, line, channels) \
                + sum(bot.index.bm25.term_weight(t) or 1.0 for t in named)
            if score > best_score:
                best, best_score = (i, start, line), score
    if best is None:
        return []
    i, start, line = best
    end, done = _section_end(doc[i].text, start + len(line), channels, SECTION_CHARS)
    out = [Sentence(doc[i], 0, start, end, best_score)]
    used = end - start
    while not done and i + 1 < len(doc) and used < SECTION_CHARS:
        i += 1  # step 3 is in the next passage
        end, done = _section_end(doc[i].text, 0, channels, SECTION_CHARS - used)
        if end <= 0:
            break
        out.append(Sentence(doc[i], 0, 0, end, best_score))
        used += end
    return out


def _names_matched(norm: str, line: str, channels: set[str]) -> int:
    """How many of the channels the resident named this heading serves ("用电脑在网上办": 电脑 and 网上
    both lead to "使用广东政务服务网", only 网上 to "线上办理方式")."""
    return sum(1 for name, words in CHANNELS.items()
               if name in norm and any(w in line for w in words if w in channels)) or 1


def _headings(text: str) -> list[tuple[int, str]]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip(" \t\u3000•·-*")
        # a numbered line is a step, unless it is a short one ending in a colon ("1.线上缴费方式:")
        if _HEADING.match(line) and (not _NUMBERED.match(line) or _LISTED_HEADING.match(line)):
            out.append((m.start() + m.group().index(line), line))
    return out


def _section_end(text: str, after: int, channels: set[str], budget: int) -> tuple[int, bool]:
    """Where the section under a heading ends in this passage, and whether it ended here: the lines under
    it, within `budget` characters, up to a heading of another channel or of another part of the page
    ("选点后的注意事项"). A heading right after the one that opens the section is its sub-heading."""
    end = after
    heads = dict(_headings(text))
    for a, b in split_sentences(text):
        if a < after:
            continue
        line = heads.get(a)
        if line is not None and (end > after or after == 0) and not any(c in line for c in channels):
            return end, True  # the next section begins
        if b - after > budget:
            return end, True
        end = b
    return end, False
