"""Which documents a question may be answered from, given the place and year it names.

A document applies to a place when it is about that place or a place containing it (a 河南省 notice
applies to a 河南 question; 全国 documents apply everywhere). A document about a narrower place
(平阳县 for a 温州 question) does not apply: its numbers are not the asker's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.corpus.metadata import NATIONAL
from bot.geo.gazetteer import Division, Gazetteer


@dataclass
class Scope:
    doc_ids: set[str] | None = None  # None = no restriction
    place: Division | None = None
    year: int | None = None
    problem: str | None = None  # "place_not_covered" | "only_narrower_places" | "year_not_covered"
    narrower: list[str] = field(default_factory=list)  # covered places inside the asked place
    years_available: list[int] = field(default_factory=list)
    unknown_year_docs: bool = False


class CorpusRegions:
    def __init__(self, documents: list[dict], gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.docs = [d for d in documents if not d.get("excluded")]
        self.national = {d["doc_id"] for d in self.docs if d.get("region") == NATIONAL}
        # placeless general statements ("2025年度…个人缴费标准大约为每人每年400元"): they speak of the country
        self.general = {d["doc_id"] for d in self.docs if not d.get("region")}
        self._years = {d["doc_id"]: d.get("year") for d in self.docs}
        self._mentioned = {d["doc_id"]: set(d.get("years_mentioned") or []) for d in self.docs}
        self.division_of: dict[str, Division] = {}
        self._applicable: dict[Division, frozenset[str]] = {}
        self._narrower: dict[Division, tuple[str, ...]] = {}
        for d in self.docs:
            code = d.get("region_code")
            if code and code in gazetteer.by_code:
                self.division_of[d["doc_id"]] = gazetteer.by_code[code]

    def covered_places(self) -> list[str]:
        """Names of the places the corpus has material on, most specific first, deduplicated."""
        divs = sorted(set(self.division_of.values()), key=lambda d: (d.code[:2], -d.rank, d.code))
        return [d.name for d in divs]

    def applicable(self, place: Division) -> set[str]:
        """Documents about the place or a place containing it (memoised per place; a copy is returned)."""
        docs = self._applicable.get(place)
        if docs is None:
            docs = frozenset(
                doc_id for doc_id, div in self.division_of.items() if self.gazetteer.contains(div, place)
            )
            if len(self._applicable) < 4096:
                self._applicable[place] = docs
        return set(docs)

    def narrower(self, place: Division) -> list[str]:
        """Covered places inside `place` (memoised per place, like applicable; a copy is returned)."""
        names = self._narrower.get(place)
        if names is None:
            names = tuple(sorted(
                {div.name for div in self.division_of.values() if div != place and self.gazetteer.contains(place, div)}
            ))
            if len(self._narrower) < 4096:
                self._narrower[place] = names
        return list(names)

    def year_of(self, doc_id: str) -> int | None:
        return self._years.get(doc_id)

    def scope(self, places: list[Division], years: list[int], *, strict_year: bool = False) -> Scope:
        """strict_year: the document's policy year must be the asked year (money questions); otherwise
        a document that states facts of that year also counts (e.g. 2024 figures in a 2025 article)."""
        scope = Scope()
        if places:
            # The first place the question names that the corpus covers; else report the first.
            for place in places:
                docs = self.applicable(place)
                if docs:
                    scope.place, scope.doc_ids = place, docs | self.national
                    break
            else:
                place = places[0]
                scope.place = place
                scope.narrower = self.narrower(place)
                scope.problem = "only_narrower_places" if scope.narrower else "place_not_covered"
                return scope
        if years:
            year = years[0]
            scope.year = year
            pool = scope.doc_ids if scope.doc_ids is not None else {d["doc_id"] for d in self.docs}
            local = pool - self.national if scope.place else pool
            matching = {doc_id for doc_id in local if self.year_of(doc_id) == year
                        or (not strict_year and year in self._mentioned.get(doc_id, ()))}
            if matching:
                scope.doc_ids = matching | (self.national if scope.place else set())
            else:
                scope.years_available = sorted({y for doc_id in local if (y := self.year_of(doc_id))})
                scope.unknown_year_docs = any(self.year_of(doc_id) is None for doc_id in local)
                scope.problem = "year_not_covered"
        return scope
