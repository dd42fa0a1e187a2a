"""The exchange writer process: what the server sends through the pipe is stored (masked, hashed) in
either backend, an orderly close stores everything sent, a signal to the writer does not cut it short,
and a dead writer process is counted, not waited on."""

from __future__ import annotations

import hashlib
import os
import signal
import time
from types import SimpleNamespace

import pytest

from bot.core.config import Settings
from bot.store.process_writer import ProcessWriter

PASSAGE = "参保人员住院费用按规定比例报销。"


def fake_bot():
    """What exchange_facts reads of a Bot: passage texts by id, rule files and the index manifest."""
    passages = {"p-1": SimpleNamespace(text=PASSAGE)}
    rules = {"pingyang-2025.yml": SimpleNamespace(region="330326", year=2025)}
    return SimpleNamespace(retriever=SimpleNamespace(get=passages.get), rules=SimpleNamespace(files=rules),
                           index=SimpleNamespace(manifest={"files": {"rules/pingyang-2025.yml": "f" * 64}}))


def reply(rid: str, answer: str = "按规定报销[1]", **extra) -> dict:
    return {"request_id": rid, "index_version": "abc", "status": "answer", "intent": "policy_qa", "answer": answer,
            "confidence": 0.9, "citations": [{"n": 1, "passage_id": "p-1", "title": "t"}],
            "passages": [{"passage_id": "p-1", "text": PASSAGE}], "context": {"sig": "x"}, **extra}


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """Settings for a writer process and a store of the same database to read back from."""
    if request.param == "sqlite":
        from bot.store.sqlite import SQLiteStore

        settings = Settings(feedback_db=tmp_path / "fb.sqlite3", database_url=None)
        store = SQLiteStore(settings.feedback_db)
    else:
        from bot.store.postgres import PostgresStore

        url = request.getfixturevalue("pg_database")
        settings = Settings(database_url=url)
        store = PostgresStore(url)
    yield settings, store
    store.close()


def test_sent_exchanges_are_stored_masked_and_hashed(backend):
    settings, store = backend
    writer = ProcessWriter(settings)
    try:
        bot = fake_bot()
        writer.log_exchange(bot, "我的手机13812345678,住院怎么报", reply("r1"))
        calc = {"region": "330326", "year": 2025}
        writer.log_exchange(bot, "平阳住院2万", reply("r2", answer="可报销12000元", calculation=calc))
        assert writer.flush(20)
        assert writer.poll().written == 2 and writer.healthy() == (True, "ok")
    finally:
        writer.close()
    first, second = store.get_exchange("r1"), store.get_exchange("r2")
    assert "13812345678" not in first.question and "[手机号]" in first.question
    assert first.cited[0].sha256 == hashlib.sha256(PASSAGE.encode()).hexdigest()
    assert "passages" not in first.reply and "context" not in first.reply
    assert second.rule_file == "pingyang-2025.yml" and second.rule_sha256 == "f" * 64
    assert abs(first.created_at - time.time()) < 60


def test_close_stores_everything_sent_even_after_a_sigterm(backend):
    settings, store = backend
    writer = ProcessWriter(settings)
    bot = fake_bot()
    assert writer.flush(20)  # the process is up and reading
    os.kill(writer._proc.pid, signal.SIGTERM)  # a service manager signalling the whole group
    for i in range(2000):
        writer.log_exchange(bot, f"问题{i}", reply(f"c{i}"))
    writer.close()  # no flush: end of file alone makes the process write the rest and exit
    assert writer._proc.returncode == 0
    assert store.count_exchanges() == 2000
    assert writer.status.written == 2000 and writer.status.dropped == 0


def test_a_dead_writer_process_is_counted_not_waited_on(tmp_path):
    failures = []
    writer = ProcessWriter(Settings(feedback_db=tmp_path / "fb.sqlite3", database_url=None),
                           on_failure=lambda kind, n: failures.append((kind, n)))
    writer._proc.kill()
    writer._proc.wait()
    t0 = time.perf_counter()
    sent = [writer.log_exchange(fake_bot(), "问题", reply(f"d{i}")) for i in range(5)]
    assert time.perf_counter() - t0 < 5  # never blocks on a pipe nobody reads
    assert not all(sent) and ("writer_down", 1) in failures
    assert writer.poll().dropped >= 1
    ok, reason = writer.healthy()
    assert not ok
    writer.close()


def test_a_store_locked_while_the_writer_starts_is_opened_once_free(tmp_path):
    import sqlite3

    from bot.store.sqlite import SQLiteStore

    db = tmp_path / "fb.sqlite3"
    SQLiteStore(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    failures = []
    writer = ProcessWriter(Settings(feedback_db=db, database_url=None, store_busy_ms=100),
                           on_failure=lambda kind, n: failures.append(kind))
    try:
        assert writer.wait_ready(20)
        writer.log_exchange(fake_bot(), "问题", reply("early"))
        assert writer.flush(20)
        ok, reason = writer.healthy()
        assert writer.status.failed == 1 and not ok and "locked" in reason and "locked" in failures
        holder.execute("ROLLBACK")
        writer.log_exchange(fake_bot(), "问题", reply("later"))
        assert writer.flush(20)
        assert writer.status.written == 1 and writer.healthy() == (True, "ok")
    finally:
        holder.close()
        writer.close()
    store = SQLiteStore(db)
    assert store.has_exchange("later") and not store.has_exchange("early")
    store.close()


@pytest.mark.skipif(not hasattr(os, "sched_getscheduler"), reason="Linux scheduling policies")
def test_the_writer_process_runs_as_a_batch_task(tmp_path):
    """Its wake-ups must not preempt a server in the middle of an answer (same CPU share otherwise)."""
    writer = ProcessWriter(Settings(feedback_db=tmp_path / "fb.sqlite3", database_url=None))
    try:
        assert writer.wait_ready(15.0)
        assert os.sched_getscheduler(writer._proc.pid) == os.SCHED_BATCH
    finally:
        writer.close()
