"""`yibao eval`: run a JSONL question set through the bot (in-process or over HTTP) and report."""

from __future__ import annotations

import json
import time
from pathlib import Path

from bot.core.errors import BotError
from bot.evaluation.dataset import load_dataset
from bot.evaluation.metrics import score


def _ask_local(bot):
    def ask(question: str, context: dict | None) -> dict:
        try:
            return bot.ask(question, context).model_dump(mode="json")
        except BotError as err:
            return {"error": err.to_dict()}
    return ask


def _ask_http(url: str):
    import httpx

    client = httpx.Client(base_url=url.rstrip("/"), timeout=30)

    def ask(question: str, context: dict | None) -> dict:
        for _ in range(30):  # a server with a rate limit answers 429 + Retry-After: wait and ask again
            r = client.post("/api/chat", json={"message": question, "context": context})
            if r.status_code != 429:
                break
            time.sleep(min(float(r.headers.get("retry-after", "1")), 10.0))
        return r.json()
    return ask


def run(data: Path, *, k: int = 5, url: str | None = None, settings=None, progress: bool = True) -> dict:
    dataset = load_dataset(data)
    if url:
        ask, config = _ask_http(url), {"url": url}
    else:
        from bot.pipeline import Bot

        bot = Bot.load(settings)
        bot.tokenizer.fill_table()  # as a running server does after start: latency is the served one
        ask = _ask_local(bot)
        s = bot.settings
        config = {"min_score": s.min_score, "intent_threshold": s.intent_threshold,
                  "intent_margin": s.intent_margin, "use_synonyms": s.use_synonyms,
                  "use_userdict": s.use_userdict, "use_region_boost": s.use_region_boost,
                  "index_version": bot.index.version}
    replies, latencies = [], []
    iterator = dataset.cases
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("evaluating", total=len(dataset.cases))
    try:
        for case in iterator:
            context = case.context
            for turn in case.earlier_turns:  # a dialogue: carry the context, score the last reply
                context = ask(turn, context).get("context")
            t0 = time.perf_counter()
            replies.append(ask(case.question, context))
            latencies.append((time.perf_counter() - t0) * 1000)
            if bar:
                bar.advance(task)
    finally:
        if bar:
            bar.stop()
    report = score(dataset.cases, replies, latencies, k)
    report["config"] = config | {"k": k, "data": str(data)}
    report["skipped_lines"] = dataset.problems
    report["_cases"], report["_replies"] = dataset.cases, replies  # for a judging sample; not written out
    return report


def print_report(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    t = Table(title="yibao eval", show_header=True)
    t.add_column("metric")
    t.add_column("value", justify="right")
    c = report["counts"]
    rows = [
        ("cases", str(c["cases"])),
        ("intent accuracy", f"{report['intent']['accuracy']:.3f}"),
        ("intent macro-F1", f"{report['intent']['macro_f1']:.3f}"),
        *[(name, f"{v:.3f}") for name, v in report["retrieval"].items()],
        ("answer-hit (evidence shown)", f"{report['answer']['answer_hit']:.3f}"),
        ("lead-hit (in first 150 chars)", f"{report['answer']['lead_hit']:.3f}"),
        ("mean answer length (chars)", f"{report['answer']['mean_length']:.0f}"),
        ("citation precision", f"{report['citation_precision']:.3f}"),
        ("amount accuracy", f"{report['amount_accuracy']:.3f} (n={c['with_amount']})"),
        ("status accuracy", f"{report['status_accuracy']:.3f}"),
        ("refusal precision / recall", f"{report['refusal']['precision']:.3f} / {report['refusal']['recall']:.3f}"),
        ("clarify accuracy", f"{report['clarify_accuracy']:.3f} (n={c['expect_clarify']})"),
        ("latency p50 / p95 (ms)", f"{report['latency_ms']['p50']:.2f} / {report['latency_ms']['p95']:.2f}"),
        ("failures", str(c["failures"])),
    ]
    for name, value in rows:
        t.add_row(name, value)
    console.print(t)
    if len(report.get("by_class") or {}) > 1:
        t = Table(title="by class", show_header=True)
        for col in ("class", "n", "status", "answer-hit", "lead-hit", "amount"):
            t.add_column(col, justify="right" if col != "class" else "left")
        for name, row in sorted(report["by_class"].items()):
            t.add_row(name, str(row["n"]), _fmt(row["status_accuracy"]), _fmt(row["answer_hit"]),
                      _fmt(row["lead_hit"]), _fmt(row["amount_accuracy"]))
        console.print(t)
    for line in report["skipped_lines"]:
        console.print(f"[yellow]skipped {line}[/yellow]")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def write_report(report: dict, out: Path) -> None:
    public = {k: v for k, v in report.items() if not k.startswith("_")}
    Path(out).write_text(json.dumps(public, ensure_ascii=False, indent=1), encoding="utf-8")


THRESHOLDS = {
    "intent": lambda r: r["intent"]["accuracy"],
    "recall5": lambda r: r["retrieval"].get("recall@5", 0.0),
    "amount": lambda r: r["amount_accuracy"],
    "status": lambda r: r["status_accuracy"],
    "citation": lambda r: r["citation_precision"],
    "answer_hit": lambda r: r["answer"]["answer_hit"],
    "lead_hit": lambda r: r["answer"]["lead_hit"],
}


def missed(report: dict, floors: dict[str, float]) -> list[str]:
    return [f"{name} {THRESHOLDS[name](report):.3f} < {floor}" for name, floor in floors.items()
            if floor is not None and THRESHOLDS[name](report) < floor]
