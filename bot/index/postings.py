"""Streamed construction of the BM25 term-impact postings (compressed sparse columns).

Documents are read once, in chunks: each chunk's (document, term) pairs are counted with numpy and
kept as int32 term ids plus small term frequencies; no Python token list of the whole corpus and no
(document x vocabulary) int64 key array is ever held. When the document frequencies are known, the
chunks are poured into the final column arrays one at a time (a counting sort by term, documents stay
in order inside each column) and freed, so the peak is about the final index plus one chunk.

impact[d, t] = idf[t] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * |d| / avgdl)), in float64 with the
same operations, in the same order, as before (the scores stay equal to rank_bm25.BM25Okapi).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

CHUNK_DOCS = 50_000


class _Vocabulary(dict):
    """term -> id, a new term gets the next id (lets `map(vocab.__getitem__, doc)` run in C)."""

    def __missing__(self, term: str) -> int:
        i = self[term] = len(self)
        return i


@dataclass
class _Chunk:
    first_doc: int
    counts: np.ndarray  # distinct terms per document (int32)
    terms: np.ndarray  # term ids, sorted inside each document (int32)
    tf: np.ndarray  # term frequencies (uint16, or int32 when a count does not fit)


@dataclass
class Postings:
    vocab: dict[str, int]
    indptr: np.ndarray  # int64, len = terms + 1
    indices: np.ndarray  # int32 document numbers, ascending inside each term's column
    data: np.ndarray  # float64 impacts
    doc_len: np.ndarray  # float64


def idf_of(df: np.ndarray, n: int, epsilon: float) -> np.ndarray:
    """BM25Okapi's idf: log(N - df + 0.5) - log(df + 0.5); negative ones become epsilon * mean idf."""
    df = df.astype(np.float64)
    idf = np.log(n - df + 0.5) - np.log(df + 0.5)
    if len(idf):
        idf = np.where(idf < 0, epsilon * (idf.sum() / len(idf)), idf)
    return idf


def _count_chunk(docs: list[list[str]], vocab: _Vocabulary, first_doc: int) -> tuple[_Chunk, np.ndarray]:
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    ids: list[int] = []
    get = vocab.__getitem__
    for doc in docs:
        ids.extend(map(get, doc))
    v = max(len(vocab), 1)
    keys = np.repeat(np.arange(len(docs), dtype=np.int64) * v, lengths)
    keys += np.asarray(ids, dtype=np.int64)
    del ids
    pairs, tf = np.unique(keys, return_counts=True)
    del keys
    rows = pairs // v
    terms = (pairs - rows * v).astype(np.int32)
    counts = np.bincount(rows, minlength=len(docs)).astype(np.int32)
    tf = tf.astype(np.uint16) if tf.max(initial=0) < 65536 else tf.astype(np.int32)
    return _Chunk(first_doc, counts, terms, tf), lengths


def build_postings(
    docs: Iterable[list[str]], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25,
    chunk_docs: int = CHUNK_DOCS,
) -> Postings:
    vocab = _Vocabulary()
    chunks: list[_Chunk] = []
    lengths: list[np.ndarray] = []
    batch: list[list[str]] = []
    n = 0
    for doc in docs:
        batch.append(doc)
        if len(batch) == chunk_docs:
            chunk, lens = _count_chunk(batch, vocab, n)
            chunks.append(chunk)
            lengths.append(lens)
            n += len(batch)
            batch = []
    if batch or not chunks:
        chunk, lens = _count_chunk(batch, vocab, n)
        chunks.append(chunk)
        lengths.append(lens)
        n += len(batch)
    del batch
    v = len(vocab)
    doc_len = np.concatenate(lengths).astype(np.float64)
    df = np.zeros(v, dtype=np.int64)
    for c in chunks:
        df += np.bincount(c.terms, minlength=v)
    idf = idf_of(df, n, epsilon)
    avgdl = doc_len.sum() / n if n else 0.0
    norm = k1 * (1 - b + b * doc_len / avgdl) if avgdl else np.full(n, k1)
    indptr = np.zeros(v + 1, dtype=np.int64)
    np.cumsum(df, out=indptr[1:])
    nnz = int(indptr[-1])
    indices = np.empty(nnz, dtype=np.int32)
    data = np.empty(nnz, dtype=np.float64)
    free = indptr[:-1].copy()  # next free slot in each column
    chunks.reverse()
    while chunks:  # earliest documents first, so every column lists its documents in order
        c = chunks.pop()
        order = np.argsort(c.terms, kind="stable")
        terms = c.terms[order]
        rows = np.repeat(np.arange(c.first_doc, c.first_doc + len(c.counts), dtype=np.int32), c.counts)[order]
        tf = c.tf[order].astype(np.float64)
        del order
        per_term = np.bincount(terms, minlength=v)
        group_start = np.cumsum(per_term) - per_term
        slot = free[terms] + (np.arange(len(terms), dtype=np.int64) - group_start[terms])
        indices[slot] = rows
        data[slot] = idf[terms] * (tf * (k1 + 1)) / (tf + norm[rows])
        free += per_term
        del c, terms, rows, tf, slot
    return Postings(dict(vocab), indptr, indices, data, doc_len)
