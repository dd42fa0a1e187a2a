import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bot.index.bm25 import SparseBM25


@pytest.fixture(scope="module")
def corpus():
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(400)]
    return [[rng.choice(vocab[: rng.randint(3, 400)]) for _ in range(rng.randint(1, 60))] for _ in range(800)], vocab


def test_scores_equal_rank_bm25(corpus):
    docs, vocab = corpus
    ref, ours = BM25Okapi(docs), SparseBM25.fit(docs)
    rng = random.Random(11)
    for _ in range(100):
        q = [rng.choice(vocab) for _ in range(rng.randint(1, 8))]
        expected = ref.get_scores(q)
        got = ours.scores(q)
        assert np.max(np.abs(expected - got)) < 1e-9
        top_ref = sorted(range(len(docs)), key=lambda i: (-expected[i], i))[:10]
        top_ours = [i for i, _ in ours.top_k(q, 10)]
        positive = [i for i in top_ref if expected[i] > 0]
        assert top_ours == positive


def test_real_corpus_scores_equal_rank_bm25(bot):
    from bot.index.artifacts import passage_index_text

    docs = [bot.tokenizer.tokens(passage_index_text(p)) for p in bot.index.passages]
    ref = BM25Okapi(docs)
    for q in ["潍坊居民医保交多少", "平阳县县级医院起付线", "中山选点", "异地就医备案", "新生儿参保"]:
        tokens = bot.tokenizer.query_tokens(q)
        assert np.max(np.abs(ref.get_scores(tokens) - bot.index.bm25.scores(tokens))) < 1e-9


def test_save_load_roundtrip(tmp_path, corpus):
    docs, _ = corpus
    ours = SparseBM25.fit(docs)
    ours.save(tmp_path / "bm25.npz")
    again = SparseBM25.load(tmp_path / "bm25.npz")
    assert again.vocab == ours.vocab
    assert np.allclose(again.scores(["w1", "w5"]), ours.scores(["w1", "w5"]))


def test_mask_limits_results(corpus):
    docs, _ = corpus
    ours = SparseBM25.fit(docs)
    mask = np.zeros(len(docs), dtype=bool)
    mask[:10] = True
    assert all(i < 10 for i, _ in ours.top_k(["w1", "w2", "w3"], 5, mask))


def test_empty_query_has_no_hits(corpus):
    assert SparseBM25.fit(corpus[0]).top_k([], 5) == []


def test_large_corpus_top_k_bounded_by_block_maxima_is_exact():
    """Above 4k blocks of documents the top k is found among documents scoring at least the k-th block
    maximum: the same (index, score) list, ties by index, as sorting every positive score."""
    from bot.index.topk import BLOCK

    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(60)]
    n = 12 * BLOCK + 17
    docs = [[rng.choice(vocab[: rng.randint(2, 60)]) for _ in range(rng.randint(1, 12))] for _ in range(n)]
    docs[:50] = [["w1", "w2"]] * 50  # many equal scores: ties at the k-th place
    ours = SparseBM25.fit(docs)
    mask = np.array([rng.random() < 0.7 for _ in range(n)])
    for _ in range(40):
        q = [rng.choice(vocab) for _ in range(rng.randint(1, 5))] + (["w1", "w2"] if rng.random() < 0.3 else [])
        for k in (1, 2, 3):
            for m in (None, mask):
                scores = ours.scores(q)
                if m is not None:
                    scores[~m] = 0.0
                expected = [(i, float(scores[i])) for i in sorted(range(n), key=lambda i: (-scores[i], i))[:k]
                            if scores[i] > 0]
                assert ours.top_k(q, k, mask=m) == expected


def test_dense_scores_of_long_columns_are_the_bincount_floats():
    """Columns added one by one (np.add.at, for many postings) give the very floats of one bincount."""
    from bot.index import topk

    rng = np.random.default_rng(9)
    n = 50_000
    cols = [np.sort(rng.choice(n, size, replace=False)).astype(np.int32) for size in (30_000, 12_000, 9_000, 400)]
    indptr = np.concatenate([[0], np.cumsum([len(c) for c in cols])]).astype(np.int64)
    indices, data = np.concatenate(cols), rng.random(int(indptr[-1])) * 7
    for query in ([0, 1], [1, 2, 3], [3, 0, 0, 2], [2, 3]):
        spans = [(int(indptr[j]), int(indptr[j + 1])) for j in query]
        expected = np.bincount(np.concatenate([indices[s:e] for s, e in spans]),
                               weights=np.concatenate([data[s:e] for s, e in spans]), minlength=n)
        assert np.array_equal(topk.dense_scores(query, n, indptr, indices, data), expected)
