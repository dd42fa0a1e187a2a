"""Durable feedback storage in SQLite (WAL). One row per rating; nothing is ever overwritten."""

from __future__ import annotations

import json
import sqlite3

import orjson
import threading
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS exchanges (
    request_id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    question TEXT NOT NULL,
    reply_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    created_at REAL NOT NULL,
    reason TEXT
);
CREATE INDEX IF NOT EXISTS feedback_rating ON feedback (rating);
"""


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._conn() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)
            if "reason" not in {row[1] for row in conn.execute("PRAGMA table_info(feedback)")}:
                conn.execute("ALTER TABLE feedback ADD COLUMN reason TEXT")  # databases made before it

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def record_exchange(self, request_id: str, question: str, reply: dict | bytes) -> None:
        """`reply` is the reply object or its JSON bytes as sent (then it is not serialised again)."""
        reply_json = reply if isinstance(reply, bytes) else orjson.dumps(reply)
        self._conn().execute(
            "INSERT OR IGNORE INTO exchanges (request_id, created_at, question, reply_json) VALUES (?, ?, ?, ?)",
            (request_id, time.time(), question, reply_json.decode()),
        )

    def has_exchange(self, request_id: str) -> bool:
        row = self._conn().execute("SELECT 1 FROM exchanges WHERE request_id = ?", (request_id,)).fetchone()
        return row is not None

    def add(self, request_id: str, rating: str, comment: str | None, reason: str | None = None) -> int:
        cur = self._conn().execute(
            "INSERT INTO feedback (request_id, rating, comment, created_at, reason) VALUES (?, ?, ?, ?, ?)",
            (request_id, rating, comment, time.time(), reason),
        )
        return int(cur.lastrowid)

    def count(self, rating: str | None = None) -> int:
        if rating:
            return self._conn().execute("SELECT COUNT(*) FROM feedback WHERE rating = ?", (rating,)).fetchone()[0]
        return self._conn().execute("SELECT COUNT(*) FROM feedback").fetchone()[0]

    def thumbs_down(self) -> list[dict]:
        rows = self._conn().execute(
            """SELECT f.id, f.request_id, f.comment, f.created_at, e.question, e.reply_json
               FROM feedback f LEFT JOIN exchanges e ON e.request_id = f.request_id
               WHERE f.rating = 'down' ORDER BY f.id"""
        ).fetchall()
        out = []
        for fid, rid, comment, created, question, reply_json in rows:
            reply = json.loads(reply_json) if reply_json else {}
            out.append({"feedback_id": fid, "request_id": rid, "comment": comment, "created_at": created,
                        "question": question, "reply": reply})
        return out


def export_eval_jsonl(store: FeedbackStore, out: Path) -> int:
    """Thumbs-down exchanges as evaluation cases (eval JSONL format) for a person to complete."""
    rows = store.thumbs_down()
    with Path(out).open("w", encoding="utf-8") as f:
        for r in rows:
            if not r["question"]:
                continue
            reply = r["reply"]
            case = {
                "id": f"feedback-{r['feedback_id']}",
                "question": r["question"],
                "intent": reply.get("intent"),
                "note": f"thumbs down: {r['comment'] or '(no comment)'}; bot said status={reply.get('status')}",
                "bot_answer": reply.get("answer"),
            }
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    return len(rows)
