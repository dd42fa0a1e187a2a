"""PostgreSQL store (psycopg 3 + psycopg_pool): one database shared by every replica.

The schema is created or migrated at start under an advisory lock, so replicas starting together
agree. The size cap applies to the exchange table (`pg_total_relation_size`)."""

from __future__ import annotations

import time

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

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

MIGRATION_LOCK = 0x7969_6261  # "yiba": pg_advisory_xact_lock key for schema changes


class PostgresStore(Store):
    placeholder = "%s"

    backend = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 4, busy_ms: int = 10_000, connect_timeout: float = 10) -> None:
        self.url = url
        self.busy_ms = busy_ms
        self.pool = ConnectionPool(
            url, min_size=1, max_size=max(1, pool_size), open=False, timeout=connect_timeout,
            kwargs={"autocommit": True, "options": f"-c lock_timeout={int(busy_ms)} "
                                                  f"-c statement_timeout={int(busy_ms) * 5}"},
        )
        try:
            self.pool.open(wait=True, timeout=connect_timeout)
            self._migrate()
        except (psycopg.Error, PoolTimeout) as exc:
            self.pool.close()
            raise StoreUnavailable(detail=f"PostgreSQL unreachable: {type(exc).__name__}: {exc}") from exc

    def _run(self, fn):
        try:
            with self.pool.connection() as conn:
                return fn(conn)
        except psycopg.errors.LockNotAvailable as exc:
            raise StoreUnavailable(detail="locked") from exc
        except psycopg.errors.DiskFull as exc:
            raise StoreUnavailable(detail="full") from exc
        except psycopg.errors.ReadOnlySqlTransaction as exc:
            raise StoreUnavailable(detail="read-only") from exc
        except psycopg.Error as exc:
            raise StoreUnavailable(detail=f"database error: {type(exc).__name__}: {exc}") from exc
        except PoolTimeout as exc:
            raise StoreUnavailable(detail="no database connection available") from exc

    def _migrate(self) -> None:
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            for number, steps in enumerate(MIGRATIONS, start=1):
                if number <= current:
                    continue
                for sql in steps:
                    sql = sql.replace("{id}", "BIGSERIAL PRIMARY KEY")
                    conn.execute(sql.replace("ADD COLUMN ", "ADD COLUMN IF NOT EXISTS "))
                conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
        self.schema_version = max(current, SCHEMA_VERSION)

    # -- exchanges --------------------------------------------------------------------------------
    def write_exchanges(self, records: list[ExchangeRecord]) -> None:
        if not records:
            return
        cols = ", ".join(INSERT_EXCHANGE_COLUMNS)
        marks = ", ".join(["%s"] * len(INSERT_EXCHANGE_COLUMNS))

        def write(conn):
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(f"INSERT INTO exchanges ({cols}) VALUES ({marks}) ON CONFLICT DO NOTHING",
                                [exchange_row(r) for r in records])
        self._run(write)

    def get_exchange(self, request_id: str) -> ExchangeRecord | None:
        def get(conn):
            with conn.cursor(row_factory=dict_row) as cur:
                row = cur.execute("SELECT * FROM exchanges WHERE request_id = %s", (request_id,)).fetchone()
            return exchange_from_row(row) if row else None
        return self._run(get)

    def has_exchange(self, request_id: str) -> bool:
        return self._run(lambda c: c.execute("SELECT 1 FROM exchanges WHERE request_id = %s",
                                             (request_id,)).fetchone() is not None)

    def count_exchanges(self) -> int:
        return self._run(lambda c: c.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0])

    # -- feedback ---------------------------------------------------------------------------------
    def add(self, request_id: str, rating: str, comment: str | None, reason: str | None = None, *,
            idempotency_key: str | None = None) -> int:
        def add(conn):
            row = conn.execute(
                "INSERT INTO feedback (request_id, rating, comment, reason, idempotency_key, created_at) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
                (request_id, rating, comment, reason, idempotency_key, time.time()),
            ).fetchone()
            if row:
                return int(row[0])
            return int(conn.execute("SELECT id FROM feedback WHERE idempotency_key = %s",
                                    (idempotency_key,)).fetchone()[0])
        return self._run(add)

    # -- retention --------------------------------------------------------------------------------
    def apply_retention(self, *, days: float, rows: int, max_bytes: int) -> int:
        def prune(conn):
            deleted = 0
            if days:
                deleted += conn.execute("DELETE FROM exchanges WHERE created_at < %s",
                                        (time.time() - days * 86400,)).rowcount
            if rows:
                deleted += conn.execute(
                    "DELETE FROM exchanges WHERE request_id IN (SELECT request_id FROM exchanges "
                    "ORDER BY created_at DESC OFFSET %s)", (rows,)).rowcount
            if max_bytes and self._used(conn) > 0.8 * max_bytes:
                # Table size only shrinks after VACUUM; estimate the rows to keep from the average row size.
                n = conn.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0]
                keep = int(n * 0.7 * max_bytes / max(self._used(conn), 1))
                deleted += conn.execute(
                    "DELETE FROM exchanges WHERE request_id IN (SELECT request_id FROM exchanges "
                    "ORDER BY created_at DESC OFFSET %s)", (keep,)).rowcount
            return deleted
        return self._run(prune)

    @staticmethod
    def _used(conn) -> int:
        return int(conn.execute("SELECT pg_total_relation_size('exchanges')").fetchone()[0])

    def purge(self, *, older_than_days: float | None = None, request_id: str | None = None) -> dict:
        def purge(conn):
            if request_id:
                where, args = "request_id = %s", (request_id,)
            elif older_than_days is not None:
                where, args = "created_at < %s", (time.time() - older_than_days * 86400,)
            else:
                where, args = "TRUE", ()
            with conn.transaction():
                ex = conn.execute(f"DELETE FROM exchanges WHERE {where}", args).rowcount
                fb = conn.execute(f"DELETE FROM feedback WHERE {where}", args).rowcount
            return {"exchanges": ex, "feedback": fb}
        return self._run(purge)

    def size_bytes(self) -> int:
        return self._run(self._used)

    def ping(self) -> None:
        self._run(lambda c: c.execute("SELECT 1").fetchone())

    def close(self) -> None:
        self.pool.close()
