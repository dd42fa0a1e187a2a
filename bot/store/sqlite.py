"""SQLite store (WAL): the embedded default for one `yibao serve`. The file is created 0600 and capped
in size (`PRAGMA max_page_count`), so a flood of exchanges fills the cap, not the disk."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from bot.store.base import (
    INSERT_EXCHANGE_COLUMNS,
    MIGRATIONS,
    SCHEMA_VERSION,
    ExchangeRecord,
    Store,
    StoreUnavailable,
    exchange_from_row,
    exchange_row,
)

PAGE_SIZE = 4096


class SQLiteStore(Store):
    backend = "sqlite"

    def __init__(self, path: Path, *, busy_ms: int = 10_000, max_bytes: int = 0) -> None:
        self.path = Path(path)
        self.busy_ms = busy_ms
        self.max_pages = max_bytes // PAGE_SIZE if max_bytes else 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _create_private(self.path)
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        conn = self._conn()
        conn.execute("PRAGMA journal_mode=WAL")
        self._migrate(conn)

    # -- connections ------------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=self.busy_ms / 1000, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout={int(self.busy_ms)}")
            conn.execute("PRAGMA synchronous=NORMAL")
            if self.max_pages:
                conn.execute(f"PRAGMA max_page_count={max(self.max_pages, 16)}")
            self._local.conn = conn
            with self._lock:
                self._conns.append(conn)
        return conn

    def _run(self, fn):
        """Run fn(conn); database errors become StoreUnavailable with the reason."""
        try:
            return fn(self._conn())
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(detail=_reason(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(detail=f"database error: {exc}") from exc

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
            current = row[0] or 0
            for number, steps in enumerate(MIGRATIONS, start=1):
                if number <= current:
                    continue
                for sql in steps:
                    if not _column_exists(conn, sql):
                        conn.execute(sql.replace("{id}", "INTEGER PRIMARY KEY AUTOINCREMENT"))
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self.schema_version = max(current, SCHEMA_VERSION)

    # -- exchanges --------------------------------------------------------------------------------
    def write_exchanges(self, records: list[ExchangeRecord]) -> None:
        if not records:
            return
        cols = ", ".join(INSERT_EXCHANGE_COLUMNS)
        marks = ", ".join("?" * len(INSERT_EXCHANGE_COLUMNS))

        def write(conn):
            conn.execute("BEGIN")
            try:
                conn.executemany(f"INSERT OR IGNORE INTO exchanges ({cols}) VALUES ({marks})",
                                 [exchange_row(r) for r in records])
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        self._run(write)

    def get_exchange(self, request_id: str) -> ExchangeRecord | None:
        def get(conn):
            conn.row_factory = sqlite3.Row
            try:
                row = conn.execute("SELECT * FROM exchanges WHERE request_id = ?", (request_id,)).fetchone()
            finally:
                conn.row_factory = None
            return exchange_from_row(dict(row)) if row else None
        return self._run(get)

    def has_exchange(self, request_id: str) -> bool:
        return self._run(lambda c: c.execute("SELECT 1 FROM exchanges WHERE request_id = ?",
                                             (request_id,)).fetchone() is not None)

    def count_exchanges(self) -> int:
        return self._run(lambda c: c.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0])

    # -- feedback ---------------------------------------------------------------------------------
    def add(self, request_id: str, rating: str, comment: str | None, reason: str | None = None, *,
            idempotency_key: str | None = None) -> int:
        def add(conn):
            cur = conn.execute(
                "INSERT INTO feedback (request_id, rating, comment, reason, idempotency_key, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
                (request_id, rating, comment, reason, idempotency_key, time.time()),
            )
            if cur.rowcount == 1:
                return int(cur.lastrowid)
            return int(conn.execute("SELECT id FROM feedback WHERE idempotency_key = ?",
                                    (idempotency_key,)).fetchone()[0])
        return self._run(add)

    # -- retention --------------------------------------------------------------------------------
    def apply_retention(self, *, days: float, rows: int, max_bytes: int) -> int:
        def prune(conn):
            deleted = 0
            if days:
                deleted += conn.execute("DELETE FROM exchanges WHERE created_at < ?",
                                        (time.time() - days * 86400,)).rowcount
            if rows:
                deleted += conn.execute(
                    "DELETE FROM exchanges WHERE request_id IN (SELECT request_id FROM exchanges "
                    "ORDER BY created_at DESC LIMIT -1 OFFSET ?)", (rows,)).rowcount
            while max_bytes and self._used(conn) > 0.8 * max_bytes:
                n = conn.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0]
                if not n:
                    break
                deleted += conn.execute(
                    "DELETE FROM exchanges WHERE request_id IN (SELECT request_id FROM exchanges "
                    "ORDER BY created_at LIMIT ?)", (max(1, n // 10),)).rowcount
            return deleted
        return self._run(prune)

    @staticmethod
    def _used(conn) -> int:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        return (pages - free) * PAGE_SIZE

    def purge(self, *, older_than_days: float | None = None, request_id: str | None = None) -> dict:
        def purge(conn):
            if request_id:
                where, args = "request_id = ?", (request_id,)
            elif older_than_days is not None:
                where, args = "created_at < ?", (time.time() - older_than_days * 86400,)
            else:
                where, args = "1 = 1", ()
            conn.execute("BEGIN IMMEDIATE")
            try:
                ex = conn.execute(f"DELETE FROM exchanges WHERE {where}", args).rowcount
                fb = conn.execute(f"DELETE FROM feedback WHERE {where}", args).rowcount
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            return {"exchanges": ex, "feedback": fb}
        return self._run(purge)

    def size_bytes(self) -> int:
        return self._run(self._used)

    def ping(self) -> None:
        self._run(lambda c: c.execute("SELECT 1").fetchone())

    def integrity_check(self) -> str:
        return self._run(lambda c: c.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            for conn in self._conns:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._conns.clear()
        self._local = threading.local()


def _column_exists(conn: sqlite3.Connection, sql: str) -> bool:
    """An `ALTER TABLE t ADD COLUMN c` whose column an older build already added (no IF NOT EXISTS in SQLite)."""
    words = sql.split()
    if words[:2] != ["ALTER", "TABLE"] or words[3:5] != ["ADD", "COLUMN"]:
        return False
    return words[5] in {row[1] for row in conn.execute(f"PRAGMA table_info({words[2]})")}


def _create_private(path: Path) -> None:
    """Create the database file readable by its owner only (0600) before SQLite opens it."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def _reason(exc: sqlite3.OperationalError) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "locked"
    if "full" in text:
        return "full"
    if "readonly" in text or "read-only" in text:
        return "read-only"
    return text
