"""One behaviour, two backends: every test here runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import threading
import time

import pytest

from bot.store.base import SCHEMA_VERSION, CitedPassage, ExchangeRecord, StoreUnavailable


def record(rid: str, created_at: float | None = None, **kw) -> ExchangeRecord:
    return ExchangeRecord(request_id=rid, created_at=created_at or time.time(), index_version="abc123def456",
                          status=kw.get("status", "answer"), intent="policy_qa", question=kw.get("question", "怎么报销"),
                          answer="按规定报销[1]", cited=[CitedPassage(n=1, passage_id="p-1", sha256="0" * 64)],
                          rule_file=kw.get("rule_file"), rule_sha256=None, reply={"status": "answer", "answer": "x"})


def test_schema_is_created_once_and_reopening_is_harmless(make_store):
    first = make_store()
    second = make_store()
    assert first.schema_version == second.schema_version == SCHEMA_VERSION


def test_exchange_round_trip_and_duplicate_ids_are_ignored(store):
    store.write_exchanges([record("r1", rule_file="weifang.yaml"), record("r2")])
    store.write_exchanges([record("r1", question="changed")])
    got = store.get_exchange("r1")
    assert got.question == "怎么报销" and got.rule_file == "weifang.yaml"
    assert got.cited == [CitedPassage(n=1, passage_id="p-1", sha256="0" * 64)]
    assert got.index_version == "abc123def456"
    assert store.count_exchanges() == 2
    assert store.has_exchange("r2") and not store.has_exchange("nope")
    assert store.get_exchange("nope") is None


def test_feedback_with_reason_and_idempotency_key(store):
    store.write_exchanges([record("r1")])
    a = store.add("r1", "down", "数字不对", reason="outdated", idempotency_key="k-1")
    b = store.add("r1", "down", "数字不对", reason="outdated", idempotency_key="k-1")
    c = store.add("r1", "up", None)
    d = store.add("r1", "up", None)
    assert a == b and len({a, c, d}) == 3
    assert store.count() == 3 and store.count("down") == 1
    [row] = store.thumbs_down()
    assert row["reason"] == "outdated" and row["question"] == "怎么报销" and row["comment"] == "数字不对"


def test_bad_rating_is_refused_by_the_schema(store):
    with pytest.raises(StoreUnavailable):
        store.add("r1", "meh", None)


def test_retention_by_age_and_by_rows(store):
    old = time.time() - 10 * 86400
    store.write_exchanges([record(f"old{i}", old + i) for i in range(3)] + [record(f"new{i}") for i in range(5)])
    assert store.apply_retention(days=5, rows=0, max_bytes=0) == 3
    assert store.apply_retention(days=0, rows=2, max_bytes=0) == 3
    assert store.count_exchanges() == 2


def test_purge_one_request_old_rows_and_everything(store):
    store.write_exchanges([record("a", time.time() - 3 * 86400), record("b"), record("c")])
    store.add("a", "down", None)
    store.add("b", "up", None)
    assert store.purge(request_id="b") == {"exchanges": 1, "feedback": 1}
    assert store.purge(older_than_days=1) == {"exchanges": 1, "feedback": 0}
    assert store.purge() == {"exchanges": 1, "feedback": 1}
    assert store.count_exchanges() == 0 and store.count() == 0


def test_audit_events(store):
    store.record_event("reload", {"index_version": "v2"})
    store.record_event("purge", {"exchanges": 3})
    assert [e["detail"] for e in store.events("reload")] == [{"index_version": "v2"}]
    assert len(store.events()) == 2


def test_concurrent_feedback_from_many_threads_is_all_kept(make_store):
    store = make_store()
    errors = []

    def worker(n):
        try:
            for i in range(25):
                store.add(f"r{n}", "up", None, idempotency_key=f"{n}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.count() == 200


def test_size_reports_bytes(store):
    store.write_exchanges([record(f"r{i}") for i in range(50)])
    assert store.size_bytes() > 0
