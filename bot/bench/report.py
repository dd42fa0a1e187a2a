"""Print a `yibao bench` report (the same figures as the JSON), each with its target."""

from __future__ import annotations


def print_report(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    m = report["machine"]
    console.print(f"machine: {m['cpus']} CPUs ({m['cpu']}), {m['memory_mb']} MB RAM, Python {m['python']}, "
                  f"{m['platform']}; load average {m.get('load_1min_at_start')} at start, "
                  f"{m.get('load_1min_at_end')} at end")
    if "imports_ms" in report:
        console.print("imports (ms, self time by package): " + ", ".join(
            f"{r['package']} {r['ms']}" for r in report["imports_ms"]))
    s = report["startup"]
    console.print(f"start-up: process start -> first answer {s['process_start_to_first_answer_s']} s best of "
                  f"{s.get('runs', 1)} (median {s.get('median_of_runs_s')} s; target <= {s.get('target_s')} s): "
                  f"imports {s.get('imports_s')} s, Bot.load {s.get('bot_load_s')} s, first answer "
                  f"{s.get('first_answer_s')} s, RSS {s['rss_mb']} MB; index build {s['index_build_s']} s for "
                  f"{s['passages']} passages")
    t = Table(title="in-process ask latency (ms)")
    for col in ("questions", "n", "p50", "p95", "p99", "target"):
        t.add_column(col, justify="right")
    for name, v in report["ask_latency_ms"].items():
        label = f"{'+'.join(v['files'])} x {v['rounds']}" if name == "questions" else name
        target = f"p50 <= {v['targets']['p50']}, p95 <= {v['targets']['p95']}" if "targets" in v else ""
        t.add_row(label, str(v["n"]), str(v["p50"]), str(v["p95"]), str(v["p99"]), target)
    console.print(t)
    fastest = report["ask_latency_ms"].get("questions", {}).get("fastest_of_rounds")
    if fastest:
        console.print(f"each question's fastest of its {report['ask_latency_ms']['questions']['rounds']} asks "
                      f"(least moved by other jobs; for comparing two runs): p50 {fastest['p50']} ms, "
                      f"p95 {fastest['p95']} ms")
    if "profile" in report:
        p = report["profile"]
        t = Table(title=f"stages of an ask ({p['asks']} asks under cProfile, {p['profiled_ms_per_ask']} ms each "
                        f"profiled; us scaled to the unprofiled p50 {p['unprofiled_p50_ms']} ms)")
        for col in ("stage", "share", "us per ask"):
            t.add_column(col, justify="right")
        for r in p["stages"]:
            t.add_row(r["stage"], f"{r['share']:.1%}", str(r["us_per_ask"]))
        console.print(t)
    if report.get("scaling"):
        t = Table(title="retrieval scaling (synthetic corpora)")
        for col in ("engine", "passages", "build s", "query p50 ms", "query p95 ms", "RSS MB", "note"):
            t.add_column(col, justify="right")
        for r in report["scaling"]:
            t.add_row(r["engine"], str(r["passages"]), str(r.get("build_s", "")), str(r.get("p50_ms", "")),
                      str(r.get("p95_ms", "")), str(r.get("rss_mb", "")), r.get("skipped") or r.get("error") or "")
        console.print(t)
    h = report.get("http")
    if h and "skipped" not in h:
        t = Table(title=f"HTTP (wrk, loopback); /api/chat on 1 worker = {h['ratio_chat_to_bare']} x bare FastAPI "
                        f"(target >= {h['targets']['ratio']}); the exchange log costs "
                        f"{h.get('exchange_log_throughput_cost')} of its throughput (the old writer thread: "
                        f"{h.get('thread_writer_throughput_cost')})")
        for col in ("server", "connections", "req/s", "p50 ms", "p99 ms", "non-2xx"):
            t.add_column(col, justify="right")
        for name, r in h.items():
            if isinstance(r, dict) and "requests_per_s" in r:
                t.add_row(name, str(r["connections"]), str(r["requests_per_s"]), str(r.get("p50_ms")),
                          str(r.get("p99_ms")), str(r["non_2xx"]))
        console.print(t)
    elif h:
        console.print(f"HTTP: {h['skipped']}")
