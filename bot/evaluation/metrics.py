"""Scoring one run of the evaluation set."""

from __future__ import annotations

from collections import Counter

from bot.evaluation.dataset import Case
from bot.text.normalize import squash_ws


def relevant(text: str, evidence: list[str]) -> bool:
    t = squash_ws(text)
    return any(squash_ws(e) in t for e in evidence)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def intent_scores(pairs: list[tuple[str, str]]) -> dict:
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in pairs:
        confusion[g][p] += 1
    f1s = {}
    for label in labels:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in labels) - tp
        fn = sum(confusion[label].values()) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s[label] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    gold_labels = sorted({g for g, _ in pairs})
    return {
        "n": len(pairs),
        "accuracy": sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0,
        "macro_f1": sum(f1s[g] for g in gold_labels) / len(gold_labels) if gold_labels else 0.0,
        "f1": f1s,
        "confusion": confusion,
    }


def score(cases: list[Case], replies: list[dict], latencies_ms: list[float], k: int) -> dict:
    failures = []
    intent_pairs, ranks, cite_total, cite_good = [], [], 0, 0
    amount_n = amount_ok = clarify_n = clarify_ok = status_n = status_ok = 0
    refuse_tp = refuse_fp = refuse_fn = 0
    for case, reply in zip(cases, replies):
        problems = []
        if "error" in reply:
            problems.append(f"error {reply['error'].get('code')}")
        status = reply.get("status")
        if case.intent:
            intent_pairs.append((case.intent, reply.get("intent") or "none"))
            if reply.get("intent") != case.intent:
                problems.append(f"intent {reply.get('intent')} != {case.intent}")
        if case.expect:
            status_n += 1
            status_ok += status == case.expect
            if status != case.expect:
                problems.append(f"status {status} != {case.expect}")
            if case.expect == "clarify":
                clarify_n += 1
                clarify_ok += status == "clarify"
            refuse_tp += case.expect == "refuse" and status == "refuse"
            refuse_fp += case.expect != "refuse" and status == "refuse"
            refuse_fn += case.expect == "refuse" and status != "refuse"
        if case.evidence and case.expect in (None, "answer"):
            passages = reply.get("passages") or []
            rank = next((i + 1 for i, p in enumerate(passages[:k]) if relevant(p.get("text", ""), case.evidence)), None)
            ranks.append(rank)
            if rank is None:
                problems.append(f"no evidence in top {k}")
            for c in reply.get("citations") or []:
                cite_total += 1
                text = next((p.get("text", "") for p in passages if p.get("passage_id") == c.get("passage_id")), c.get("quote", ""))
                cite_good += relevant(text, case.evidence) or relevant(c.get("quote", ""), case.evidence)
        if case.expected_amount is not None:
            amount_n += 1
            calc = reply.get("calculation") or {}
            got = calc.get("amount")
            ok = got is not None and abs(float(got) - case.expected_amount) <= 0.01
            amount_ok += ok
            if not ok:
                problems.append(f"amount {got} != {case.expected_amount}")
        if problems:
            failures.append({"id": case.id, "question": case.question, "expected": {
                "intent": case.intent, "expect": case.expect, "evidence": case.evidence,
                "expected_amount": case.expected_amount}, "got": {
                "status": status, "intent": reply.get("intent"),
                "amount": (reply.get("calculation") or {}).get("amount"),
                "answer": (reply.get("answer") or "")[:300],
                "top_passages": [p.get("passage_id") for p in (reply.get("passages") or [])[:k]],
                "error": reply.get("error")}, "problems": problems})
    found = [r for r in ranks if r]
    return {
        "counts": {"cases": len(cases), "with_intent": len(intent_pairs), "with_evidence": len(ranks),
                   "with_amount": amount_n, "expect_clarify": clarify_n, "failures": len(failures),
                   "statuses": dict(Counter(r.get("status", "error") for r in replies))},
        "intent": intent_scores(intent_pairs),
        "retrieval": {f"recall@{n}": (sum(1 for r in ranks if r and r <= n) / len(ranks) if ranks else 0.0)
                      for n in (1, 3, 5) if n <= k} | {"mrr": sum(1 / r for r in found) / len(ranks) if ranks else 0.0},
        "citation_precision": cite_good / cite_total if cite_total else 0.0,
        "amount_accuracy": amount_ok / amount_n if amount_n else 0.0,
        "status_accuracy": status_ok / status_n if status_n else 0.0,
        "refusal": {"precision": refuse_tp / (refuse_tp + refuse_fp) if refuse_tp + refuse_fp else 0.0,
                    "recall": refuse_tp / (refuse_tp + refuse_fn) if refuse_tp + refuse_fn else 0.0},
        "clarify_accuracy": clarify_ok / clarify_n if clarify_n else 0.0,
        "latency_ms": {"p50": percentile(latencies_ms, 50), "p95": percentile(latencies_ms, 95),
                       "max": max(latencies_ms) if latencies_ms else 0.0},
        "failures": failures,
    }
