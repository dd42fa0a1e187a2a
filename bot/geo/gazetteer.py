"""Chinese administrative divisions: recognise place names in text and relate them.

Data: corpus/data/gazetteer.tsv (adcode, name, level, parent). Full names always match; short forms
("平阳" for 平阳县, "潍坊" for 潍坊市, "河南" for 河南省) match unless listed in the alias stoplist.
Districts (…区) match by full name, or by a short form of three characters or more ("北戴河"): two-character
stems are too often ordinary words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.text.normalize import normalize

LEVEL_RANK = {"country": 0, "province": 1, "city": 2, "county": 3}
_SUFFIXES = sorted(
    ["省", "市", "县", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治州",
     "地区", "盟", "自治县", "自治旗", "旗", "林区", "特区", "区"],
    key=len,
    reverse=True,
)
_ETHNIC = re.compile(r"(?:[\u4e00-\u9fff]{1,4}?族)+$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent: str | None

    @property
    def rank(self) -> int:
        return LEVEL_RANK[self.level]


@dataclass(frozen=True)
class PlaceMention:
    division: Division
    start: int
    end: int
    surface: str


def short_form(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = _ETHNIC.sub("", name[: -len(suffix)])
            return stem if len(stem) >= 2 and stem != name else None
    return None


class Gazetteer:
    def __init__(self, divisions: list[Division], stoplist: set[str]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self._names: dict[str, list[Division]] = {}
        full_names = {d.name for d in divisions}
        for d in divisions:
            self._add(d.name, d)
            alias = short_form(d.name)
            district = d.level == "county" and d.name.endswith("区")
            # a district's two-character stem is too often an ordinary word; "北戴河", "山海关" are not
            if alias and alias not in stoplist and (not district or len(alias) >= 3):
                self._add(alias, d)
        # Short forms must sit on word boundaries ("确保定点" is not 保定); full names need not.
        self._aliases = {n for n in self._names if n not in full_names}
        # Ambiguous names resolve to the highest administrative level (中山 -> 中山市, not 中山区).
        for name, divs in self._names.items():
            best = min(d.rank for d in divs)
            self._names[name] = [d for d in divs if d.rank == best]
        self._max_len = max(len(n) for n in self._names)
        # Name lengths by first two characters, longest first: find() tries only lengths that exist
        # (a name is at least two characters long, so its first two characters must be there).
        lengths: dict[str, set[int]] = {}
        for name in self._names:
            if len(name) > 1:
                lengths.setdefault(name[:2], set()).add(len(name))
        self._lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}
        self._ancestors: dict[Division, tuple[Division, ...]] = {}
        self._got: dict[str, Division | None] = {}  # get() per name or code (rule files ask for a few)

    def names(self) -> list[str]:
        """Every recognised name (full and short forms), for the tokenizer's dictionary."""
        return sorted(self._names)

    def _add(self, name: str, division: Division) -> None:
        bucket = self._names.setdefault(name, [])
        if division not in bucket:
            bucket.append(division)

    @classmethod
    def load(cls, data_dir: Path) -> "Gazetteer":
        divisions = []
        lines = (data_dir / "gazetteer.tsv").read_text(encoding="utf-8").splitlines()
        for line in lines:
            if not line or line.startswith("#") or line.startswith("adcode\t"):
                continue
            code, name, level, parent = line.split("\t")
            divisions.append(Division(code, name, level, parent or None))
        stop_path = data_dir / "place_alias_stoplist.txt"
        stoplist = set()
        if stop_path.exists():
            stoplist = {
                s.strip() for s in stop_path.read_text(encoding="utf-8").splitlines()
                if s.strip() and not s.startswith("#")
            }
        return cls(divisions, stoplist)

    # -- recognition ---------------------------------------------------------------------------
    def find(
        self, text: str, *, normalized: bool = False, boundaries: set[int] | None = None
    ) -> list[PlaceMention]:
        """Longest-match scan; returns non-overlapping mentions in order.

        `boundaries` are word-boundary offsets of the normalised text (from the tokenizer); when
        given, a short form only counts if it starts and ends on a boundary.
        """
        s = text if normalized else normalize(text)
        out: list[PlaceMention] = []
        i, n = 0, len(s)
        lengths = self._lengths
        while i < n:
            for length in lengths.get(s[i : i + 2], ()):
                if i + length > n:
                    continue
                name = s[i : i + length]
                divs = self._names.get(name)
                if divs and boundaries is not None and name in self._aliases:
                    if i not in boundaries or i + length not in boundaries:
                        divs = None
                if divs and name[-1] in "县市区省" and (
                        s[i + length : i + length + 1] == "级"
                        or (length == 2 and s[i + length : i + length + 1] in "医里城内外的" and i > 0 and s[i - 1] in "换改变到去在")):
                    divs = None  # "换成县级医院", "换成县内的医院": the 县 belongs to 县级/县内, not to 成县
                if divs:
                    for d in divs:
                        out.append(PlaceMention(d, i, i + length, s[i : i + length]))
                    i += length
                    break
            else:
                i += 1
        return out

    def get(self, name_or_code: str) -> Division | None:
        if name_or_code in self._got:
            return self._got[name_or_code]
        if name_or_code in self.by_code:
            found = self.by_code[name_or_code]
        else:
            divs = self._names.get(normalize(name_or_code))
            found = divs[0] if divs and len(divs) == 1 else None
        if len(self._got) < 4096:
            self._got[name_or_code] = found
        return found

    # -- hierarchy -----------------------------------------------------------------------------
    def ancestors(self, d: Division) -> list[Division]:
        known = self._ancestors.get(d)
        if known is None:
            out = []
            x = d
            while x.parent and x.parent in self.by_code:
                x = self.by_code[x.parent]
                out.append(x)
            known = self._ancestors[d] = tuple(out)
        return list(known)

    def chain(self, d: Division) -> list[Division]:
        """The division and its ancestors, most specific first."""
        return [d, *self.ancestors(d)]

    def contains(self, outer: Division, inner: Division) -> bool:
        if outer is inner or outer == inner:
            return True
        if inner not in self._ancestors:
            self.ancestors(inner)
        return outer in self._ancestors[inner]

    def common_ancestor(self, divs: list[Division]) -> Division | None:
        if not divs:
            return None
        common = self.chain(divs[0])
        for d in divs[1:]:
            chain = self.chain(d)
            common = [c for c in common if c in chain]
        return common[0] if common else None

    def display(self, d: Division) -> str:
        """Full path for display, e.g. 浙江省温州市平阳县; municipalities print once."""
        parts = [x.name for x in reversed(self.chain(d))]
        return "".join(dict.fromkeys(parts))

