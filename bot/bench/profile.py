"""`yibao bench --profile`: where an answer's time goes, stage by stage.

Every ask (plus serialising its reply as POST /api/chat does) runs under cProfile; each function's
exclusive time goes to the stage of its file, and time in built-ins and libraries (numpy, re, dict
methods) goes to the stage of the code that called them, in proportion to the calls. The shares are
what matters: the profiler itself slows every call, so per-ask figures are scaled to the unprofiled
median.
"""

from __future__ import annotations

import cProfile
import pstats
import time

STAGES = [  # (stage, path fragments), first match wins
    ("jieba", ("/jieba/", "bot/text/tokenizer.py", "bot/text/segmenter.py", "bot/text/fastcut.py")),
    ("normalise/OpenCC", ("bot/text/normalize.py", "/opencc/", "unicodedata")),
    ("intent", ("bot/nlu/classifier.py",)),
    ("slots", ("bot/nlu/slots.py", "bot/geo/", "bot/retrieval/query.py", "bot/text/numbers.py")),
    ("retrieval", ("bot/retrieval/", "bot/index/")),
    ("sentence extraction", ("bot/answer/extract.py",)),
    ("composition", ("bot/answer/", "bot/rules/", "bot/core/context.py")),
    ("serialisation", ("/pydantic", "/orjson", "bot/api/", "bot/schemas.py", "/json/")),
    ("pipeline glue", ("bot/pipeline.py",)),
]
ORDER = [s for s, _ in STAGES] + ["other"]


def _own_stage(func) -> str | None:
    filename = func[0]
    for stage, fragments in STAGES:
        if any(f in filename for f in fragments):
            return stage
    return None


def stage_times(stats: pstats.Stats) -> dict[str, float]:
    """Seconds of exclusive time per stage; unattributed functions inherit their callers' stages."""
    table = stats.stats  # func -> (cc, nc, tt, ct, callers{func: (cc, nc, tt, ct)})
    memo: dict = {}

    def shares(func, depth: int = 0) -> dict[str, float]:
        if func in memo:
            return memo[func]
        own = _own_stage(func)
        if own is not None or depth > 12 or func not in table:
            result = {own or "other": 1.0}
        else:
            callers = table[func][4]
            total = sum(v[2] for v in callers.values())
            result: dict[str, float] = {}
            for caller, v in callers.items():
                weight = (v[2] / total) if total else 1.0 / len(callers)
                for stage, w in shares(caller, depth + 1).items():
                    result[stage] = result.get(stage, 0.0) + weight * w
            result = result or {"other": 1.0}
        memo[func] = result
        return result

    out = {s: 0.0 for s in ORDER}
    for func, (_, _, tt, _, _) in table.items():
        for stage, w in shares(func).items():
            out[stage] += tt * w
    return out


def profile_asks(bot, cases: list[tuple[str, dict | None]], median_ms: float) -> dict:
    import orjson

    from bot.api.routes.chat import trim_passages
    from bot.bench.latency import cold

    def run():
        for question, context in cases:
            cold(bot)
            orjson.dumps(trim_passages(bot.ask(question, context).model_dump(mode="json")))

    run()  # warm
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    run()
    profiler.disable()
    wall = time.perf_counter() - t0
    times = stage_times(pstats.Stats(profiler))
    total = sum(times.values()) or 1.0
    rows = [{"stage": s, "share": round(times[s] / total, 3), "us_per_ask": round(times[s] / total * median_ms * 1000, 1)}
            for s in ORDER if times[s] > 0]
    return {"asks": len(cases), "profiled_ms_per_ask": round(wall / len(cases) * 1000, 3),
            "unprofiled_p50_ms": median_ms, "stages": rows}
