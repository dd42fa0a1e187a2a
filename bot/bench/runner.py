"""`yibao bench`: start-up, per-route latency, retrieval scaling and HTTP load, printed and saved.

Nothing here asserts a time: the machine is shared and noisy. The figures go to the terminal and JSON.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROUTES = {
    "retrieval": ["中山怎么选定点医院", "区本级是什么意思", "潍坊居民医保怎么缴费", "秦皇岛大学生待遇享受期",
                  "东营外伤住院能报销吗", "湖南靈活就業人員可以在哪裡參保", "新生儿怎么参保", "异地就医怎么备案"],
    "calculator": ["潍坊居民医保高档一家三口交多少", "平阳县县级医院住院花了2万能报多少",
                   "平阳县乡镇卫生院住院三千八能报多少", "平阳县市外医院住院20万没转诊能报多少"],
    "refusal": ["北京居民医保一年交多少钱", "今天天气怎么样", "潍坊2024年居民医保交多少", "帮我写一首诗"],
}
HTTP_QUESTIONS = ROUTES["retrieval"][:3] + ROUTES["calculator"][:2] + ROUTES["refusal"][:1]


def machine() -> dict:
    import os

    mem = 0
    try:
        mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) // 1024
    except (OSError, AttributeError):
        pass
    cpu = ""
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_mb": mem, "python": platform.python_version(),
            "platform": platform.platform()}


def pct(values: list[float]) -> dict:
    return {f"p{p}": round(float(np.percentile(values, p)), 3) for p in (50, 95, 99)} if values else {}


def bench_startup() -> dict:
    code = ("import time;t=time.perf_counter();from bot.pipeline import Bot;b=Bot.load();"
            "b.ask('潍坊居民医保高档一家三口交多少');from bot.bench.engines import _rss_mb;"
            "print(time.perf_counter()-t, _rss_mb())")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    inner, rss = (float(x) for x in out.stdout.split())
    return {"process_start_to_first_answer_s": round(wall, 3), "load_and_answer_in_process_s": round(inner, 3),
            "rss_mb": round(rss, 1)}


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


def bench_routes(bot, rounds: int) -> dict:
    out = {}
    for route, questions in ROUTES.items():
        for q in questions:  # warm
            bot.ask(q)
        lat = []
        for _ in range(rounds):
            for q in questions:
                t0 = time.perf_counter()
                bot.ask(q)
                lat.append((time.perf_counter() - t0) * 1000)
        out[route] = {"n": len(lat), **pct(lat)}
    return out


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
            if engine == "rank_bm25" and n > rank_bm25_max:
                rows.append({"engine": engine, "passages": n,
                             "skipped": f"rank_bm25 above {rank_bm25_max} passages takes longer than a few minutes"})
                continue
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(engine, n, sentences, queries, budget, child))
            proc.start()
            row = parent.recv()
            proc.join()
            rows.append(row)
            print(f"  scaling {engine:9s} {n:>8d}: {row}", flush=True)
    return rows


WRK_LUA = """
local bodies = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/api/chat", {["Content-Type"] = "application/json"}, bodies[(i %% #bodies) + 1])
end
"""


def bench_http(settings, workers: int, connections: int, duration: int) -> dict:
    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    from bot.bench.server import running_server

    bodies = ", ".join(json.dumps(json.dumps({"message": q}, ensure_ascii=False), ensure_ascii=False)
                       for q in HTTP_QUESTIONS)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "post.lua"
        script.write_text(WRK_LUA % bodies, encoding="utf-8")
        s = settings.model_copy(update={"feedback_db": Path(tmp) / "feedback.sqlite3"})
        with running_server(s, workers=workers) as url:
            subprocess.run(["wrk", "-t2", "-c4", "-d2s", "-s", str(script), url], capture_output=True)  # warm
            out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s",
                                  str(script), url], capture_output=True, text=True, check=True).stdout
    return {"workers": workers, "connections": connections, "duration_s": duration, **parse_wrk(out)}


def parse_wrk(out: str) -> dict:
    def ms(value: str) -> float:
        num, unit = re.match(r"([\d.]+)(\w+)", value).groups()
        return float(num) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    result = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for p in ("50", "99"):
        m = re.search(rf"\s{p}%\s+([\d.]+\w+)", out)
        if m:
            result[f"p{p}_ms"] = round(ms(m.group(1)), 3)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    result["non_2xx"] = int(errors.group(1)) if errors else 0
    return result


def run(settings, sizes: list[int], *, rank_bm25_max: int, budget: float, http: bool, workers: int,
        connections: int, duration: int, rounds: int) -> dict:
    from bot.pipeline import Bot

    report: dict = {"machine": machine()}
    print("start-up ...", flush=True)
    Bot.load(settings)  # make sure the index on disk is current: start-up is measured with a prebuilt one
    report["startup"] = bench_startup() | bench_index_build(settings)
    bot = Bot.load(settings)
    print("in-process latency per route ...", flush=True)
    report["ask_latency_ms"] = bench_routes(bot, rounds)
    engines = ["yibao", "rank_bm25"] + [e for e in ("bm25s", "tantivy") if _importable(e)]
    report["engines_not_installed"] = [e for e in ("bm25s", "tantivy") if not _importable(e)]
    print(f"scaling {sizes} with {engines} ...", flush=True)
    report["scaling"] = bench_scaling(bot, sizes, rank_bm25_max, budget, engines)
    if http:
        print(f"HTTP load ({workers} workers, {connections} connections, {duration}s) ...", flush=True)
        report["http"] = bench_http(settings, workers, connections, duration)
    return report


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def print_report(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    m = report["machine"]
    console.print(f"machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory_mb']} MB RAM, Python {m['python']}")
    s = report["startup"]
    console.print(f"start-up: process start -> first answer {s['process_start_to_first_answer_s']} s "
                  f"(RSS {s['rss_mb']} MB); index build {s['index_build_s']} s for {s['passages']} passages")
    t = Table(title="in-process ask latency (ms)")
    for col in ("route", "n", "p50", "p95", "p99"):
        t.add_column(col, justify="right")
    for route, v in report["ask_latency_ms"].items():
        t.add_row(route, str(v["n"]), str(v["p50"]), str(v["p95"]), str(v["p99"]))
    console.print(t)
    t = Table(title="retrieval scaling (synthetic corpora)")
    for col in ("engine", "passages", "build s", "query p50 ms", "query p95 ms", "RSS MB", "note"):
        t.add_column(col, justify="right")
    for r in report["scaling"]:
        t.add_row(r["engine"], str(r["passages"]), str(r.get("build_s", "")), str(r.get("p50_ms", "")),
                  str(r.get("p95_ms", "")), str(r.get("rss_mb", "")), r.get("skipped") or r.get("error") or "")
    console.print(t)
    if "http" in report:
        console.print(f"HTTP: {report['http']}")
