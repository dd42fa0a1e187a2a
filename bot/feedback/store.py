"""Feedback export. Storage itself lives in bot.store (SQLite or PostgreSQL behind one interface);
FeedbackStore is the SQLite store, kept under its old name."""

from __future__ import annotations

import json
from pathlib import Path

from bot.store.base import Store
from bot.store.sqlite import SQLiteStore as FeedbackStore

__all__ = ["FeedbackStore", "export_eval_jsonl"]


def export_eval_jsonl(store: Store, out: Path) -> int:
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
                "note": f"thumbs down ({r.get('reason') or 'no reason'}): {r['comment'] or '(no comment)'}; "
                        f"bot said status={reply.get('status')}",
                "bot_answer": reply.get("answer"),
            }
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    return len(rows)
