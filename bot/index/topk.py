"""Exact top-k selection over BM25 postings, with skipping of documents that cannot make the top k.

Skipping (MaxScore): the best documents of the query's strongest columns are scored in full (binary
search into every column); their k-th best score is a lower bound on the final k-th score. Columns whose
largest impacts sum to less than that bound cannot lift a document into the top k on their own, so
only documents of the other columns are candidates (and only those whose partial score plus that sum
can still reach the bound), each scored in full. Final scores are recomputed per candidate in query-token order, so they
are the very floats a full scoring gives and the results (ties included) are the same.
"""

from __future__ import annotations

import numpy as np

# A skipped document's score is below the bound by at least this relative margin (float rounding).
SAFETY = 1e-9
# Seeds for the lower bound: the best documents of the query's strongest columns.
SEED_COLUMNS = 3
SEEDS_PER_COLUMN = 512
# Queries with this many postings add them column by column (np.add.at) rather than by one bincount.
ADD_AT_POSTINGS = 20_000
# Documents per block when bounding the k-th score by block maxima (large corpora only).
BLOCK = 1024


def best_k(cand: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (index, score) of the candidates (ascending indices), highest first, ties by index."""
    m = len(cand)
    if m > 4 * k + 64:
        # The k-th largest, selected from the top end (numpy's selection is far slower for a small
        # kth on a negated copy, and on arrays that are mostly one value, so zeros are dropped first).
        kth = np.partition(scores, m - k)[m - k]
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
    same float additions, in the same order, as adding the columns one by one). Long columns are
    added one by one with `np.add.at` instead (a column holds a document at most once, and add.at adds
    posting after posting, so the floats are the same): no copy of millions of postings, ~3x faster
    at 1M documents; a bincount stays cheaper for the few hundred postings of a small corpus."""
    if len(columns) == 1:
        s, e = int(indptr[columns[0]]), int(indptr[columns[0] + 1])
        out = np.zeros(n_docs, dtype=np.float64)
        out[indices[s:e]] = data[s:e]
        return out
    spans = [(int(indptr[j]), int(indptr[j + 1])) for j in columns]
    if sum(e - s for s, e in spans) >= ADD_AT_POSTINGS:
        out = np.zeros(n_docs, dtype=np.float64)
        for s, e in spans:
            np.add.at(out, indices[s:e], data[s:e])
        return out
    docs = np.concatenate([indices[s:e] for s, e in spans])
    weights = np.concatenate([data[s:e] for s, e in spans])
    return np.bincount(docs, weights=weights, minlength=n_docs)


def dense_top_k(scores: np.ndarray, k: int, mask=None) -> list[tuple[int, float]]:
    if mask is not None:
        scores[~mask] = 0.0
    blocks = len(scores) // BLOCK
    if blocks > 4 * k:
        # The k-th largest of the block maxima is at most the k-th largest score (k blocks each hold a
        # score at least that high), so every document of the top k, ties included, scores at least
        # that: only those are candidates (a few hundred instead of every document with a score).
        maxima = scores[:blocks * BLOCK].reshape(blocks, BLOCK).max(axis=1)
        floor = float(np.partition(maxima, blocks - k)[blocks - k])
        if floor > 0:
            cand = np.flatnonzero(scores >= floor)
            return best_k(cand, scores[cand], k)
    cand = np.flatnonzero(scores > 0)
    return best_k(cand, scores[cand], k)


def _seeds(counts: dict[int, int], mask, indptr, indices, data, bounds) -> np.ndarray:
    """Documents likely to score high, to bound the k-th score from below (any documents give a valid
    bound; good ones a useful bound): the best-scoring documents of the query's strongest columns."""
    out = []
    for j in sorted(counts, key=lambda j: (-float(bounds[j]) * counts[j], j))[:SEED_COLUMNS]:
        s, e = int(indptr[j]), int(indptr[j + 1])
        col, vals = indices[s:e], data[s:e]
        if mask is not None:
            keep = mask[col]
            col, vals = col[keep], vals[keep]
        if len(col) > SEEDS_PER_COLUMN:
            col = col[np.argpartition(vals, len(vals) - SEEDS_PER_COLUMN)[-SEEDS_PER_COLUMN:]]
        out.append(col)
    return np.unique(np.concatenate(out)) if out else np.empty(0, dtype=np.int32)


def pruned_top_k(columns: list[int], k: int, mask, indptr, indices, data, bounds, n_docs: int):
    """Top k by MaxScore: a few likely documents, scored in full, give a lower bound on the k-th score; the columns whose largest impacts together stay below it are "non-essential": a
    document found only in them cannot reach the top k. Only documents of the essential columns whose
    partial score plus that bound can still reach it are scored. Falls back to full scoring when the
    bound does not cut anything."""
    counts: dict[int, int] = {}
    for j in columns:
        counts[j] = counts.get(j, 0) + 1
    seeds = _seeds(counts, mask, indptr, indices, data, bounds)
    seed_scores = exact_scores(seeds, columns, indptr, indices, data)
    if len(seeds) < k or np.count_nonzero(seed_scores > 0) < k:
        return dense_top_k(dense_scores(columns, n_docs, indptr, indices, data), k, mask)
    theta = float(np.partition(seed_scores, len(seeds) - k)[len(seeds) - k])
    by_bound = sorted(counts, key=lambda j: (float(bounds[j]) * counts[j], j))
    non_essential, bound = [], 0.0
    for j in by_bound:
        b = float(bounds[j]) * counts[j]
        if (bound + b) * (1 + SAFETY) >= theta:
            break
        non_essential.append(j)
        bound += b
    if not non_essential:
        return dense_top_k(dense_scores(columns, n_docs, indptr, indices, data), k, mask)
    skipped = set(non_essential)
    essential = [j for j in columns if j not in skipped]
    partial = dense_scores(essential, n_docs, indptr, indices, data)
    cand = np.flatnonzero(partial)
    if mask is not None:
        cand = cand[mask[cand]]
    cand = cand[(partial[cand] + bound) * (1 + SAFETY) >= theta]
    scores = exact_scores(cand, columns, indptr, indices, data)
    keep = scores > 0
    return best_k(cand[keep], scores[keep], k)
