"""Exact top-k selection over BM25 postings, with skipping of documents that cannot make the top k.

Skipping (MaxScore with one split): the query's short columns are scored first; their k-th best
partial score is a lower bound on the final k-th score. If the largest impacts of the long columns sum
to less than that bound, a document only the long columns contain cannot reach the top k, so only the
documents already seen (and only those whose partial score plus that sum can still reach the bound)
are scored, by binary search into the columns. Final scores are recomputed per candidate in query-token order, so they
are the very floats a full scoring gives and the results (ties included) are the same.
"""

from __future__ import annotations

import numpy as np

# A skipped document's score is below the bound by at least this relative margin (float rounding).
SAFETY = 1e-9
# Check for skipping before adding a column longer than this share of the documents.
LONG_COLUMN = 1 / 64


def best_k(cand: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (index, score) of the candidates (ascending indices), highest first, ties by index."""
    if len(cand) > 4 * k + 64:
        kth = -np.partition(-scores, k - 1)[k - 1]
        keep = scores >= kth
        cand, scores = cand[keep], scores[keep]
    order = np.lexsort((cand, -scores))[:k]
    return list(zip(cand[order].tolist(), scores[order].tolist()))


def exact_scores(cand: np.ndarray, columns: list[int], indptr, indices, data) -> np.ndarray:
    """Scores of the candidate documents (ascending), adding column impacts in query order."""
    out = np.zeros(len(cand), dtype=np.float64)
    for j in columns:
        s, e = int(indptr[j]), int(indptr[j + 1])
        col = indices[s:e]
        pos = np.searchsorted(col, cand)
        pos[pos == len(col)] = 0
        found = np.flatnonzero(col[pos] == cand) if len(col) else np.empty(0, dtype=np.int64)
        out[found] += data[s + pos[found]]
    return out


def dense_scores(columns: list[int], n_docs: int, indptr, indices, data) -> np.ndarray:
    """Every document's score: one weighted bincount over the query's columns in query order (the
    same float additions, in the same order, as adding the columns one by one)."""
    if len(columns) == 1:
        s, e = int(indptr[columns[0]]), int(indptr[columns[0] + 1])
        out = np.zeros(n_docs, dtype=np.float64)
        out[indices[s:e]] = data[s:e]
        return out
    spans = [(int(indptr[j]), int(indptr[j + 1])) for j in columns]
    docs = np.concatenate([indices[s:e] for s, e in spans])
    weights = np.concatenate([data[s:e] for s, e in spans])
    return np.bincount(docs, weights=weights, minlength=n_docs)


def dense_top_k(scores: np.ndarray, k: int, mask=None) -> list[tuple[int, float]]:
    if mask is not None:
        scores[~mask] = 0.0
    n = len(scores)
    if n > 4 * k + 64:
        kth = float(np.partition(scores, n - k)[n - k])
        cand = np.flatnonzero(scores >= max(kth, np.nextafter(0, 1)))
    else:
        cand = np.flatnonzero(scores > 0)
    return best_k(cand, scores[cand], k)


def pruned_top_k(columns: list[int], k: int, mask, indptr, indices, data, bounds, n_docs: int):
    """Top k, skipping documents only the long columns contain when they cannot reach the k-th
    score of the documents the short columns name; otherwise full scoring."""
    counts: dict[int, int] = {}
    for j in columns:
        counts[j] = counts.get(j, 0) + 1
    long_min = n_docs * LONG_COLUMN
    short = [j for j in counts if indptr[j + 1] - indptr[j] <= long_min]
    long_ = [j for j in counts if indptr[j + 1] - indptr[j] > long_min]
    if short and long_:
        remaining = sum(float(bounds[j]) * counts[j] for j in long_)
        acc = dense_scores([j for j in columns if j in short], n_docs, indptr, indices, data)
        seen = np.flatnonzero(acc)
        if mask is not None:
            seen = seen[mask[seen]]
        if len(seen) >= k:
            part = acc[seen]
            kth = float(np.partition(part, len(part) - k)[len(part) - k])
            if remaining * (1 + SAFETY) < kth:
                cand = seen[(part + remaining) * (1 + SAFETY) >= kth]
                scores = exact_scores(cand, columns, indptr, indices, data)
                keep = scores > 0
                return best_k(cand[keep], scores[keep], k)
    return dense_top_k(dense_scores(columns, n_docs, indptr, indices, data), k, mask)
