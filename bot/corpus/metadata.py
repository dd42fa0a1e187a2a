"""Region and policy-year detection for documents. Unknown stays unknown: nothing is guessed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from bot.core.errors import DataFileError
from bot.geo.gazetteer import Division, Gazetteer
from bot.text.normalize import normalize

NATIONAL = "全国"
# A four-digit year followed by 年, not inside a document number like 〔2021〕 or a 《title》.
_YEAR = re.compile(r"(?<![\d\[〔(])(20\d{2})\s*年(度)?")
_BRACKETED = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]")


def detect_year(text: str) -> int | None:
    """The policy year a text is about: the most frequent explicit year (年度 counts double),
    ignoring years inside document numbers and quoted titles; ties go to the later year."""
    counts: Counter[int] = Counter()
    for m in _YEAR.finditer(_BRACKETED.sub("", normalize(text))):
        counts[int(m.group(1))] += 2 if m.group(2) else 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def mentioned_years(text: str) -> list[int]:
    """Every explicit year a text states (document numbers and quoted titles excluded)."""
    return sorted({int(m.group(1)) for m in _YEAR.finditer(_BRACKETED.sub("", normalize(text)))})


def detect_region(
    gazetteer: Gazetteer,
    title: str,
    body: str,
    boundaries,
    national_markers: list[str],
) -> Division | str | None:
    """Most-mentioned place (title counts triple). On a tie, a chain (平阳县 ⊂ 温州市) resolves to
    its most specific member and unrelated places to their common ancestor (开封, 巩义 -> 河南省)."""
    scores: Counter[Division] = Counter()
    for text, weight in ((title, 3), (body, 1)):
        norm = normalize(text)
        for m in gazetteer.find(norm, normalized=True, boundaries=boundaries(norm)):
            scores[m.division] += weight
    if not scores:
        norm = normalize(title + body)
        return NATIONAL if any(marker in norm for marker in national_markers) else None
    top = max(scores.values())
    tied = sorted((d for d, s in scores.items() if s == top), key=lambda d: (-d.rank, d.code))
    deepest = tied[0]
    if all(gazetteer.contains(d, deepest) for d in tied):
        return deepest
    return gazetteer.common_ancestor(tied)


class Overrides:
    def __init__(self, entries: list[dict]) -> None:
        self.entries = entries

    @classmethod
    def load(cls, path: Path) -> "Overrides":
        if not Path(path).exists():
            return cls([])
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        entries = data.get("documents") or []
        for i, e in enumerate(entries):
            if not isinstance(e, dict) or "contains" not in e or "reason" not in e:
                raise DataFileError(path, f"override #{i + 1} needs `contains` and `reason`")
        return cls(entries)

    def for_text(self, text: str) -> list[dict]:
        return [e for e in self.entries if e["contains"] in text]
