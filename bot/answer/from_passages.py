"""Answers drawn from retrieved passages: scope by place/year, retrieve, extract, cite."""

from __future__ import annotations

from bot.answer import refusals
from bot.answer.compose import compose
from bot.answer.extract import select_sentences, split_sentences
from bot.retrieval.query import Query
from bot.retrieval.retriever import Hit
from bot.schemas import ChatReply, PassageHit


def passage_hits(hits: list[Hit], k: int) -> list[PassageHit]:
    return [
        PassageHit(passage_id=h.passage_id, score=h.score, source=h.source, title=h.title, text=h.text,
                   region=h.region, year=h.year)
        for h in hits[:k]
    ]


def refuse(text: str, intent: str, confidence: float, *, hits: list[Hit] | None = None, k: int = 5,
           suggestions: list[str] | None = None) -> ChatReply:
    return ChatReply(status="refuse", answer=text, intent=intent, confidence=confidence,
                     passages=passage_hits(hits or [], k), suggestions=suggestions or [])


def answer_from_passages(bot, query: Query, intent: str, confidence: float) -> ChatReply:
    s = bot.settings
    scope = bot.regions.scope(query.places, query.years)
    if scope.problem:
        text, suggestions = refusals.scope_refusal(scope, bot.covered)
        return refuse(text, intent, confidence, suggestions=suggestions)
    doc_ids = scope.doc_ids if s.use_region_boost else None
    hits = bot.retriever.search(query.tokens, s.top_k, doc_ids)
    if not hits or hits[0].score < s.min_score:
        return refuse(refusals.no_evidence(), intent, confidence, hits=hits, k=s.top_k,
                      suggestions=refusals.SUGGESTED)
    lead = hits[0]
    same_place = [h for h in hits if h.region == lead.region or h.region == "全国"]
    sentences = select_sentences(
        query.tokens, query.norm, same_place,
        lambda pid: bot.retriever.sentences(pid, split_sentences, bot.tokenizer.tokens),
        bot.index.bm25.term_weight, max_sentences=s.answer_sentences,
    )
    if not sentences:
        return refuse(refusals.no_evidence(), intent, confidence, hits=hits, k=s.top_k)
    composed = compose(sentences, s.current_year, year_evidence=_year_evidence(bot, sentences[0].hit),
                       place_was_asked=scope.place is not None)
    return ChatReply(status="answer", answer=composed.text, intent=intent, confidence=confidence,
                     citations=composed.citations, passages=passage_hits(hits, s.top_k),
                     region=composed.region, year=composed.year)


def _year_evidence(bot, lead: Hit) -> Hit | None:
    if not lead.year:
        return None
    for h in bot.retriever.doc_passages(lead.doc_id):
        if str(lead.year) in h.text:
            return h
    return None
