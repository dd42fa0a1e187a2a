"""Mask personal data in free text before it is stored or echoed back to the client.

Masked: 身份证号 (18 digits with a final digit or X, and the old 15-digit form), mobile numbers
(optionally +86, with spaces or dashes), landline numbers with an area code and 400/800 numbers,
医保卡 / 社保卡 / 参保 numbers and any number right after such a word or after 电话 / 身份证,
bank card numbers (13-19 digits, also in groups of four) and e-mail addresses.

Matching runs on a folded copy of the text in which every full-width or non-ASCII digit, letter and
separator is replaced by its one-character ASCII form, so "１３８…" and "abc＠qq．com" are found too;
the spans found there are replaced in the original text. Replacement tokens contain no digits, so
masking is idempotent. Bill amounts ("2万", "20000元"), years and the 12393 hotline are left alone.
"""

from __future__ import annotations

import re
import unicodedata

ID_CARD = "[身份证号]"
MOBILE = "[手机号]"
PHONE = "[电话号码]"
INSURANCE_CARD = "[医保卡号]"
BANK_CARD = "[银行卡号]"
EMAIL = "[邮箱]"
NUMBER = "[号码]"

_D = r"(?<!\d)"  # no digit right before
_E = r"(?!\d)"  # ... or right after
_SEP = r"[ \-]?"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
# Words after which any longer number is personal: the card / ID / phone it names.
_KEYWORD_NUMBER = re.compile(
    r"(?P<kw>(?:医保|社保|社会保障|医疗保障|医疗保险|参保|公积金)(?:卡|电子凭证)?(?:号码|编号|卡号|号|个人编号|账号)?"
    r"|个人编号|卡号|账号|(?:身份证|证件)(?:号码|号)?|(?:手机|电话|座机|联系方式|手机号|手机号码|电话号码|tel|Tel|TEL)"
    r")(?P<sep>[\s::是为=#]{0,4})(?P<num>[0-9A-Za-z]+(?:[ \-][0-9A-Za-z]{3,})*)"
)
_ID18 = re.compile(
    _D + r"[1-9]\d{5}[ \-]?(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[ \-]?\d{3}[\dXx]"
    + r"(?![0-9A-Za-z])"
)
_ID15 = re.compile(_D + r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _E)
_BANK = re.compile(_D + r"(?:\d{4}[ \-]){3}\d{4}(?:[ \-]?\d{1,3})?" + _E + r"|" + _D + r"\d{13,19}" + _E)
_LONG_NUMBER = re.compile(_D + r"\d{20,}")
_MOBILE = re.compile(_D + r"(?:(?:\+|00)?86[ \-]?)?1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}" + _E)
_LANDLINE = re.compile(
    _D + r"(?:\(0\d{2,3}\)|0\d{2,3})[ \-]?[2-9]\d{6,7}(?:[ \-]?转\d{1,5})?" + _E
    + r"|" + _D + r"[48]00[ \-]?\d{3}[ \-]?\d{4}" + _E
)
_INSURANCE_CARD_LETTER = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]\d{8,11}" + _E)  # e.g. 社保卡 "A12345678"

# (pattern, replacement, group holding the personal part) in order of precedence.
_RULES: tuple[tuple[re.Pattern, str, str | int], ...] = (
    (_EMAIL, EMAIL, 0),
    (_ID18, ID_CARD, 0),
    (_ID15, ID_CARD, 0),
    (_MOBILE, MOBILE, 0),
    (_BANK, BANK_CARD, 0),
    (_LONG_NUMBER, NUMBER, 0),
    (_LANDLINE, PHONE, 0),
    (_INSURANCE_CARD_LETTER, INSURANCE_CARD, 0),
)


def _fold_char(c: str) -> str:
    if c.isascii():
        return c
    if c.isdecimal():
        return str(unicodedata.decimal(c))
    n = unicodedata.normalize("NFKC", c)
    if len(n) == 1 and n.isascii():
        return n
    if c in "\u2010\u2011\u2012\u2013\u2014\u2212\u30fc":  # dashes people type between digit groups
        return "-"
    return c


# One-character ASCII look-alikes of the blocks people type in (Latin-1 to CJK symbols, full-width
# forms), as a str.translate table; digits of other scripts are folded by _OTHER_DIGIT below.
_FOLD = {cp: _fold_char(chr(cp)) for r in (range(0xA0, 0x3400), range(0xFE00, 0xFFF0))
         for cp in r if _fold_char(chr(cp)) != chr(cp)}
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a digit that is not 0-9 (one character class: a fast scan)
_TRIGGER = re.compile(r"\d(?:[ \-]?\d){3}|[@\uff20]")  # every rule needs 4 digits in a row, or an @


def _ranges(codes) -> str:
    """A regex character class body for the code points (runs written as ranges)."""
    out, codes = [], sorted(codes)
    start = prev = codes[0]
    for c in codes[1:] + [None]:
        if c is not None and c == prev + 1:
            prev = c
            continue
        out.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        if c is not None:
            start = prev = c
    return "".join(out)


# Runs of characters _FOLD changes: translating only those (Chinese text is mostly characters it leaves
# alone) gives the same string as translating the whole text, in a fraction of the lookups.
_FOLDABLE = re.compile("[" + _ranges(_FOLD) + "]+")


def _fold(text: str) -> str:
    """A copy of `text` of the same length with look-alike characters in their ASCII form."""
    folded = _FOLDABLE.sub(lambda m: m.group().translate(_FOLD), text)
    if not folded.isascii():
        folded = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), folded)
    return folded


def _keyword_label(keyword: str) -> str:
    if "身份证" in keyword or "证件" in keyword:
        return ID_CARD
    if any(w in keyword for w in ("手机", "电话", "座机", "联系方式")) or keyword.lower() == "tel":
        return PHONE
    if keyword in ("卡号", "账号"):
        return BANK_CARD
    return INSURANCE_CARD


# What a rule cannot match without: the longest run of digits it needs ("@" for e-mail), and the words
# a keyword number starts with. Rules whose need the text lacks are not run (a long answer with a few
# amounts in it is scanned by three rules instead of nine); what they would find is unchanged.
_DIGIT_RUN = re.compile(r"\d+")
_MIN_RUN = {_ID18: 6, _ID15: 15, _MOBILE: 4, _BANK: 4, _LONG_NUMBER: 20, _LANDLINE: 4, _INSURANCE_CARD_LETTER: 8}
_KEYWORD_STEMS = ("医保", "社保", "社会保障", "医疗保障", "医疗保险", "参保", "公积金", "个人编号", "卡号", "账号",
                  "身份证", "证件", "手机", "电话", "座机", "联系方式", "tel", "Tel", "TEL")


# A number rule's match reaches at most this far from a run of 4+ digits inside it (the longest, a bank card
# in groups with a tail, is 23 characters); the window around a run ends where no rule can go on matching.
_REACH = 26
_CONSUMABLE = re.compile(r"[\dA-Za-z \-()+转]*")  # every character a number rule can match


def _windows(folded: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merged [lo, hi) spans holding every match of a number rule. Scanning only these finds the same
    matches as scanning the whole text: a lookbehind still sees the text before lo, and hi falls on a
    character no rule can match, so nothing a match needs lies past it."""
    out: list[tuple[int, int]] = []
    for a, b in runs:
        lo = max(0, a - _REACH)
        hi = _CONSUMABLE.match(folded, min(len(folded), b + _REACH)).end()
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _keyword_matches(folded: str):
    """_KEYWORD_NUMBER.finditer(folded), trying the pattern only where one of its words starts."""
    starts = set()
    for stem in _KEYWORD_STEMS:
        i = folded.find(stem)
        while i >= 0:
            starts.add(i)
            i = folded.find(stem, i + 1)
    end = 0
    for i in sorted(starts):
        if i < end:
            continue
        m = _KEYWORD_NUMBER.match(folded, i)
        if m:
            yield m
            end = m.end()


def _spans(folded: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(folded)

    def claim(start: int, end: int, label: str) -> None:
        if start < end and not any(taken[start:end]):
            spans.append((start, end, label))
            for i in range(start, end):
                taken[i] = True

    runs = [m.span() for m in _DIGIT_RUN.finditer(folded)]
    longest = max((b - a for a, b in runs), default=0)
    windows = None
    for pattern, label, group in _RULES:
        if longest < _MIN_RUN.get(pattern, 0) or (pattern is _EMAIL and "@" not in folded):
            continue
        if pattern in _MIN_RUN:  # a number rule: only around the runs of 4+ digits its matches contain
            if windows is None:
                windows = _windows(folded, [(a, b) for a, b in runs if b - a >= 4])
            matches = (m for lo, hi in windows for m in pattern.finditer(folded, lo, hi))
        else:
            matches = pattern.finditer(folded)
        for m in matches:
            claim(m.start(group), m.end(group), label)
    for m in _keyword_matches(folded):
        num, start = m.group("num"), m.start("num")
        if sum(c.isdigit() for c in num) >= 4 and len(num.replace(" ", "").replace("-", "")) >= 6:
            claim(start, start + len(num), _keyword_label(m.group("kw")))
    return sorted(spans)


def mask_pii(text: str) -> str:
    """`text` with personal numbers and e-mail addresses replaced by placeholders like [手机号]."""
    if not text or not _TRIGGER.search(text):
        return text
    folded = _fold(text)
    out, last = [], 0
    for start, end, label in _spans(folded):
        if start < last:
            continue
        out.append(text[last:start])
        out.append(label)
        last = end
    out.append(text[last:])
    return "".join(out)
