"""The part of a two-part question that a money reply does not answer ("个人一年交多少?我儿子大学毕业回来中途
想参保,怎么弄"): its answering sentence, from the same place's passages, right after the reply's headline."""

from __future__ import annotations

import re

from bot.answer.compose import tidy, under_headline
from bot.answer.extract import extend_intro, select_sentences, split_sentences
from bot.answer.money import RATES_HEAD
from bot.answer.question_shape import question_parts
from bot.schemas import ChatReply, Citation

_MONEY_PART = re.compile(r"多少|几[个块元千万]|几钱")
# a part that asks ("还能结转吗", "怎么弄"), not a story's "住了几天"
_ASKS = re.compile(r"吗|呢|怎么|咋|哪|什么|啥|能不能|是不是|有没有|可不可以|要不要|多久|是否|能否|还用|还要|[^,,。]{2}不$|"
                   r"几号|几月|几点|哪天|最晚|最迟|截止")
# "比上一年提高了多少": a change the texts tell in words, not a parameter the calculator holds
_CHANGE_PART = re.compile(r"(提高|涨|增加|上升|下降|降低|减少|调高|调低)了?[^,。,;??]{0,4}(多少|几)|比[^,。,;??]{1,8}(多|少|高|低)了?(多少|几)")
PART_CHARS = 110  # the second part is one short block: the headline and the computation follow


def add_other_parts(bot, query, reply: ChatReply) -> ChatReply:
    """`reply` with a sentence for each part of the latest message that asks no amount."""
    if reply.status != "answer" or (reply.calculation is None and RATES_HEAD not in reply.answer):
        return reply  # a reply from passages answers each part itself; a computation or the rates do not
    parts = question_parts(query.parts[-1])
    others = [p for p in parts if _CHANGE_PART.search(p) or (not _MONEY_PART.search(p) and _ASKS.search(p))]
    if len(parts) < 2 or not others or len(others) == len(parts):
        return reply
    scope = bot.regions.scope(query.places, query.years)
    if scope.problem:
        return reply
    sentence_tokens = lambda pid: bot.retriever.sentences(pid, split_sentences, bot.tokenizer.tokens)  # noqa: E731
    citations = list(reply.citations)
    lines = []
    whole = bot.tokenizer.query_tokens(query.parts[-1])
    asked_first = set().union(*(bot.tokenizer.query_tokens(p) for p in parts if p not in others))
    for part in others:
        tokens = bot.tokenizer.query_tokens(part)
        own = set(tokens) - asked_first  # what this part asks about that the money part does not
        # the message's subject ("潍坊的学生医保") is in its first part: search with all of it, weigh this part
        hits = bot.retriever.search(list(dict.fromkeys(whole + tokens)), bot.settings.top_k, scope.doc_ids)
        if not hits or hits[0].score < bot.settings.min_score:
            continue
        best = select_sentences(tokens, part, hits, sentence_tokens, bot.index.bm25.term_weight, max_sentences=1,
                                focus=set(tokens))
        if not best or not own & set(bot.tokenizer.tokens(best[0].text)):
            continue  # a sentence about the money part again, or about something else
        s = _short(extend_intro(best[0]))
        if any(c.quote in s.text or s.text in c.quote for c in citations):
            # the rule's sentence is cited for its figure; its clause on this part is quoted by itself
            s = _own_clause(bot, s, own, reply.answer) or s
        if _shown(s.text, reply.answer) or any(s.text in c.quote or c.quote in s.text for c in citations) \
                and not _own_clause_of(s, citations):
            continue  # the reply quotes it already
        n = len(citations) + 1
        citations.append(Citation(n=n, passage_id=s.hit.passage_id, source=s.hit.source, title=s.hit.title,
                                  quote=s.text, region=s.hit.region, year=s.hit.year))
        lines.append(f"{tidy(s.text)}[{n}]")
    if not lines:
        return reply
    return reply.model_copy(update={"answer": under_headline(reply.answer, *lines), "citations": citations})


def _shown(text: str, answer: str) -> bool:
    """Whether the reply already says `text` (markers and end punctuation aside)."""
    core = tidy(text).rstrip("。;;,, ")
    return bool(core) and core in _MARKS.sub("", answer)


_MARKS = re.compile(r"\[\d+\]")


def _short(s):
    """The block cut to whole sentences within PART_CHARS (at least one)."""
    end = s.end
    for a, b in split_sentences(s.hit.text):
        if a >= s.start and b - s.start > PART_CHARS and a > s.start:
            end = min(end, a)
            break
    end = max(end if end > s.start else s.end, s.start)
    while end > s.start and s.hit.text[end - 1].isspace():
        end -= 1
    return type(s)(s.hit, s.hit_rank, s.start, end, s.score)


_CLAUSE_END = re.compile(r"[,,;;。]")


def _own_clause_of(s, citations) -> bool:
    """Whether `s` is a clause cut from a longer cited sentence (quoted so the reader sees it)."""
    return any(s.text in c.quote and s.text != c.quote for c in citations)


def _own_clause(bot, s, own: set[str], shown: str):
    """The clause of `s` that says most of `own` and is not already quoted ("…80元/人,…,当年未使用的余额可跨
    年度结转使用(须在次年连续参保缴费后)" -> its last clause), or None."""
    text, best, start = s.hit.text, None, s.start
    for m in list(_CLAUSE_END.finditer(text, s.start, s.end)) + [None]:
        end = m.end() if m else s.end
        clause = text[start:end].strip()
        if clause and tidy(clause) not in shown:
            n = len(own & set(bot.tokenizer.tokens(clause)))
            if n and (best is None or n > best[0]):
                best = (n, start, end)
        start = end
    if best is None:
        return None
    _, a, b = best
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",,;;、"):
        b -= 1  # "学生、儿童统一按低档缴费," ends at its words
    return type(s)(s.hit, s.hit_rank, a, b, s.score)
