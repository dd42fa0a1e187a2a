"""BM25 with rank_bm25.BM25Okapi semantics over a precomputed sparse term-impact matrix.

impact[d, t] = idf[t] * tf(t, d) * (k1 + 1) / (tf(t, d) + k1 * (1 - b + b * |d| / avgdl))
score(q, d) = sum over query tokens t of impact[d, t]  (a repeated query token counts again)

idf follows BM25Okapi exactly: log(N - df + 0.5) - log(df + 0.5), and negative idfs are replaced by
epsilon * (mean idf). No text processing happens here: callers pass token lists.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from scipy import sparse


class SparseBM25:
    def __init__(self, vocab: dict[str, int], impacts: sparse.csc_matrix, doc_len: np.ndarray) -> None:
        self.vocab = vocab
        self.impacts = impacts.tocsc()
        self.doc_len = doc_len
        self._indptr = self.impacts.indptr
        self._indices = self.impacts.indices
        self._data = self.impacts.data
        self.idf = self._idf()

    def _idf(self, epsilon: float = 0.25) -> np.ndarray:
        """Per-term idf recomputed from the postings (document frequency = column length).
        Used to weight query words when picking answer sentences."""
        n = self.n_docs
        df = np.diff(self._indptr).astype(np.float64)
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        if len(idf):
            idf = np.where(idf < 0, epsilon * (idf.sum() / len(idf)), idf)
        return idf

    def term_weight(self, term: str) -> float:
        j = self.vocab.get(term)
        return float(self.idf[j]) if j is not None else 0.0

    @property
    def n_docs(self) -> int:
        return self.impacts.shape[0]

    @classmethod
    def fit(
        cls, corpus: list[list[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25
    ) -> "SparseBM25":
        n = len(corpus)
        vocab: dict[str, int] = {}
        lookup = vocab.setdefault
        ids: list[int] = []
        lengths = np.zeros(n, dtype=np.int64)
        for i, doc in enumerate(corpus):
            lengths[i] = len(doc)
            ids.extend([lookup(t, len(vocab)) for t in doc])
        doc_len = lengths.astype(np.float64)
        v = max(len(vocab), 1)
        # (document, term) pairs -> term frequencies, vectorised
        keys = np.repeat(np.arange(n, dtype=np.int64), lengths) * v + np.asarray(ids, dtype=np.int64)
        pairs, tf = np.unique(keys, return_counts=True)
        rows_a, cols_a = pairs // v, pairs % v
        tf_a = tf.astype(np.float64)
        df = np.bincount(cols_a, minlength=len(vocab)).astype(np.float64)
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        if len(idf):
            eps = epsilon * (idf.sum() / len(idf))
            idf = np.where(idf < 0, eps, idf)
        avgdl = doc_len.sum() / n if n else 0.0
        norm = k1 * (1 - b + b * doc_len / avgdl) if avgdl else np.full(n, k1)
        data = idf[cols_a] * (tf_a * (k1 + 1)) / (tf_a + norm[rows_a])
        impacts = sparse.csc_matrix((data, (rows_a, cols_a)), shape=(n, len(vocab)), dtype=np.float64)
        impacts.sort_indices()
        return cls(vocab, impacts, doc_len)

    # -- scoring --------------------------------------------------------------------------------
    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(self.n_docs, dtype=np.float64)
        for term in query:
            j = self.vocab.get(term)
            if j is None:
                continue
            s, e = self._indptr[j], self._indptr[j + 1]
            out[self._indices[s:e]] += self._data[s:e]
        return out

    def top_k(self, query: list[str], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Best k (index, score) with score > 0, highest first, ties by index; `mask` limits docs."""
        scores = self.scores(query)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, self.n_docs)
        if k <= 0:
            return []
        if k < self.n_docs:
            kth = scores[np.argpartition(-scores, k - 1)[k - 1]]
            cand = np.flatnonzero(scores >= max(kth, np.nextafter(0, 1)))
        else:
            cand = np.flatnonzero(scores > 0)
        # highest score first, ties by passage order (deterministic, like a stable sort)
        order = cand[np.lexsort((cand, -scores[cand]))][:k]
        return [(int(i), float(scores[i])) for i in order]

    # -- persistence ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        terms = sorted(self.vocab, key=self.vocab.get)
        np.savez_compressed(
            path,
            indptr=self._indptr,
            indices=self._indices,
            data=self._data,
            shape=np.asarray(self.impacts.shape),
            doc_len=self.doc_len,
            terms=np.asarray(terms, dtype=str),
        )

    @classmethod
    def load(cls, path: Path) -> "SparseBM25":
        with np.load(path, allow_pickle=False) as z:
            shape = tuple(int(x) for x in z["shape"])
            impacts = sparse.csc_matrix((z["data"], z["indices"], z["indptr"]), shape=shape)
            terms = [str(t) for t in z["terms"]]
            doc_len = z["doc_len"]
        if len(terms) != shape[1] or len(doc_len) != shape[0]:
            raise ValueError("index arrays disagree in size")
        if not all(math.isfinite(x) for x in impacts.data[:1000]):
            raise ValueError("index holds non-finite scores")
        return cls({t: i for i, t in enumerate(terms)}, impacts, doc_len)
