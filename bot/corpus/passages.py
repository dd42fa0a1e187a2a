"""Documents -> passages at sentence boundaries, with stable ids and raw offsets; de-duplication."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.corpus.models import Document, Passage
from bot.text.normalize import normalize, squash_ws

MIN_CHARS = 80
MIN_PASSAGE = 15  # shorter fragments (a stray heading) carry no answer
TARGET_CHARS = 220
MAX_CHARS = 400
_SOFT_BREAK = re.compile(r"[,,、::]|\s+")


@dataclass
class Span:
    start: int
    end: int


def sentence_spans(text: str, offset: int, sentence_end: re.Pattern) -> list[Span]:
    """Sentence spans of one line (absolute offsets), trimmed of surrounding whitespace; sentences
    longer than MAX_CHARS are cut at the last comma/space before the limit."""
    spans, pos = [], 0
    for m in sentence_end.finditer(text):
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        while b - a > MAX_CHARS:
            cut = max((m.end() for m in _SOFT_BREAK.finditer(text, a, a + MAX_CHARS)), default=a + MAX_CHARS)
            if cut - a < MIN_CHARS:
                cut = a + MAX_CHARS
            out.append(Span(offset + a, offset + cut))
            a = cut
            while a < b and text[a].isspace():
                a += 1
        if b > a:
            out.append(Span(offset + a, offset + b))
    return out


def passage_id(source: str, start: int, end: int, text: str) -> str:
    stem = source.split("_")[0] if "_" in source else source.rsplit(".", 1)[0]
    digest = hashlib.sha1(f"{source}\x00{start}\x00{end}\x00{text}".encode("utf-8")).hexdigest()
    return f"{stem}-{digest[:8]}"


def make_passages(doc: Document, raw: str, sentence_end: re.Pattern) -> list[Passage]:
    """Group consecutive sentences into passages of ~TARGET_CHARS (MIN..MAX). A passage never
    crosses a dropped (junk) line, so its text is exactly raw[start:end]."""
    blocks: list[list[Span]] = [[]]
    for line in doc.lines:
        if line.kind == "text":
            blocks[-1].extend(sentence_spans(line.text, line.start, sentence_end))
        elif line.kind != "empty" and blocks[-1]:
            blocks.append([])
    passages: list[Passage] = []
    for block in blocks:
        groups: list[list[Span]] = []
        for span in block:
            size = (span.end - groups[-1][0].start) if groups else 0
            if groups and (size <= TARGET_CHARS or _chars(groups[-1]) < MIN_CHARS) and size <= MAX_CHARS:
                groups[-1].append(span)
            else:
                groups.append([span])
        # A short tail joins the previous passage when that stays within MAX_CHARS.
        if len(groups) > 1 and _chars(groups[-1]) < MIN_CHARS and groups[-1][-1].end - groups[-2][0].start <= MAX_CHARS:
            groups[-2].extend(groups.pop())
        for g in groups:
            start, end = g[0].start, g[-1].end
            if end - start < MIN_PASSAGE:
                continue
            text = raw[start:end]
            passages.append(
                Passage(
                    passage_id(doc.source, start, end, text), doc.doc_id, doc.source, start, end, text,
                    doc.title, doc.region, doc.region_name, doc.region_code, doc.year, len(passages),
                )
            )
    return passages


def _chars(group: list[Span]) -> int:
    return group[-1].end - group[0].start


# -- de-duplication ----------------------------------------------------------------------------
def _shingles(text: str, n: int = 4) -> set[str]:
    s = squash_ws(normalize(text))
    return {s[i : i + n] for i in range(max(1, len(s) - n + 1))}


# A year the page blanked out ("2017年" left as a bare "20" before a word: "秦皇岛市20城乡居民").
_BLANKED_YEAR = re.compile(r"(?<![0-9.])20(?=[\u4e00-\u9fff,,])(?![年元万亿个日月号岁天周人次倍多余])")


def _richness(p: Passage) -> tuple:
    """Which copy of a duplicate to keep: undamaged, known year, more digits, longer, earlier."""
    damage = len(_BLANKED_YEAR.findall(p.text))
    return (-damage, p.year is not None, sum(c.isdigit() for c in p.text), len(p.text))


def _inherit_year(kept: Passage, dropped: Passage) -> None:
    """The same text printed in a dated document of the same place is dated too."""
    if kept.year is None and dropped.year is not None and kept.region_code == dropped.region_code:
        kept.year = dropped.year


def deduplicate(passages: list[Passage], threshold: float = 0.85) -> tuple[list[Passage], list[dict]]:
    """Drop exact and near-duplicate passages (4-gram containment >= threshold), keeping the richer
    copy. Returns (kept, dropped records)."""
    shingles = [_shingles(p.text) for p in passages]
    dropped_idx: dict[int, int] = {}
    for i in range(len(passages)):
        if i in dropped_idx:
            continue
        for j in range(i + 1, len(passages)):
            if j in dropped_idx:
                continue
            a, b = shingles[i], shingles[j]
            overlap = len(a & b) / max(1, min(len(a), len(b)))
            if overlap >= threshold:
                keep, drop = (i, j) if _richness(passages[i]) >= _richness(passages[j]) else (j, i)
                dropped_idx[drop] = keep
                _inherit_year(passages[keep], passages[drop])
                if drop == i:
                    break
    kept = [p for k, p in enumerate(passages) if k not in dropped_idx]
    dropped = [
        {
            "passage_id": passages[d].passage_id,
            "duplicate_of": passages[k].passage_id,
            "source": passages[d].source,
            "text": passages[d].text[:80],
        }
        for d, k in sorted(dropped_idx.items())
    ]
    return kept, dropped
