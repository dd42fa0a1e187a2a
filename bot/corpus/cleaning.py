"""Line-level cleaning: tell page junk from article text, with a reason for every dropped line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.core.errors import DataFileError
from bot.corpus.models import Line
from bot.corpus.sources import RawSource
from bot.text.normalize import normalize, squash_ws

_PUNCT = re.compile(r"[。,,:;;!?!?]")


@dataclass
class CleaningRules:
    junk: list[tuple[str, re.Pattern]]
    related_start: re.Pattern
    snippet_footer: re.Pattern
    heading: re.Pattern
    heading_max_len: int
    nav_max_len: int
    nav_min_run: int
    news_item: re.Pattern
    news_min_run: int
    phone: re.Pattern
    phone_min: int
    phone_keep: re.Pattern
    sentence_end: re.Pattern
    national_markers: list[str]
    topic_medical: list[str]
    topic_other: list[str]
    topic_min_medical: int
    topic_min_ratio: float

    @classmethod
    def load(cls, path: Path) -> "CleaningRules":
        try:
            d = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
            junk = [
                (group["reason"], re.compile(pattern))
                for group in d["junk"]
                for pattern in group["patterns"]
            ]
            return cls(
                junk=junk,
                related_start=re.compile(d["related_start"]),
                snippet_footer=re.compile(d["snippet_footer"]),
                heading=re.compile(d["heading"]["pattern"]),
                heading_max_len=int(d["heading"]["max_len"]),
                nav_max_len=int(d["nav_block"]["max_len"]),
                nav_min_run=int(d["nav_block"]["min_run"]),
                news_item=re.compile(d["news_list"]["pattern"]),
                news_min_run=int(d["news_list"]["min_run"]),
                phone=re.compile(d["phone_list"]["pattern"]),
                phone_min=int(d["phone_list"]["min_count"]),
                phone_keep=re.compile("|".join(map(re.escape, d["phone_list"].get("keep_if") or ["\0never"]))),
                sentence_end=re.compile(d["sentence_end"]),
                national_markers=list(d["national_markers"]),
                topic_medical=list(d["topic"]["medical"]),
                topic_other=list(d["topic"]["other"]),
                topic_min_medical=int(d["topic"]["min_medical"]),
                topic_min_ratio=float(d["topic"]["min_ratio"]),
            )
        except (KeyError, TypeError, re.error, yaml.YAMLError) as exc:
            raise DataFileError(path, f"invalid cleaning rules: {exc!r}")


def key(text: str) -> str:
    """Matching form of a line: normalised, whitespace removed."""
    return squash_ws(normalize(text))


def split_lines(source: RawSource) -> list[Line]:
    lines = []
    text = source.text
    pos = source.body_start
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        lines.append(Line(source.name, pos, end, text[pos:end]))
        pos = end + 1
    return lines


def classify(lines: list[Line], rules: CleaningRules) -> list[Line]:
    """Mark each line empty / junk (with reason) / text / marker / footer, in place."""
    for line in lines:
        k = key(line.text)
        if not k:
            line.kind, line.reason = "empty", "empty line"
            continue
        if rules.related_start.search(k):
            line.kind, line.reason = "marker", "related-articles heading"
            continue
        if rules.snippet_footer.search(k):
            line.kind, line.reason = "footer", "related-snippet date footer"
            continue
        if len(rules.phone.findall(line.text)) >= rules.phone_min and not rules.phone_keep.search(line.text):
            line.kind, line.reason = "junk", "phone-number list"
            continue
        for reason, pattern in rules.junk:
            if pattern.search(k):
                line.kind, line.reason = "junk", reason
                break
    _mark_runs(lines, rules)
    return lines


def _mark_runs(lines: list[Line], rules: CleaningRules) -> None:
    """Navigation menus (runs of short bare lines) and news lists (runs of numbered one-liners)."""
    # Empty and already-dropped lines neither break nor join a run.
    content = [ln for ln in lines if ln.kind not in ("empty", "junk")]

    def runs(pred):
        run: list[Line] = []
        for ln in content + [None]:
            if ln is not None and ln.kind == "text" and pred(ln):
                run.append(ln)
                continue
            yield run
            run = []

    for run in runs(lambda ln: len(key(ln.text)) <= rules.nav_max_len and not _PUNCT.search(ln.text)):
        if len(run) >= rules.nav_min_run:
            for ln in run:
                ln.kind, ln.reason = "junk", "navigation menu"
    for run in runs(lambda ln: bool(rules.news_item.search(key(ln.text)))):
        if len(run) >= rules.news_min_run:
            for ln in run:
                ln.kind, ln.reason = "junk", "news headline list"


def is_heading(line: Line, rules: CleaningRules) -> bool:
    k = key(line.text)
    return len(k) <= rules.heading_max_len and bool(rules.heading.search(k))
