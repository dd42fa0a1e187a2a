"""Streamed construction of the BM25 term-impact postings (compressed sparse columns).

Documents are read once, in chunks: each chunk's (document, term) pairs are counted (scipy's sparse
conversions, C++ counting sorts) and kept as int32 term ids plus small term frequencies; no Python
token list of the whole corpus and no (document x vocabulary) int64 key array is ever held. When the
document frequencies are known, the chunks are regrouped by term and poured into the final column
arrays one at a time (documents stay in order inside each column) and freed, so the peak is about the
final index plus one chunk.

impact[d, t] = idf[t] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * |d| / avgdl)), in float64 with the
same operations, in the same order, as before (the scores stay equal to rank_bm25.BM25Okapi).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
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
    from scipy import sparse  # build time only: the run-time index needs numpy alone

    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
    get = vocab.__getitem__
    ids = np.fromiter(chain.from_iterable(map(get, d) for d in docs), dtype=np.int32, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(docs), dtype=np.int32), lengths)
    # (document, term) counts: scipy's COO -> CSR conversion sums the duplicates in C++ (a counting
    # sort by document, then a small sort inside each document) instead of sorting every token.
    counts = sparse.csr_matrix((np.ones(len(ids), dtype=np.int32), (rows, ids)), shape=(len(docs), max(len(vocab), 1)))
    del ids, rows
    counts.sum_duplicates()
    tf = counts.data
    tf = tf.astype(np.uint16) if tf.max(initial=0) < 65536 else tf.astype(np.int32)
    chunk = _Chunk(first_doc, np.diff(counts.indptr).astype(np.int32), counts.indices.astype(np.int32), tf)
    return chunk, lengths


def _by_term(c: _Chunk, v: int):
    """The chunk's (document, term) counts regrouped by term (scipy's CSR -> CSC counting sort)."""
    from scipy import sparse

    indptr = np.zeros(len(c.counts) + 1, dtype=np.int64)
    np.cumsum(c.counts, out=indptr[1:])
    m = sparse.csr_matrix((c.tf, c.terms, indptr), shape=(len(c.counts), max(v, 1)))
    return m.tocsc()


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
        by_term = _by_term(c, v)  # the chunk as columns: documents ascending inside each term
        per_term = np.diff(by_term.indptr)
        terms = np.repeat(np.arange(v, dtype=np.int32), per_term)
        rows = by_term.indices.astype(np.int32) + np.int32(c.first_doc)
        tf = by_term.data.astype(np.float64)
        slot = free[terms] + (np.arange(len(terms), dtype=np.int64) - by_term.indptr[:-1][terms])
        indices[slot] = rows
        data[slot] = idf[terms] * (tf * (k1 + 1)) / (tf + norm[rows])
        free += per_term
        del c, by_term, terms, rows, tf, slot
    return Postings(dict(vocab), indptr, indices, data, doc_len)
