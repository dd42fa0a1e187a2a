"""Which rule file answers a money question for a place and year."""

from __future__ import annotations

from pathlib import Path

from bot.geo.gazetteer import Division, Gazetteer
from bot.rules.loader import load_rules
from bot.rules.schema import Benefit, RuleFile


def benefit_of(rules: RuleFile, care: str, norm: str | None = None) -> Benefit | None:
    """The benefit for a kind of care. A special benefit with aliases (平阳's 儿童"两病") applies only when
    `norm` names it; without `norm` (is there any?), any special benefit counts."""
    r = rules.reimbursement
    if r is None:
        return None
    if care == "special":
        if norm is None:
            return r.special[0] if r.special else None
        named = [b for b in r.special if any(a in norm for a in b.aliases)]
        return (named or [b for b in r.special if not b.aliases] or [None])[0]
    return r.outpatient if care == "outpatient" else r.inpatient


class RuleBook:
    def __init__(self, files: dict[str, RuleFile], gazetteer: Gazetteer) -> None:
        self.files = files
        self.gazetteer = gazetteer
        self.division: dict[str, Division | None] = {
            name: gazetteer.get(rf.region) for name, rf in files.items()
        }
        self._candidates: dict[tuple, tuple[tuple[str, RuleFile], ...]] = {}  # per (place, kind, care)

    @classmethod
    def load(cls, rules_dir: Path, gazetteer: Gazetteer) -> "RuleBook":
        return cls(load_rules(rules_dir), gazetteer)

    def _applies(self, name: str, place: Division) -> bool:
        rf, div = self.files[name], self.division[name]
        if div is None or rf.match == "never":
            return False
        if rf.match == "exact":
            return div == place
        return self.gazetteer.contains(div, place)

    def candidates(self, place: Division, kind: str, care: str | None = None) -> list[tuple[str, RuleFile]]:
        """Rule files for the place that hold the needed section, newest year first (undated last).
        Memoised per (place, kind, care): the rule files do not change while a RuleBook lives."""
        key = (place, kind, care)
        known = self._candidates.get(key)
        if known is None:
            known = tuple(self._find_candidates(place, kind, care))
            if len(self._candidates) < 4096:
                self._candidates[key] = known
        return list(known)

    def _find_candidates(self, place: Division, kind: str, care: str | None) -> list[tuple[str, RuleFile]]:
        out = []
        for name, rf in self.files.items():
            if not self._applies(name, place):
                continue
            if kind == "contribution" and rf.contribution is None:
                continue
            if kind == "reimbursement" and (rf.reimbursement is None or (care and benefit_of(rf, care) is None)):
                continue
            out.append((name, rf))
        return sorted(out, key=lambda kv: (kv[1].year is None, -(kv[1].year or 0), kv[0]))

    def for_document(self, doc_id: str, kind: str) -> list[tuple[str, RuleFile]]:
        """Rule files of one document (a question pointing at "江医保发[2020]40号那个方案")."""
        return [(n, rf) for n, rf in self.files.items() if rf.document == doc_id
                and (rf.contribution if kind == "contribution" else rf.reimbursement) is not None]

    def places(self, kind: str) -> list[str]:
        """Places a money question of this kind can be computed for (for clarify options)."""
        names = []
        for name, rf in self.files.items():
            if self.division[name] is None or rf.match == "never":
                continue
            if (kind == "contribution" and rf.contribution) or (kind == "reimbursement" and rf.reimbursement):
                names.append(rf.region)
        return sorted(set(names), key=names.index)
