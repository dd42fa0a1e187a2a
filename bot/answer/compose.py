"""Turn chosen sentences into the reply text with [n] citation markers and the policy's place/year.

Only passage text and the fixed phrases below appear in an answer; fixed phrases carry no digits, so
every number a reader sees comes from a cited passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.extract import Sentence
from bot.retrieval.retriever import Hit
from bot.schemas import Citation

UNKNOWN_REGION = "地区未注明"
_STEP_START = re.compile(r"\s*(?:\d{1,2}\s*[.、.](?!\d)|[((]\d{1,2}[))])")


@dataclass
class Composed:
    text: str
    citations: list[Citation]
    region: str | None
    year: int | None


def tidy(text: str) -> str:
    """Display form of a quoted span: the page's indentation and blank lines dropped (the citation
    keeps the verbatim text)."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def under_headline(text: str, *lines: str) -> str:
    """`text`'s first line, then `lines`, then the rest: what an elderly reader on a phone sees first."""
    head, _, rest = text.partition("\n")
    return "\n".join(x for x in (head, *lines, rest) if x)


def place_label(region_name: str | None) -> str:
    return region_name or UNKNOWN_REGION


def year_label(year: int | None) -> str:
    return f"{year}年" if year else "年份未注明"


class CitationList:
    def __init__(self) -> None:
        self.items: list[Citation] = []

    def add(self, hit: Hit, quote: str) -> int:
        for c in self.items:
            if c.passage_id == hit.passage_id:
                if quote not in c.quote and c.quote not in quote and c.quote in hit.text:
                    # keep one citation per passage; widen the quote to cover both sentences
                    a, b = hit.text.find(c.quote), hit.text.find(quote)
                    if a >= 0 and b >= 0:
                        lo, hi = min(a, b), max(a + len(c.quote), b + len(quote))
                        c.quote = hit.text[lo:hi]
                return c.n
        n = len(self.items) + 1
        self.items.append(
            Citation(n=n, passage_id=hit.passage_id, source=hit.source, title=hit.title, quote=quote,
                     region=hit.region, year=hit.year)
        )
        return n


def compose(
    sentences: list[Sentence],
    current_year: int,
    *,
    year_evidence: Hit | None = None,
    place_was_asked: bool = True,
) -> Composed:
    """The answering sentence first (an elderly reader on a phone sees it without scrolling), then the
    sentences that add to it, then one source line and the staleness note. Markers only on quotes."""
    cites = CitationList()
    lead = sentences[0].hit
    parts: list[str] = []
    current_doc = None
    for s in sentences:
        n = cites.add(s.hit, s.text)
        if s.hit.doc_id != current_doc:
            if parts:
                parts.append("\n")
            current_doc = s.hit.doc_id
        elif _STEP_START.match(s.text):
            parts.append("\n")  # step 3 continued from the next passage starts its own line
        parts.append(f"{tidy(s.text)}[{n}]")
    year = lead.year
    if year and not any(str(year) in _hit_text(sentences, c.passage_id) for c in cites.items) \
            and year_evidence is None:
        year = None  # a year the document never states is not shown
    # The source line is provenance: the document's title, place and year (stated in that document, found
    # at indexing), without a citation marker - markers mark quotes only.
    lines = ["".join(parts),
             f"来源:《{lead.title}》({place_label(lead.region_name)},{year_label(year)})"]
    if year and year < current_year:
        lines.append(f"提示:这是{year}年的政策,之后可能已经调整,请以当地医保部门或国家医保服务平台的最新公布为准。")
    elif not year:
        lines.append("提示:原文没有写明年份,政策可能已经调整,请以当地医保部门的最新公布为准。")
    if not place_was_asked and lead.region_name:
        lines.append(f"以上是{lead.region_name}的规定,各地政策不同;告诉我您所在的城市,我可以查找当地的规定。")
    return Composed("\n".join(lines), cites.items, lead.region, year)


def _hit_text(sentences: list[Sentence], passage_id: str) -> str:
    for s in sentences:
        if s.hit.passage_id == passage_id:
            return s.hit.text
    return ""

