"""BM25 with rank_bm25.BM25Okapi semantics over precomputed term-impact postings.

impact[d, t] = idf[t] * tf(t, d) * (k1 + 1) / (tf(t, d) + k1 * (1 - b + b * |d| / avgdl))
score(q, d) = sum over query tokens t of impact[d, t]  (a repeated query token counts again)

idf follows BM25Okapi exactly: log(N - df + 0.5) - log(df + 0.5), and negative idfs are replaced by
epsilon * (mean idf). No text processing happens here: callers pass token lists. The postings are
plain numpy arrays (compressed sparse columns: int64 indptr, int32 document numbers, float64 impacts);
bot.index.postings builds them in a streamed pass, bot.index.topk finds the best k exactly.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Iterable

import numpy as np

from bot.index.postings import Postings, build_postings, idf_of
from bot.index.topk import dense_scores, dense_top_k, pruned_top_k



class SparseBM25:
    def __init__(self, vocab: dict[str, int], indptr: np.ndarray, indices: np.ndarray, data: np.ndarray,
                 doc_len: np.ndarray) -> None:
        self.vocab = vocab
        self._indptr = indptr
        self._indices = indices
        self._data = data
        self.doc_len = doc_len
        self.n_docs = len(doc_len)
        # Per-term idf recomputed from the postings (document frequency = column length); used to
        # weight query words when picking answer sentences.
        self.idf = idf_of(np.diff(indptr), self.n_docs, 0.25)
        self._idf_of = dict(zip(vocab, self.idf[list(vocab.values())].tolist())) if vocab else {}
        self._bounds = _column_max(indptr, data)
        self._nonnegative = len(data) == 0 or float(data.min()) >= 0.0

    def term_weight(self, term: str) -> float:
        return self._idf_of.get(term, 0.0)

    @property
    def shape(self) -> tuple[int, int]:
        return self.n_docs, len(self._indptr) - 1

    @classmethod
    def fit(cls, corpus: Iterable[list[str]], k1: float = 1.5, b: float = 0.75,
            epsilon: float = 0.25) -> "SparseBM25":
        """Index token lists; `corpus` may be any iterable (a generator streams the build)."""
        p: Postings = build_postings(corpus, k1, b, epsilon)
        return cls(p.vocab, p.indptr, p.indices, p.data, p.doc_len)

    # -- scoring --------------------------------------------------------------------------------
    def _columns(self, query: list[str]) -> list[int]:
        get = self.vocab.get
        return [j for j in map(get, query) if j is not None]

    def scores(self, query: list[str]) -> np.ndarray:
        return dense_scores(self._columns(query), self.n_docs, self._indptr, self._indices, self._data)

    def top_k(self, query: list[str], k: int, mask: np.ndarray | None = None,
              prune: bool = False) -> list[tuple[int, float]]:
        """Best k (index, score) with score > 0, highest first, ties by index; `mask` limits docs.
        With prune=True, documents that cannot reach the k-th score are skipped (MaxScore); exact
        either way: the same results and the same float scores as scoring every document. Off by
        default: on the synthetic benchmark corpora (few, very common terms) it saved nothing
        measurable over one bincount pass; `yibao bench` reports both as yibao / yibao_skip."""
        k = min(k, self.n_docs)
        columns = self._columns(query)
        if k <= 0 or not columns:
            return []
        if prune and self._nonnegative:
            return pruned_top_k(columns, k, mask, self._indptr, self._indices, self._data, self._bounds,
                                self.n_docs)
        return dense_top_k(dense_scores(columns, self.n_docs, self._indptr, self._indices, self._data), k, mask)

    # -- persistence ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        terms = sorted(self.vocab, key=self.vocab.get)
        np.savez_compressed(
            path,
            indptr=self._indptr,
            indices=self._indices,
            data=self._data,
            shape=np.asarray(self.shape),
            doc_len=self.doc_len,
            terms=np.asarray(terms, dtype=str),
        )

    @classmethod
    def load(cls, path: Path) -> "SparseBM25":
        with np.load(path, allow_pickle=False) as z:
            shape = tuple(int(x) for x in z["shape"])
            indptr, indices, data = z["indptr"].astype(np.int64), z["indices"].astype(np.int32), z["data"]
            terms = z["terms"].tolist()
            doc_len = z["doc_len"]
        if len(terms) != shape[1] or len(doc_len) != shape[0] or len(indptr) != shape[1] + 1:
            raise ValueError("index arrays disagree in size")
        if len(indices) != len(data) or (len(indptr) and int(indptr[-1]) != len(data)):
            raise ValueError("index arrays disagree in size")
        if len(indices) and (int(indices.min()) < 0 or int(indices.max()) >= shape[0]):
            raise ValueError("index refers to documents that do not exist")
        if not all(math.isfinite(x) for x in data[:1000]):
            raise ValueError("index holds non-finite scores")
        return cls({t: i for i, t in enumerate(terms)}, indptr, indices, data.astype(np.float64), doc_len)


def _column_max(indptr: np.ndarray, data: np.ndarray) -> np.ndarray:
    """Largest impact in each term's column (0 for an empty column)."""
    out = np.zeros(len(indptr) - 1, dtype=np.float64)
    nonempty = np.flatnonzero(np.diff(indptr) > 0)
    if len(nonempty):
        out[nonempty] = np.maximum.reduceat(data, indptr[nonempty])
    return out
