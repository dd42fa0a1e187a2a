"""In-process `Bot.ask` latency: over the evaluation questions (eval/dev.jsonl, and eval/test.jsonl
when present) and over a fixed set per route."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from bot.text.normalize import normalize
from bot.text.numbers import _numbers_of

ASK_TARGETS_MS = {"p50": 0.30, "p95": 0.60}
ROUTES = {
    "retrieval": ["中山怎么选定点医院", "区本级是什么意思", "潍坊居民医保怎么缴费", "秦皇岛大学生待遇享受期",
                  "东营外伤住院能报销吗", "湖南靈活就業人員可以在哪裡參保", "新生儿怎么参保", "异地就医怎么备案"],
    "calculator": ["潍坊居民医保高档一家三口交多少", "平阳县县级医院住院花了2万能报多少",
                   "平阳县乡镇卫生院住院三千八能报多少", "平阳县市外医院住院20万没转诊能报多少"],
    "refusal": ["北京居民医保一年交多少钱", "今天天气怎么样", "潍坊2024年居民医保交多少", "帮我写一首诗"],
}


clock = time.perf_counter  # the timer of the question latency (tests replace it)


def pct(values: list[float]) -> dict:
    return {f"p{p}": round(float(np.percentile(values, p)), 3) for p in (50, 95, 99)} if values else {}


def eval_questions(root: Path) -> tuple[list[tuple[str, dict | None]], list[str]]:
    from bot.evaluation.dataset import load_dataset

    cases, files = [], []
    for name in ("dev.jsonl", "test.jsonl"):
        path = root / "eval" / name
        if path.exists():
            cases += [(c.question, c.context) for c in load_dataset(path).cases]
            files.append(f"eval/{name}")
    return cases, files


def cold(bot) -> None:
    """Forget per-question work kept from earlier asks (the normalised text, its numbers, the
    question's jieba words), so every timed ask pays for its own: what a stream of distinct questions costs."""
    normalize.cache_clear()
    _numbers_of.cache_clear()
    bot.tokenizer.forget_recent()


def bench_questions(bot, cases: list[tuple[str, dict | None]], rounds: int) -> dict:
    """Each round asks every question once (in file order)."""
    for question, context in cases:  # warm
        bot.ask(question, context)
    lat = []
    for _ in range(rounds):
        for question, context in cases:
            cold(bot)
            t0 = clock()
            bot.ask(question, context)
            lat.append((clock() - t0) * 1000)
    # Each question's fastest round: on a shared machine, the figure least moved by other jobs, for
    # comparing two versions of the code run one after the other (the targets are on the plain figures).
    fastest = [min(lat[r * len(cases) + i] for r in range(rounds)) for i in range(len(cases))]
    return {"questions": len(cases), "rounds": rounds, "n": len(lat), **pct(lat), "targets": ASK_TARGETS_MS,
            "fastest_of_rounds": pct(fastest)}


def bench_routes(bot, rounds: int) -> dict:
    out = {}
    for route, questions in ROUTES.items():
        for q in questions:  # warm
            bot.ask(q)
        lat = []
        for _ in range(rounds):
            for q in questions:
                cold(bot)
                t0 = time.perf_counter()
                bot.ask(q)
                lat.append((time.perf_counter() - t0) * 1000)
        out[route] = {"n": len(lat), **pct(lat)}
    return out
