import json

import pytest

from bot.evaluation.dataset import load_dataset
from bot.evaluation.metrics import intent_scores, percentile, relevant
from bot.evaluation.runner import missed, run

LINES = [
    {"id": "a", "question": "平阳县县级医院住院花了2万能报多少", "intent": "reimbursement", "expect": "answer",
     "evidence": ["县内县级医院起付线从600元调整为900元"], "expected_amount": 13370},
    {"id": "b", "question": "中山怎么选定点医院", "intent": "policy_qa", "expect": "answer",
     "evidence": ["首次选点立即生效"], "extra_field": "ignored"},
    {"id": "c", "question": "北京医保交多少", "intent": "contribution", "expect": "refuse"},
    {"id": "d", "question": "一家三口居民医保交多少", "intent": "contribution", "expect": "clarify"},
    {"id": "e", "question": "县级医院", "expect": "answer", "expected_amount": 13370,
     "context": {"history": ["平阳县住院花了2万能报多少"]}},
]


@pytest.fixture()
def data(tmp_path):
    path = tmp_path / "set.jsonl"
    rows = [json.dumps(r, ensure_ascii=False) for r in LINES]
    rows.insert(2, "{not json")
    rows.insert(3, json.dumps({"id": "x"}))
    rows.append(json.dumps({"id": "a", "question": "duplicate id"}, ensure_ascii=False))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_malformed_lines_are_reported_and_skipped(data):
    ds = load_dataset(data)
    assert [c.id for c in ds.cases] == ["a", "b", "c", "d", "e"]
    assert [p.split(":")[0] for p in ds.problems] == ["line 3", "line 4", "line 8"]


def test_run_scores_everything(data, settings, bot):
    report = run(data, settings=settings, progress=False)
    assert report["counts"]["cases"] == 5
    assert report["amount_accuracy"] == 1.0
    assert report["status_accuracy"] == 1.0
    assert report["retrieval"]["recall@5"] == 1.0
    assert report["refusal"] == {"precision": 1.0, "recall": 1.0}
    assert report["clarify_accuracy"] == 1.0
    assert report["intent"]["accuracy"] == 1.0 and set(report["intent"]["confusion"]) >= {"policy_qa"}
    assert report["latency_ms"]["p95"] > 0
    assert len(report["skipped_lines"]) == 3
    assert missed(report, {"amount": 0.5, "intent": None}) == []
    assert missed(report, {"recall5": 1.01}) != []


def test_failures_are_listed(tmp_path, settings, bot):
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps({"id": "z", "question": "中山怎么选定点医院", "expect": "refuse"}, ensure_ascii=False),
                    encoding="utf-8")
    report = run(path, settings=settings, progress=False)
    assert report["failures"][0]["id"] == "z" and "status answer != refuse" in report["failures"][0]["problems"]


def test_metric_helpers():
    assert relevant("起付线 600 元", ["起付线600元"])
    assert percentile([1, 2, 3, 4], 50) == 2.5
    scores = intent_scores([("a", "a"), ("a", "b"), ("b", "b")])
    assert scores["accuracy"] == pytest.approx(2 / 3) and scores["confusion"]["a"]["b"] == 1


def test_dialogue_turns_are_replayed(tmp_path, settings, bot):
    path = tmp_path / "turns.jsonl"
    row = {"id": "t", "turns": ["平阳县县级医院住院花了2万能报多少", "如果是5万呢"], "question": "如果是5万呢",
           "expect": "answer", "expected_amount": 34370, "class": "followup"}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    report = run(path, settings=settings, progress=False)
    assert report["amount_accuracy"] == 1.0 and report["by_class"]["followup"]["amount_accuracy"] == 1.0


def test_answer_level_metrics(tmp_path, settings, bot):
    path = tmp_path / "a.jsonl"
    row = {"id": "a", "question": "中山选点以后多久生效", "expect": "answer", "evidence": ["这句话不在任何回答里"]}
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    report = run(path, settings=settings, progress=False)
    assert report["answer"]["answer_hit"] == 0.0 and report["answer"]["lead_hit"] == 0.0
    assert report["answer"]["mean_length"] > 0


def test_judging_sample_and_tally(tmp_path, data, settings, bot):
    from bot.evaluation.judging import sample_for_judging, tally

    report = run(data, settings=settings, progress=False)
    a = sample_for_judging(report["_cases"], report["_replies"], 3, seed=7)
    b = sample_for_judging(report["_cases"], report["_replies"], 3, seed=7)
    assert [r["id"] for r in a] == [r["id"] for r in b] and len(a) == 3
    assert all(r["reply"]["answer"] for r in a)
    verdicts = tmp_path / "v.jsonl"
    verdicts.write_text('{"id":"a","verdict":"CORRECT"}\n{"id":"b","verdict":"partial"}\n{"id":"c","verdict":"?"}\n')
    t = tally(verdicts)
    assert t["counts"]["CORRECT"] == 1 and t["counts"]["PARTIAL"] == 1 and t["n"] == 3
