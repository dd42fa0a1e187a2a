"""Split cleaned lines into documents (sub-articles, related snippets) and attach metadata."""

from __future__ import annotations

from collections import Counter

from bot.corpus.cleaning import CleaningRules, is_heading, key
from bot.corpus.metadata import NATIONAL, Overrides, detect_region, detect_year, mentioned_years
from bot.corpus.models import Document, Line
from bot.corpus.sources import RawSource
from bot.geo.gazetteer import Division, Gazetteer
from bot.text.normalize import normalize


def split_documents(source: RawSource, lines: list[Line], rules: CleaningRules) -> list[Document]:
    stem = source.name.split("_")[0] if "_" in source.name else source.name.rsplit(".", 1)[0]
    docs: list[Document] = []
    mode, expect_title, current = "main", True, None
    fm_title = source.front_matter.get("title")
    if fm_title:
        current = Document(f"{stem}-d00", source.name, str(fm_title), 0, 0)
        docs.append(current)
        expect_title = False
    for line in lines:
        if line.kind == "marker":
            mode, expect_title = "related", True
            continue
        if line.kind == "footer":
            expect_title = True
            continue
        if line.kind != "text":
            continue
        starts_doc = expect_title or (mode == "main" and not fm_title and is_heading(line, rules))
        if starts_doc:
            if mode == "related" and docs and key(line.text) == key(docs[-1].title):
                line.kind, line.reason = "junk", "repeated snippet title"
                continue
            line.kind = "title"
            current = Document(
                f"{stem}-d{len(docs):02d}",
                source.name,
                line.text.strip(),
                line.start + (len(line.text) - len(line.text.lstrip())),
                line.start + len(line.text.rstrip()),
                kind="related" if mode == "related" else "article",
            )
            docs.append(current)
            expect_title = False
            continue
        current.lines.append(line)
    return docs


def annotate(
    docs: list[Document],
    source: RawSource,
    rules: CleaningRules,
    gazetteer: Gazetteer,
    boundaries,
    overrides: Overrides,
) -> None:
    """Region, year, topic filter and display titles, in place."""
    fm = source.front_matter
    for doc in docs:
        body = doc.body_text()
        division: Division | str | None = detect_region(
            gazetteer, doc.title, body, boundaries, rules.national_markers
        )
        doc.year = detect_year(doc.title + "\n" + body)
        doc.years_mentioned = mentioned_years(doc.title + "\n" + body)
        if fm.get("region"):
            division = gazetteer.get(str(fm["region"])) or str(fm["region"])
        if fm.get("year"):
            doc.year = int(fm["year"])
        doc.url = fm.get("url")
        for o in overrides.for_text(body):
            if "region" in o:
                division = gazetteer.get(o["region"]) or o["region"]
            if "year" in o:
                doc.year = int(o["year"])
            doc.notes.append(f"override: {o['reason']}")
        if isinstance(division, Division):
            doc.region, doc.region_code = gazetteer.display(division), division.code
            doc.region_name = division.name
        elif division:
            doc.region = doc.region_name = division
            doc.region_code = "000000" if division == NATIONAL else None
        doc.excluded = _exclusion(doc, body, rules)
    _disambiguate_titles(docs)


def _exclusion(doc: Document, body: str, rules: CleaningRules) -> str | None:
    if not body.strip():
        return "no body text (page title or empty snippet)"
    title, text = normalize(doc.title), normalize(body)
    medical = sum(2 * title.count(t) + text.count(t) for t in rules.topic_medical)
    other = sum(2 * title.count(t) + text.count(t) for t in rules.topic_other)
    if medical < rules.topic_min_medical or medical < rules.topic_min_ratio * other:
        return f"off-topic (medical-insurance terms {medical}, other-topic terms {other})"
    return None


def _disambiguate_titles(docs: list[Document]) -> None:
    counts = Counter(key(d.title) for d in docs)
    seen: Counter[str] = Counter()
    for d in docs:
        k = key(d.title)
        if counts[k] > 1:
            seen[k] += 1
            d.title = f"{d.title}·{d.region_name or f'第{seen[k]}篇'}"
