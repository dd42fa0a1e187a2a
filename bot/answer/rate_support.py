"""A computed contribution whose question names how the money is paid ("银行扣款要先往卡里存多少"): the
place's sentence that states the same rate in those words ("按150元/人的新标准预存足额金额") follows the
headline, so the reader sees the text speak of their way of paying, not only the rule's bare figure."""

from __future__ import annotations

import re

from bot.answer.compose import tidy, under_headline
from bot.answer.extract import split_sentences
from bot.schemas import ChatReply, Citation

MIN_WORD_WEIGHT = 3.0  # a question word the rule's quote lacks must be this specific to bring a sentence in
MAX_CHARS = 120
_PAYING = re.compile(r"存|扣|银行|预存|代扣|缴费方式|卡里")


def add_rate_support(bot, query, reply: ChatReply) -> ChatReply:
    calc = reply.calculation
    if reply.status != "answer" or calc is None or calc.kind != "contribution" \
            or not _PAYING.search(query.parts[-1]):
        return reply
    rates = {f"{_num(c.quote)}元" for c in reply.citations if _num(c.quote)}
    if not rates:
        return reply
    quoted = set().union(*(bot.tokenizer.tokens(c.quote) for c in reply.citations))
    weight = bot.index.bm25.term_weight
    wanted = {t for t in query.tokens if t not in quoted and weight(t) >= MIN_WORD_WEIGHT}
    scope = bot.regions.scope(query.places, query.years)
    if not wanted or scope.problem:
        return reply
    best = None
    for hit in bot.retriever.search(query.tokens, bot.settings.top_k, scope.doc_ids):
        if hit.region != calc.region and hit.region_name != calc.region:
            continue
        for a, b in split_sentences(hit.text):
            text = hit.text[a:b].strip()
            if len(text) > MAX_CHARS or not any(r in text for r in rates):
                continue
            score = sum(weight(t) for t in wanted.intersection(bot.tokenizer.tokens(text)))
            if score and (best is None or score > best[0]):
                best = (score, hit, text)
    if best is None:
        return reply
    _, hit, text = best
    if any(text in c.quote for c in reply.citations):
        return reply
    n = len(reply.citations) + 1
    cite = Citation(n=n, passage_id=hit.passage_id, source=hit.source, title=hit.title, quote=text,
                    region=hit.region, year=hit.year)
    return reply.model_copy(update={"answer": under_headline(reply.answer, f"{tidy(text)}[{n}]"),
                                    "citations": [*reply.citations, cite]})


def _num(quote: str) -> str | None:
    m = re.search(r"(\d+)\s*元", quote)
    return m.group(1) if m else None
