"""What an exchange is stored as (masked, with hashes of the quoted passages) and the audit check.

`yibao audit REQUEST_ID` compares each stored hash with the passage in the current index, so a
complaint about an answer can be traced to the exact text it quoted even after the corpus changed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from bot.core.pii import mask_pii
from bot.store.base import CitedPassage, ExchangeRecord

DROPPED_FIELDS = ("passages", "context")  # passage texts live in the index; the context holds history


@lru_cache(maxsize=4096)  # the same passages are quoted by answer after answer
def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def exchange_record(bot, question: str, reply: dict) -> ExchangeRecord:
    """The stored form of one answer: personal data masked, cited passages hashed, rule file named."""
    cited = []
    for c in reply.get("citations") or []:
        hit = bot.retriever.get(c["passage_id"])
        if hit is not None:
            cited.append(CitedPassage(n=c["n"], passage_id=c["passage_id"], sha256=text_sha256(hit.text)))
    rule_file = rule_sha = None
    calc = reply.get("calculation")
    if calc:
        rule_file = _rule_file(bot, calc.get("region"), calc.get("year"))
        rule_sha = bot.index.manifest.get("files", {}).get(f"rules/{rule_file}") if rule_file else None
    kept = {k: v for k, v in reply.items() if k not in DROPPED_FIELDS}
    kept["answer"] = mask_pii(reply.get("answer") or "")
    if kept.get("clarify"):
        kept["clarify"] = {**kept["clarify"], "question": mask_pii(kept["clarify"].get("question") or "")}
    return ExchangeRecord(
        request_id=reply["request_id"], index_version=reply.get("index_version"), status=reply.get("status", ""),
        intent=reply.get("intent", ""), question=mask_pii(question), answer=kept["answer"], cited=cited,
        rule_file=rule_file, rule_sha256=rule_sha, reply=kept,
    )


def _rule_file(bot, region: str | None, year: int | None) -> str | None:
    for name, rf in bot.rules.files.items():
        if rf.region == region and rf.year == year:
            return name
    return None


def check_passages(record: ExchangeRecord, passages: dict[str, str]) -> list[dict]:
    """For each cited passage: the stored hash, the current one, and unchanged / changed / missing."""
    out = []
    for c in record.cited:
        text = passages.get(c.passage_id)
        now = text_sha256(text) if text is not None else None
        state = "missing" if now is None else ("unchanged" if now == c.sha256 else "changed")
        out.append({"n": c.n, "passage_id": c.passage_id, "stored_sha256": c.sha256, "current_sha256": now,
                    "state": state})
    return out
