"""Plain data records produced by the corpus build."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Line:
    """One physical line of a raw file; offsets are character offsets into the decoded file."""

    source: str
    start: int
    end: int
    text: str
    kind: str = "text"  # text | empty | junk | title | footer
    reason: str | None = None


@dataclass
class Document:
    doc_id: str
    source: str
    title: str
    title_start: int
    title_end: int
    lines: list[Line] = field(default_factory=list)
    kind: str = "article"  # article | related
    region: str | None = None  # full path, e.g. 浙江省温州市平阳县
    region_name: str | None = None  # the division itself, e.g. 平阳县
    region_code: str | None = None
    year: int | None = None
    years_mentioned: list[int] = field(default_factory=list)
    url: str | None = None
    excluded: str | None = None  # reason when left out of the index
    notes: list[str] = field(default_factory=list)

    def body_text(self) -> str:
        return "\n".join(line.text for line in self.lines if line.kind == "text")

    def meta(self) -> dict:
        d = asdict(self)
        d.pop("lines")
        d["chars"] = sum(len(line.text) for line in self.lines if line.kind == "text")
        return d


@dataclass
class Passage:
    passage_id: str
    doc_id: str
    source: str
    start: int
    end: int
    text: str  # exactly raw[start:end]
    title: str
    region: str | None
    region_name: str | None
    region_code: str | None
    year: int | None
    ordinal: int  # position within its document

    def to_dict(self) -> dict:
        return asdict(self)
