"""Scoring one run of the evaluation set."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from bot.evaluation.dataset import Case
from bot.text.normalize import normalize, squash_ws

LEAD_CHARS = 150
_MARKER = re.compile(r"\[\d+\]")


def relevant(text: str, evidence: list[str]) -> bool:
    t = squash_ws(text)
    return any(squash_ws(e) in t for e in evidence)


def _matchable(text: str) -> str:
    """Both sides of an answer-level match: no markers, no spaces, NFKC, Simplified (a Traditional
    reply still shows a Simplified span, and the other way round)."""
    return squash_ws(normalize(_MARKER.sub("", text)))


def shows(text: str, evidence: list[str]) -> bool:
    t = _matchable(text)
    return any(_matchable(e) in t for e in evidence if _matchable(e))


def _amount_text(amount: float) -> str:
    return f"{amount:.2f}".rstrip("0").rstrip(".")


def answer_level(case: Case, reply: dict) -> dict | None:
    """answer-hit: the evidence is in what the reply shows (answer or cited quotes); lead-hit: it is in
    the first LEAD_CHARS characters of the answer (for a money question, the expected amount counts)."""
    if not case.evidence or case.expect not in (None, "answer"):
        return None
    answer = reply.get("answer") or ""
    quotes = " ".join(c.get("quote", "") for c in reply.get("citations") or [])
    lead = _MARKER.sub("", answer)[:LEAD_CHARS]
    lead_hit = shows(lead, case.evidence)
    if not lead_hit and case.expected_amount is not None:
        lead_hit = _amount_text(case.expected_amount) in squash_ws(lead).replace(",", "")
    return {"answer_hit": shows(answer, case.evidence) or shows(quotes, case.evidence), "lead_hit": lead_hit}


def stated_amount(reply: dict, expected: float) -> float | None:
    """The amount a reply gives: the calculator's result, or else, for an answer quoted from a passage
    ("由统筹基金一次性支付每人5万元的补助金"), a money amount in its first sentence (the expected one when
    that sentence states several)."""
    calc = reply.get("calculation") or {}
    if calc.get("amount") is not None:
        return float(calc["amount"])
    if reply.get("status") != "answer":
        return None
    from bot.text.numbers import find_numbers

    first = re.split(r"[。\n]", _MARKER.sub("", normalize(reply.get("answer") or "")), maxsplit=1)[0]
    amounts = [float(n.value) for n in find_numbers(first) if re.match(r"\s*(万)?元", first[n.end:n.end + 2])
               or re.search(r"万", n.text)]
    if not amounts:
        return None
    return expected if any(abs(a - expected) <= 0.01 for a in amounts) else amounts[0]


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
    hits_at_answer: list[dict] = []
    lengths: list[int] = []
    classes: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for case, reply in zip(cases, replies):
        problems = []
        per_class = classes[case.klass or "unlabelled"]
        if reply.get("status") == "answer" and reply.get("answer"):
            lengths.append(len(_MARKER.sub("", reply["answer"])))
        level = answer_level(case, reply)
        if level is not None:
            hits_at_answer.append(level)
            per_class["answer_hit"].append(level["answer_hit"])
            per_class["lead_hit"].append(level["lead_hit"])
            if not level["answer_hit"]:
                problems.append("evidence not shown in the reply")
            elif not level["lead_hit"]:
                problems.append(f"evidence not in the first {LEAD_CHARS} characters")
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
            per_class["status"].append(status == case.expect)
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
            got = stated_amount(reply, case.expected_amount)
            ok = got is not None and abs(float(got) - case.expected_amount) <= 0.01
            amount_ok += ok
            per_class["amount"].append(ok)
            if not ok:
                problems.append(f"amount {got} != {case.expected_amount}")
        if problems:
            failures.append({"id": case.id, "class": case.klass, "question": case.question,
                             "turns": case.earlier_turns, "expected": {
                "intent": case.intent, "expect": case.expect, "evidence": case.evidence,
                "expected_amount": case.expected_amount}, "got": {
                "status": status, "intent": reply.get("intent"),
                "amount": (reply.get("calculation") or {}).get("amount"),
                "answer": (reply.get("answer") or "")[:400],
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
        "answer": {"n": len(hits_at_answer),
                   "answer_hit": _share(h["answer_hit"] for h in hits_at_answer),
                   "lead_hit": _share(h["lead_hit"] for h in hits_at_answer),
                   "mean_length": sum(lengths) / len(lengths) if lengths else 0.0},
        "by_class": {name: {"n": sum(1 for c in cases if (c.klass or "unlabelled") == name),
                            "status_accuracy": _share(row["status"], None),
                            "answer_hit": _share(row["answer_hit"], None),
                            "lead_hit": _share(row["lead_hit"], None),
                            "amount_accuracy": _share(row["amount"], None)}
                     for name, row in classes.items()},
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


def _share(flags, empty=0.0):
    flags = list(flags)
    return sum(flags) / len(flags) if flags else empty
