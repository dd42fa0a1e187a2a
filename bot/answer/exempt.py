"""A contribution question about members of an exempt group (低保, 特困, 孤儿…) that the rule file gives
no amount for but a note about ("由政府按规定标准资助参保"): the note, cited, is the answer."""

from __future__ import annotations

from bot.answer.compose import year_label
from bot.answer.from_passages import passage_hits
from bot.answer.money import CitationMaker
from bot.rules.calculator import exempt_note
from bot.schemas import ChatReply


def exempt_reply(bot, query, scope, rules, slots, confidence: float) -> ChatReply | None:
    """"潍坊低保户交居民医保要自己出钱吗": what the file says about the group, and that it states no amount.
    None when the question counts anyone else or the file says nothing about the group."""
    if set(slots.people.kinds) != {"困难群体"}:
        return None
    note = exempt_note(rules, slots.people.exempt_words)
    if note is None:
        return None
    cites = CitationMaker(bot.retriever)
    quote = note.quote.rstrip("。;;,, ")
    lines = [f"根据{rules.region}({year_label(rules.year)})的规定:{quote}[{cites.cite(note)}]。",
             "资料没有写这些人员个人每年要交多少,具体金额请向当地医保经办机构确认。"]
    if rules.year and rules.year < bot.settings.current_year:
        lines.append(f"提示:这是{rules.year}年的政策,之后可能已经调整,请以当地医保部门最新公布为准。")
    elif not rules.year:
        lines.append("提示:原文没有写明年份,政策可能已经调整,请以当地医保部门最新公布为准。")
    hits = bot.retriever.search(query.tokens, bot.settings.top_k, scope.doc_ids)
    cited = [bot.retriever.get(c.passage_id) for c in cites.items]
    rest = [h for h in hits if h.passage_id not in {c.passage_id for c in cited}]
    return ChatReply(status="answer", answer="\n".join(lines), intent="contribution", confidence=confidence,
                     citations=cites.items, region=rules.region, year=rules.year,
                     passages=passage_hits(cited + rest, bot.settings.top_k))
