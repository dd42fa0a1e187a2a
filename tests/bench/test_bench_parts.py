"""The benchmark's measuring parts report what they claim (no figure is asserted: the machine is shared)."""

from bot.bench.http import parse_wrk
from bot.bench.profile import ORDER, profile_asks
from bot.bench.startup import import_times

WRK_OUTPUT = """Running 8s test @ http://127.0.0.1:8000
  Latency Distribution
     50%    3.10ms
     99%   12.50ms
  5000 requests in 8.00s, 20.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    625.00
"""


def test_parse_wrk():
    assert parse_wrk(WRK_OUTPUT) == {"requests_per_s": 625.0, "p50_ms": 3.1, "p99_ms": 12.5, "non_2xx": 3}


def test_profile_attributes_time_to_stages(bot):
    questions = [("潍坊居民医保高档一家三口交多少", None), ("异地就医怎么备案", None), ("今天天气怎么样", None)]
    report = profile_asks(bot, questions, median_ms=1.0)
    stages = {r["stage"]: r["share"] for r in report["stages"]}
    assert set(stages) <= set(ORDER)
    assert abs(sum(stages.values()) - 1) < 0.01
    for stage in ("jieba", "intent", "retrieval", "serialisation"):
        assert stages.get(stage, 0) > 0, stage


def test_import_times_names_packages():
    rows = import_times("bot.index.bm25")
    names = [r["package"] for r in rows]
    assert "numpy" in names and names[-1] == "total"
    assert rows[-1]["ms"] >= max(r["ms"] for r in rows[:-1])


def test_question_latency_reports_each_questions_fastest_round(bot, monkeypatch):
    import itertools

    from bot.bench import latency

    # A fake clock: question i of round r takes (i + 1) * (r + 1) ms, so each question's fastest is its
    # first round (1, 2, 3 ms) and all nine asks are 1, 2, 3, 2, 4, 6, 3, 6, 9 ms.
    durations = [(i + 1) * (r + 1) / 1000 for r in range(3) for i in range(3)]
    ticks = itertools.chain.from_iterable((10.0 * k, 10.0 * k + d) for k, d in enumerate(durations))
    monkeypatch.setattr(latency, "clock", lambda: next(ticks))
    cases = [("异地就医怎么备案", None), ("今天天气怎么样", None), ("潍坊居民医保高档一家三口交多少", None)]
    report = latency.bench_questions(bot, cases, rounds=3)
    assert report["n"] == 9 and report["questions"] == 3
    assert report["p50"] == 3.0
    assert report["fastest_of_rounds"]["p50"] == 2.0
