"""Skipping in top_k is exact: same documents, same order, same float scores as rank_bm25 and as full
scoring, on random corpora with a skewed vocabulary (fixed seeds), with and without a mask."""

import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bot.index import topk
from bot.index.bm25 import SparseBM25
from bot.index.postings import build_postings


def _zipf_corpus(seed: int, n_docs: int, n_terms: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    docs = []
    for _ in range(n_docs):
        ids = np.minimum(rng.zipf(1.3, size=int(rng.integers(1, 40))), n_terms) - 1
        docs.append([f"t{i}" for i in ids])
    return docs


@pytest.fixture(scope="module", params=[1, 2])
def case(request):
    docs = _zipf_corpus(request.param, 2500, 2000)
    return docs, BM25Okapi(docs), SparseBM25.fit(docs)


def _assert_same_top(got: list[tuple[int, float]], expected: np.ndarray, k: int, allowed=None) -> None:
    """Same documents in the same order as rank_bm25; where two scores differ by less than 1e-9 (a
    float tie summed in another order) either order is right, so then the scores are compared."""
    idx = [i for i in range(len(expected)) if expected[i] > 0 and (allowed is None or allowed[i])]
    ref = sorted(idx, key=lambda i: (-expected[i], i))[:k]
    assert len(got) == len(ref)
    assert all(abs(s - expected[i]) < 1e-9 for i, s in got)
    ref_scores = [expected[i] for i in ref]
    near_tie = any(abs(a - b) < 1e-9 for a, b in zip(ref_scores, ref_scores[1:]))
    near_tie |= len(idx) > k and abs(expected[ref[-1]] - max(expected[i] for i in idx if i not in ref)) < 1e-9
    if near_tie:
        assert np.allclose([s for _, s in got], ref_scores, rtol=0, atol=1e-9)
    else:
        assert [i for i, _ in got] == ref


def _queries(seed: int, vocab_size: int, n: int = 100):
    rng = random.Random(seed)
    for _ in range(n):
        # a mix of common (low ids) and rare terms, sometimes repeated
        yield [f"t{min(int(rng.paretovariate(0.6)) - 1, vocab_size - 1)}" for _ in range(rng.randint(1, 9))]


def test_pruned_top_k_equals_rank_bm25(case, monkeypatch):
    docs, ref, ours = case
    probed = []
    real = topk.exact_scores
    monkeypatch.setattr(topk, "exact_scores", lambda cand, *a: probed.append(len(cand)) or real(cand, *a))
    for q in _queries(5, 2000, 70):
        expected = ref.get_scores(q)
        for k in (1, 10):
            pruned = ours.top_k(q, k, prune=True)
            _assert_same_top(pruned, expected, k)
            assert pruned == ours.top_k(q, k, prune=False)  # the very same floats
    assert probed and min(probed) < len(docs) / 10  # documents were skipped, not only fully scored


def test_pruned_top_k_with_mask(case):
    docs, ref, ours = case
    rng = np.random.default_rng(9)
    mask = rng.random(len(docs)) < 0.3
    for q in _queries(6, 2000, 40):
        expected = ref.get_scores(q)
        pruned = ours.top_k(q, 5, mask, prune=True)
        _assert_same_top(pruned, expected, 5, mask)
        assert pruned == ours.top_k(q, 5, mask, prune=False)


def test_chunked_build_equals_one_chunk():
    docs = _zipf_corpus(4, 2500, 800)
    one = build_postings(docs, chunk_docs=10**6)
    many = build_postings(iter(docs), chunk_docs=97)
    assert one.vocab == many.vocab
    for name in ("indptr", "indices", "data", "doc_len"):
        assert np.array_equal(getattr(one, name), getattr(many, name)), name
    assert many.indices.dtype == np.int32
