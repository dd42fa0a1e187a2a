"""BM25 retrieval over indexed passages, optionally limited to the documents in scope."""

from __future__ import annotations

import hashlib
import inspect
import marshal
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.index.artifacts import Index


@dataclass
class Hit:
    passage_id: str
    doc_id: str
    score: float
    source: str
    title: str
    region: str | None
    region_name: str | None
    year: int | None
    text: str
    start: int
    end: int


class Retriever:
    def __init__(self, index: Index) -> None:
        self.index = index
        self.passages = index.passages
        self.by_id = {p["passage_id"]: i for i, p in enumerate(self.passages)}
        self._doc_of = np.asarray([p["doc_id"] for p in self.passages], dtype=object)
        self._mask_cache: dict[frozenset, np.ndarray] = {}
        self._sentences: dict[str, list] = {}
        self._doc_rows: dict[str, list[int]] | None = None
        self._doc_hits: dict[str, tuple[Hit, ...]] = {}

    def sentences(self, passage_id: str, split, tokens) -> list:
        """(start, end, token set) of each sentence of a passage, computed once per passage."""
        cached = self._sentences.get(passage_id)
        if cached is None:
            text = self.passages[self.by_id[passage_id]]["text"]
            cached = [(a, b, frozenset(tokens(text[a:b]))) for a, b in split(text)]
            self._sentences[passage_id] = cached
        return cached

    def warm_sentences(self, cache_dir: Path | None, split, tokens) -> None:
        """Sentence tokens of every passage, read from a cache file when one matches this index and
        this sentence splitter (saves tokenising the whole corpus at every start), else computed."""
        path = None
        if cache_dir is not None:
            splitter = hashlib.sha256(Path(inspect.getsourcefile(split)).read_bytes()).hexdigest()[:12]
            path = Path(cache_dir) / f"sentences-{self.index.version}-{splitter}.marshal"
            try:
                stored = marshal.loads(path.read_bytes())
                if set(stored) == set(self.by_id):
                    self._sentences = {pid: [(a, b, frozenset(t)) for a, b, t in rows] for pid, rows in stored.items()}
                    return
            except (OSError, EOFError, ValueError, TypeError):
                pass
        rows: dict[str, list] = {}
        for p in self.passages:
            text = p["text"]
            spans = split(text)
            token_lists = [tuple(tokens(text[a:b])) for a, b in spans]
            rows[p["passage_id"]] = [(a, b, t) for (a, b), t in zip(spans, token_lists)]
            self._sentences[p["passage_id"]] = [(a, b, frozenset(t)) for (a, b), t in zip(spans, token_lists)]
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
                tmp.write_bytes(marshal.dumps(rows))
                tmp.replace(path)
            except OSError:
                pass  # a read-only cache directory only costs the next start the tokenising

    def _mask(self, doc_ids: set[str]) -> np.ndarray:
        key = frozenset(doc_ids)
        mask = self._mask_cache.get(key)
        if mask is None:
            mask = np.fromiter((d in key for d in self._doc_of), dtype=bool, count=len(self._doc_of))
            if len(self._mask_cache) < 512:
                self._mask_cache[key] = mask
        return mask

    def search(self, tokens: list[str], k: int, doc_ids: set[str] | None = None) -> list[Hit]:
        mask = self._mask(doc_ids) if doc_ids is not None else None
        return [self.hit(i, score) for i, score in self.index.bm25.top_k(tokens, k, mask)]

    def hit(self, i: int, score: float) -> Hit:
        p = self.passages[i]
        return Hit(
            p["passage_id"], p["doc_id"], round(score, 4), p["source"], p["title"], p.get("region"),
            p.get("region_name"), p.get("year"), p["text"], p["start"], p["end"],
        )

    def get(self, passage_id: str) -> Hit | None:
        i = self.by_id.get(passage_id)
        return None if i is None else self.hit(i, 0.0)

    def doc_passages(self, doc_id: str) -> list[Hit]:
        """The document's passages in order (score 0). The Hit objects are built once per document and
        shared between calls: read them, do not modify them."""
        hits = self._doc_hits.get(doc_id)
        if hits is None:
            if self._doc_rows is None:
                self._doc_rows = {}
                for i, p in enumerate(self.passages):
                    self._doc_rows.setdefault(p["doc_id"], []).append(i)
            hits = tuple(self.hit(i, 0.0) for i in self._doc_rows.get(doc_id, ()))
            self._doc_hits[doc_id] = hits
        return list(hits)
