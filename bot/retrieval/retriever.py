"""BM25 retrieval over indexed passages, optionally limited to the documents in scope."""

from __future__ import annotations

from dataclasses import dataclass

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

    def sentences(self, passage_id: str, split, tokens) -> list:
        """(start, end, token set) of each sentence of a passage, computed once per passage."""
        cached = self._sentences.get(passage_id)
        if cached is None:
            text = self.passages[self.by_id[passage_id]]["text"]
            cached = [(a, b, frozenset(tokens(text[a:b]))) for a, b in split(text)]
            self._sentences[passage_id] = cached
        return cached

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
        return [self.hit(i, 0.0) for i, p in enumerate(self.passages) if p["doc_id"] == doc_id]
