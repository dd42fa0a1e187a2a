"""The one storage interface (feedback, exchanges, audit events) and the schema both backends share.

SQLite (`bot.store.sqlite`) is the embedded default; PostgreSQL (`bot.store.postgres`) serves many
replicas. Both run the same numbered migrations at start and pass the same test suite.
"""

from __future__ import annotations

import json
import time
from abc import ABC, abstractmethod

from pydantic import BaseModel, Field

from bot.core.errors import BotError

REASONS = ("wrong", "outdated", "not_my_city", "hard_to_read")


class StoreUnavailable(BotError):
    """The database cannot take a write just now (locked, full, read-only, unreachable)."""

    status = 503
    code = "store_unavailable"
    message = "暂时无法保存,请稍后再试。"


class CitedPassage(BaseModel):
    n: int
    passage_id: str
    sha256: str = Field(description="SHA-256 of the passage text the answer quoted")


class ExchangeRecord(BaseModel):
    """What is kept of one answer (personal data masked before it gets here)."""

    request_id: str
    created_at: float = Field(default_factory=time.time)
    index_version: str | None = None
    status: str
    intent: str
    question: str
    answer: str
    cited: list[CitedPassage] = Field(default_factory=list)
    rule_file: str | None = None
    rule_sha256: str | None = None
    reply: dict = Field(default_factory=dict, description="the reply without passage texts and context")


# Numbered migrations; each runs once per database, in order, inside one transaction. SQL is written
# for both engines ("?" placeholders are rewritten for psycopg; {id} is the auto-increment key type).
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE IF NOT EXISTS exchanges (
            request_id TEXT PRIMARY KEY,
            created_at DOUBLE PRECISION NOT NULL,
            question TEXT NOT NULL,
            reply_json TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS feedback (
            id {id},
            request_id TEXT NOT NULL,
            rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
            comment TEXT,
            created_at DOUBLE PRECISION NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS feedback_rating ON feedback (rating)",
    ],
    [
        "ALTER TABLE exchanges ADD COLUMN index_version TEXT",
        "ALTER TABLE exchanges ADD COLUMN status TEXT",
        "ALTER TABLE exchanges ADD COLUMN intent TEXT",
        "ALTER TABLE exchanges ADD COLUMN answer TEXT",
        "ALTER TABLE exchanges ADD COLUMN cited_json TEXT",
        "ALTER TABLE exchanges ADD COLUMN rule_file TEXT",
        "ALTER TABLE exchanges ADD COLUMN rule_sha256 TEXT",
        "CREATE INDEX IF NOT EXISTS exchanges_created ON exchanges (created_at)",
        "ALTER TABLE feedback ADD COLUMN reason TEXT",
        "ALTER TABLE feedback ADD COLUMN idempotency_key TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS feedback_idempotency ON feedback (idempotency_key)",
        """CREATE TABLE IF NOT EXISTS events (
            id {id},
            created_at DOUBLE PRECISION NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL)""",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)

INSERT_EXCHANGE_COLUMNS = ("request_id", "created_at", "index_version", "status", "intent", "question", "answer",
                           "cited_json", "rule_file", "rule_sha256", "reply_json")


def exchange_row(r: ExchangeRecord) -> tuple:
    cited = json.dumps([c.model_dump() for c in r.cited], ensure_ascii=False)
    reply = json.dumps(r.reply, ensure_ascii=False)
    return (r.request_id, r.created_at, r.index_version, r.status, r.intent, r.question, r.answer, cited,
            r.rule_file, r.rule_sha256, reply)


def exchange_from_row(row: dict) -> ExchangeRecord:
    reply = json.loads(row.get("reply_json") or "{}")
    return ExchangeRecord(
        request_id=row["request_id"], created_at=row["created_at"], index_version=row.get("index_version"),
        status=row.get("status") or reply.get("status") or "", intent=row.get("intent") or reply.get("intent") or "",
        question=row["question"], answer=row.get("answer") or reply.get("answer") or "",
        cited=[CitedPassage(**c) for c in json.loads(row.get("cited_json") or "[]")],
        rule_file=row.get("rule_file"), rule_sha256=row.get("rule_sha256"), reply=reply,
    )


class Store(ABC):
    """Feedback, exchanges and audit events. Implementations are thread-safe."""

    backend: str

    @abstractmethod
    def write_exchanges(self, records: list[ExchangeRecord]) -> None:
        """Insert a batch in one transaction (a request_id already present is kept as it was)."""

    @abstractmethod
    def get_exchange(self, request_id: str) -> ExchangeRecord | None: ...

    @abstractmethod
    def has_exchange(self, request_id: str) -> bool: ...

    @abstractmethod
    def add(self, request_id: str, rating: str, comment: str | None, reason: str | None = None, *,
            idempotency_key: str | None = None) -> int:
        """Store one rating durably (committed before it returns); the same idempotency key twice
        stores one row and returns its id both times."""

    @abstractmethod
    def count_exchanges(self) -> int: ...

    @abstractmethod
    def _run(self, fn):
        """Run fn(connection) in one transaction, mapping the engine's failures to StoreUnavailable."""

    # Queries the two engines share; written with "?" placeholders, rewritten by `_sql` for psycopg.
    placeholder = "?"

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def count(self, rating: str | None = None) -> int:
        if rating:
            sql = self._sql("SELECT COUNT(*) FROM feedback WHERE rating = ?")
            return self._run(lambda c: c.execute(sql, (rating,)).fetchone()[0])
        return self._run(lambda c: c.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def thumbs_down(self) -> list[dict]:
        rows = self._run(lambda c: c.execute(
            """SELECT f.id, f.request_id, f.comment, f.reason, f.created_at, e.question, e.reply_json
               FROM feedback f LEFT JOIN exchanges e ON e.request_id = f.request_id
               WHERE f.rating = 'down' ORDER BY f.id""").fetchall())
        return [thumbs_down_row(*r) for r in rows]

    def record_event(self, kind: str, detail: dict) -> None:
        sql = self._sql("INSERT INTO events (created_at, kind, detail) VALUES (?, ?, ?)")
        self._run(lambda c: c.execute(sql, (time.time(), kind, json.dumps(detail, ensure_ascii=False))))

    def events(self, kind: str | None = None) -> list[dict]:
        sql = self._sql("SELECT created_at, kind, detail FROM events" + (" WHERE kind = ?" if kind else "") + " ORDER BY id")
        rows = self._run(lambda c: c.execute(sql, (kind,) if kind else ()).fetchall())
        return [{"created_at": t, "kind": k, "detail": json.loads(d)} for t, k, d in rows]

    @abstractmethod
    def apply_retention(self, *, days: float, rows: int, max_bytes: int) -> int:
        """Delete exchanges older than `days`, beyond the newest `rows`, and the oldest ones while the
        store is above 80 % of `max_bytes` (0 = no limit); returns how many were deleted."""

    @abstractmethod
    def purge(self, *, older_than_days: float | None = None, request_id: str | None = None) -> dict:
        """Delete exchanges and feedback (all, older than N days, or of one request); returns counts."""

    @abstractmethod
    def size_bytes(self) -> int: ...

    @abstractmethod
    def ping(self) -> None:
        """Raise when the database cannot be reached."""

    @abstractmethod
    def close(self) -> None: ...

    # A plain-Python record of an exchange for the old `record_exchange(request_id, question, reply)` API.
    def record_exchange(self, request_id: str, question: str, reply: dict) -> None:
        self.write_exchanges([ExchangeRecord(
            request_id=request_id, question=question, status=reply.get("status", ""),
            intent=reply.get("intent", ""), answer=reply.get("answer", ""), reply=reply,
            index_version=reply.get("index_version"))])


def thumbs_down_row(fid, rid, comment, reason, created, question, reply_json) -> dict:
    reply = json.loads(reply_json) if reply_json else {}
    return {"feedback_id": fid, "request_id": rid, "comment": comment, "reason": reason, "created_at": created,
            "question": question, "reply": reply}
