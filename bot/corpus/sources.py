"""Reading raw corpus files (UTF-8 .txt/.md, optional YAML front matter)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.core.errors import DataFileError

SUFFIXES = (".txt", ".md")


@dataclass
class RawSource:
    name: str
    text: str
    sha256: str
    body_start: int = 0  # offset where the article body begins (after front matter)
    front_matter: dict = field(default_factory=dict)


def parse_front_matter(text: str, path: Path) -> tuple[dict, int]:
    if not text.startswith("---\n"):
        return {}, 0
    end = text.find("\n---\n", 4)
    if end < 0:
        raise DataFileError(path, "front matter starts with --- but has no closing ---", 1)
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        raise DataFileError(path, f"invalid front matter: {exc}", 1)
    if not isinstance(meta, dict):
        raise DataFileError(path, "front matter must be a mapping (title/region/year/url)", 1)
    allowed = {"title", "region", "year", "url"}
    unknown = set(meta) - allowed
    if unknown:
        raise DataFileError(path, f"unknown front matter keys {sorted(unknown)}; allowed: {sorted(allowed)}", 1)
    return meta, end + len("\n---\n")


def load_sources(raw_dir: Path) -> list[RawSource]:
    sources = []
    for path in sorted(p for p in Path(raw_dir).iterdir() if p.suffix in SUFFIXES and p.is_file()):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataFileError(path, f"not valid UTF-8 (byte {exc.start}); save the article as UTF-8")
        meta, body_start = parse_front_matter(text, path)
        sources.append(RawSource(path.name, text, hashlib.sha256(data).hexdigest(), body_start, meta))
    return sources
