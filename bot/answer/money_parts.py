"""A message with two money questions of different kinds ("秦皇岛一个人交多少钱?一年最多能报多少?"): each
part is answered by its own route, and the reply leads with both answers before the first one's details."""

from __future__ import annotations

import re

from bot.answer.from_passages import answer_from_passages
from bot.answer.money_route import answer_money
from bot.answer.year_notes import with_current_year_note
from bot.answer.question_shape import question_parts
from bot.schemas import ChatReply

_PAYOUT = re.compile(r"报销|能报|报多少|报几成|最多付|最高付|最高支付|封顶|起付|最多给|补多少|包干|定额补")
_CONTRIBUTION = re.compile(r"(交|缴)[^,。,;??]{0,4}(多少|几)|多少钱|缴费标准")
_MARK = re.compile(r"\[(\d+)\]")


def _kind(part: str) -> str | None:
    if _PAYOUT.search(part):
        return "reimbursement"
    return "contribution" if _CONTRIBUTION.search(part) else None


def money_parts(bot, query) -> list[tuple[str, str]] | None:
    """[(part text to ask, intent), …] when the latest message asks a contribution and a payout."""
    if query.carried or len(query.parts) > 1:
        return None
    parts = question_parts(query.parts[-1])
    kinds = [_kind(p) for p in parts]
    if len(parts) != 2 or None in kinds or kinds[0] == kinds[1]:
        return None
    place = "".join(p.name for p in query.places[:1])
    return [(p if not place or place in p else place + p, k) for p, k in zip(parts, kinds)]


def answer_money_parts(bot, query, confidence: float) -> ChatReply | None:
    """Both parts answered, joined; None when the message is not two such parts or a part gets no answer."""
    parts = money_parts(bot, query)
    if not parts:
        return None
    replies = []
    for text, kind in parts:
        q = bot.analyse(text)
        replies.append(answer_money(bot, q, kind, confidence) or answer_from_passages(bot, q, kind, confidence))
    if not all(r.status == "answer" for r in replies):
        return None
    return join_replies(*(with_current_year_note(bot, query, r) for r in replies))


def join_replies(first: ChatReply, second: ChatReply) -> ChatReply:
    """`first` with `second`'s headline right after its own, `second`'s markers renumbered after
    `first`'s citations (a quote both cite keeps one number)."""
    citations = list(first.citations)
    renumber: dict[int, int] = {}
    head = second.answer.split("\n", 1)[0]
    for c in second.citations:
        if f"[{c.n}]" not in head:
            continue
        same = next((x for x in citations if x.passage_id == c.passage_id and x.quote == c.quote), None)
        if same is None:
            same = c.model_copy(update={"n": len(citations) + 1})
            citations.append(same)
        renumber[c.n] = same.n
    head = _MARK.sub(lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", head)
    top, _, rest = first.answer.partition("\n")
    return first.model_copy(update={"answer": "\n".join(x for x in (top, head, rest) if x), "citations": citations})
