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
