"""SQLite specifics: private file mode, migration of the first schema, the hard size cap."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from bot.store.base import StoreUnavailable
from bot.store.sqlite import SQLiteStore
from tests.store.test_store import record


def test_database_file_is_private(tmp_path):
    store = SQLiteStore(tmp_path / "s.sqlite3")
    store.write_exchanges([record("r1")])
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_first_schema_is_migrated_in_place(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE exchanges (request_id TEXT PRIMARY KEY, created_at REAL NOT NULL, question TEXT NOT NULL,
                                reply_json TEXT NOT NULL);
        CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL,
                               rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), comment TEXT,
                               created_at REAL NOT NULL);
        INSERT INTO exchanges VALUES ('old', 1.0, '旧问题', '{"status": "answer", "intent": "policy_qa"}');
        INSERT INTO feedback (request_id, rating, comment, created_at) VALUES ('old', 'down', NULL, 1.0);
    """)
    conn.close()
    store = SQLiteStore(path)
    got = store.get_exchange("old")
    assert got.question == "旧问题" and got.status == "answer" and got.cited == []
    assert store.add("old", "up", None, reason="wrong") > 1
    assert store.thumbs_down()[0]["question"] == "旧问题"


def test_size_cap_refuses_writes_and_retention_makes_room(tmp_path):
    cap = 160 * 1024
    store = SQLiteStore(tmp_path / "capped.sqlite3", max_bytes=cap)
    big = "很长的回答" * 400
    with pytest.raises(StoreUnavailable) as err:
        for i in range(200):
            store.write_exchanges([record(f"r{i}", question=big)])
    assert err.value.detail == "full"
    assert (tmp_path / "capped.sqlite3").stat().st_size <= cap + 4096
    assert store.apply_retention(days=0, rows=0, max_bytes=cap) > 0
    store.write_exchanges([record("after")])
    assert store.has_exchange("after")


def test_held_write_lock_fails_fast_as_locked(tmp_path):
    path = tmp_path / "locked.sqlite3"
    store = SQLiteStore(path, busy_ms=100)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailable) as err:
            store.write_exchanges([record("r1")])
        assert err.value.detail == "locked"
    finally:
        holder.execute("ROLLBACK")
    store.write_exchanges([record("r1")])
    assert store.has_exchange("r1")
