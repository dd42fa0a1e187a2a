"""Named facilities (a 街道中心卫生院, a 人社局 hall) -> the place of the document that names them.

Read from corpus/data/facilities.tsv; each row points at the passage that names the facility, and the
place is that passage's document region, so the mapping never states a place the corpus does not.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.errors import DataFileError


class Facilities:
    def __init__(self, places: dict[str, object]) -> None:
        self._places = places  # short form -> Division

    @classmethod
    def load(cls, path: Path, passage_doc: dict[str, str], division_of: dict[str, object],
             passage_text: dict[str, str]) -> "Facilities":
        places: dict[str, object] = {}
        if not path.exists():
            return cls(places)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                short, full, passage = line.split("\t")
            except ValueError:
                raise DataFileError(path, "expected 3 tab-separated fields", n) from None
            if passage not in passage_doc or full not in passage_text.get(passage, ""):
                raise DataFileError(path, f"{full!r} is not in passage {passage}", n)
            division = division_of.get(passage_doc[passage])
            if division is not None:
                places[short] = division
        return cls(places)

    def find(self, norm: str) -> list:
        """Places of the facilities a question names, in order of first mention."""
        found = sorted((norm.find(short), short) for short in self._places if short in norm)
        return list(dict.fromkeys(self._places[short] for _, short in found))
