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


# The bot's own answers repeat (the same question asked again gets the same text): each is masked once.
# The asker's question is masked every time (it is not kept in memory).
_mask_answer = lru_cache(maxsize=2048)(mask_pii)


def exchange_record(bot, question: str, reply: dict) -> ExchangeRecord:
    """The stored form of one answer: personal data masked, cited passages hashed, rule file named."""
    cited, rule_file, rule_sha = exchange_facts(bot, reply)
    return record_from_facts(question, reply, cited, rule_file, rule_sha)


def exchange_facts(bot, reply: dict) -> tuple[list[tuple[int, str, str]], str | None, str | None]:
    """What only the serving Bot knows of a reply: (n, passage_id, sha256) of each cited passage, and the
    rule file of a calculation with its hash. Cheap (hashes are kept per text); masking is not done here."""
    cited = []
    for c in reply.get("citations") or []:
        hit = bot.retriever.get(c["passage_id"])
        if hit is not None:
            cited.append((c["n"], c["passage_id"], text_sha256(hit.text)))
    rule_file = rule_sha = None
    calc = reply.get("calculation")
    if calc:
        rule_file = _rule_file(bot, calc.get("region"), calc.get("year"))
        rule_sha = bot.index.manifest.get("files", {}).get(f"rules/{rule_file}") if rule_file else None
    return cited, rule_file, rule_sha


def record_from_facts(question: str, reply: dict, cited, rule_file: str | None, rule_sha: str | None,
                      created_at: float | None = None) -> ExchangeRecord:
    """Mask and assemble a record from a reply and its facts (the costly part: the exchange writer's)."""
    kept = {k: v for k, v in reply.items() if k not in DROPPED_FIELDS}
    kept["answer"] = _mask_answer(reply.get("answer") or "")
    if kept.get("clarify"):
        kept["clarify"] = {**kept["clarify"], "question": _mask_answer(kept["clarify"].get("question") or "")}
    extra = {} if created_at is None else {"created_at": created_at}
    return ExchangeRecord(
        request_id=reply["request_id"], index_version=reply.get("index_version"), status=reply.get("status", ""),
        intent=reply.get("intent", ""), question=mask_pii(question), answer=kept["answer"],
        cited=[CitedPassage(n=n, passage_id=pid, sha256=sha) for n, pid, sha in cited],
        rule_file=rule_file, rule_sha256=rule_sha, reply=kept, **extra,
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
