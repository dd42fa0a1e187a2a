"""`yibao bench`: machine, imports, start-up, in-process latency, per-stage profile, retrieval scaling
and HTTP load (the chat route against a bare FastAPI route in the same run), printed and saved.

Nothing here asserts a time: the machine is shared and noisy. The figures go to the terminal and JSON.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import tempfile
import time
from pathlib import Path

from bot.bench.latency import ROUTES, bench_questions, bench_routes, eval_questions
from bot.bench.startup import available_memory_mb, bench_startup, import_times, machine

HTTP_QUESTIONS = ROUTES["retrieval"][:3] + ROUTES["calculator"][:2] + ROUTES["refusal"][:1]
# Peak memory per passage while building (synthetic corpus included), to skip sizes that cannot fit.
MB_PER_PASSAGE = {"yibao": 0.0026, "yibao_skip": 0.0026, "rank_bm25": 0.004, "bm25s": 0.0045, "tantivy": 0.0016}


def bench_index_build(settings) -> dict:
    from bot.core.resources import make_gazetteer, make_tokenizer
    from bot.index.artifacts import build_index

    tmp = Path(tempfile.mkdtemp())
    s = settings.model_copy(update={"index_dir": tmp / "index", "derived_dir": tmp / "derived"})
    g = make_gazetteer(s)
    t = make_tokenizer(s, g)
    t.warm_up()
    t0 = time.perf_counter()
    index = build_index(s, t, g, write_corpus=False)
    seconds = time.perf_counter() - t0
    shutil.rmtree(tmp, ignore_errors=True)
    return {"index_build_s": round(seconds, 3), "passages": len(index.passages)}


def _child(engine, n, sentences, queries, budget, conn):
    from bot.bench.engines import run_engine
    from bot.bench.synthetic import make_corpus

    try:
        conn.send(run_engine(engine, make_corpus(sentences, n), queries, budget))
    except Exception as exc:  # reported, not raised: one engine failing must not stop the run
        conn.send({"engine": engine, "passages": n, "error": f"{type(exc).__name__}: {exc}"})


def bench_scaling(bot, sizes: list[int], rank_bm25_max: int, budget: float, engines: list[str]) -> list[dict]:
    from bot.bench.synthetic import sentence_tokens

    sentences = sentence_tokens(bot.index.passages, bot.tokenizer)
    queries = [bot.analyse(q).tokens for qs in ROUTES.values() for q in qs] * 25
    ctx = mp.get_context("spawn")
    rows = []
    for n in sizes:
        for engine in engines:
            need = int(n * MB_PER_PASSAGE.get(engine, 0.005))
            if engine == "rank_bm25" and n > rank_bm25_max:
                rows.append({"engine": engine, "passages": n,
                             "skipped": f"rank_bm25 above {rank_bm25_max} passages takes longer than a few minutes"})
                continue
            if need > 0.8 * available_memory_mb():
                rows.append({"engine": engine, "passages": n,
                             "skipped": f"needs ~{need} MB, {available_memory_mb()} MB available"})
                continue
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(engine, n, sentences, queries, budget, child))
            proc.start()
            row = parent.recv()
            proc.join()
            rows.append(row)
            print(f"  scaling {engine:9s} {n:>8d}: {row}", flush=True)
    return rows


def run(settings, sizes: list[int], *, rank_bm25_max: int, budget: float, http: bool, workers: int,
        connections: int, duration: int, rounds: int, profile: bool = False) -> dict:
    from bot.pipeline import Bot

    report: dict = {"machine": machine()}
    print("imports and start-up ...", flush=True)
    Bot.load(settings)  # make sure the index on disk is current: start-up is measured with a prebuilt one
    report["imports_ms"] = import_times()
    report["startup"] = bench_startup() | bench_index_build(settings)
    bot = Bot.load(settings)
    print("in-process latency ...", flush=True)
    cases, files = eval_questions(settings.root)
    report["ask_latency_ms"] = {"questions": bench_questions(bot, cases, max(1, rounds // 10)) | {"files": files},
                                **bench_routes(bot, rounds)}
    if profile:
        from bot.bench.profile import profile_asks

        print("profiling stages ...", flush=True)
        report["profile"] = profile_asks(bot, cases, report["ask_latency_ms"]["questions"]["p50"])
    if sizes:
        engines = ["yibao", "yibao_skip", "rank_bm25"] + [e for e in ("bm25s", "tantivy") if _importable(e)]
        report["engines_not_installed"] = [e for e in ("bm25s", "tantivy") if not _importable(e)]
        print(f"scaling {sizes} with {engines} ...", flush=True)
        report["scaling"] = bench_scaling(bot, sizes, rank_bm25_max, budget, engines)
    if http:
        from bot.bench.http import bench_http

        print(f"HTTP load (bare FastAPI and /api/chat on 1 worker, then {workers} workers; "
              f"{connections} connections, {duration}s each) ...", flush=True)
        report["http"] = bench_http(settings, HTTP_QUESTIONS, workers, connections, duration)
    report["machine"]["load_1min_at_end"] = machine()["load_1min_at_start"]
    return report


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None
