"""Retrieval engines measured side by side, each in its own process (clean memory figures)."""

from __future__ import annotations

import time

import numpy as np

from bot.bench.startup import rss_peak_mb as _rss_mb


def _timed_queries(search, queries, budget_s: float) -> list[float]:
    lat = []
    start = time.perf_counter()
    for q in queries:
        t0 = time.perf_counter()
        search(q)
        lat.append((time.perf_counter() - t0) * 1000)
        if time.perf_counter() - start > budget_s:
            break
    return lat


def run_engine(engine: str, corpus: list[list[str]], queries: list[list[str]], budget_s: float = 60) -> dict:
    base = _rss_mb()
    t0 = time.perf_counter()
    if engine in ("yibao", "yibao_skip"):
        from bot.index.bm25 import SparseBM25

        index = SparseBM25.fit(corpus)
        prune = engine == "yibao_skip"
        search = lambda q: index.top_k(q, 10, prune=prune)  # noqa: E731
    elif engine == "rank_bm25":
        from rank_bm25 import BM25Okapi

        index = BM25Okapi(corpus)
        search = lambda q: np.argsort(-index.get_scores(q))[:10]  # noqa: E731
    elif engine == "bm25s":
        import bm25s

        index = bm25s.BM25(method="lucene")
        index.index(corpus, show_progress=False)
        search = lambda q: index.retrieve([q], k=10, show_progress=False)  # noqa: E731
    elif engine == "tantivy":
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
        schema = builder.build()
        index = tantivy.Index(schema)
        writer = index.writer(heap_size=256_000_000)
        for doc in corpus:
            writer.add_document(tantivy.Document(body=" ".join(doc)))
        writer.commit()
        index.reload()
        searcher = index.searcher()
        field = "body"

        def search(q):
            terms = [tantivy.Query.term_query(schema, field, t) for t in q]
            query = tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])
            return searcher.search(query, 10)
    else:
        raise ValueError(engine)
    build_s = time.perf_counter() - t0
    lat = _timed_queries(search, queries, budget_s)
    return {
        "engine": engine, "passages": len(corpus), "build_s": round(build_s, 3), "queries": len(lat),
        "p50_ms": round(float(np.percentile(lat, 50)), 3), "p95_ms": round(float(np.percentile(lat, 95)), 3),
        "rss_mb": round(_rss_mb(), 1), "rss_delta_mb": round(_rss_mb() - base, 1),
    }
