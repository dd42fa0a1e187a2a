"""The question-answering pipeline: message (+context) -> ChatReply.

analyse question -> route intent -> scope by place/year -> retrieve -> extract & cite | calculate |
clarify | refuse. One Bot per process; everything heavy is loaded once in Bot.load().
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from bot.answer.compose import compose
from bot.answer.extract import select_sentences
from bot.answer import refusals
from bot.core.config import Settings, get_settings
from bot.core.context import load_secret, sign, verify
from bot.core.errors import EmptyMessage, MessageTooLong
from bot.core.resources import make_gazetteer, make_tokenizer
from bot.index.artifacts import Index, load_or_build
from bot.retrieval.query import Query, analyse
from bot.retrieval.retriever import Hit, Retriever
from bot.retrieval.scope import CorpusRegions, Scope
from bot.schemas import ChatReply, PassageHit
from bot.text.normalize import normalize, squash_ws, to_traditional
from bot.text.tokenizer import load_wordlist

log = logging.getLogger("yibao")


@dataclass
class Route:
    intent: str
    confidence: float


class Bot:
    def __init__(self, settings: Settings, index: Index, tokenizer, gazetteer) -> None:
        self.settings = settings
        self.index = index
        self.tokenizer = tokenizer
        self.gazetteer = gazetteer
        self.retriever = Retriever(index)
        self.regions = CorpusRegions(index.documents, gazetteer)
        self.covered = self.regions.covered_places()
        self.domain_terms = load_wordlist(settings.dict_dir / "domain_terms.txt")
        self.secret = load_secret(settings.secret, settings.secret_file)

    @classmethod
    def load(cls, settings: Settings | None = None) -> "Bot":
        settings = settings or get_settings()
        t0 = time.perf_counter()
        gazetteer = make_gazetteer(settings)
        tokenizer = make_tokenizer(settings, gazetteer)
        index = load_or_build(settings, tokenizer, gazetteer)
        tokenizer.warm_up()
        log.info("bot ready in %.2fs (%d passages)", time.perf_counter() - t0, len(index.passages))
        return cls(settings, index, tokenizer, gazetteer)

    # -- entry point --------------------------------------------------------------------------
    def ask(self, message: str, context: dict | None = None) -> ChatReply:
        text = self._validate(message)
        state = verify(context, self.secret)
        query = analyse(text, self.tokenizer, self.gazetteer, self.settings.current_year)
        route = self.route(query)
        if route.intent == "out_of_scope":
            reply = self._refuse(refusals.off_topic(), route)
        else:
            reply = self.answer_from_passages(query, route)
        return self._finish(reply, query, state)

    # -- steps --------------------------------------------------------------------------------
    def _validate(self, message: str) -> str:
        if not isinstance(message, str) or not squash_ws(message):
            raise EmptyMessage()
        text = message.strip()
        if len(text) > self.settings.max_message_chars:
            raise MessageTooLong()
        return text

    def route(self, query: Query) -> Route:
        hits = sum(1 for term in self.domain_terms if term in query.norm)
        if hits >= self.settings.min_domain_terms or query.places:
            return Route("policy_qa", 1.0)
        return Route("out_of_scope", 0.6)

    def scope(self, query: Query) -> Scope:
        return self.regions.scope(query.places, query.years)

    def answer_from_passages(self, query: Query, route: Route) -> ChatReply:
        scope = self.scope(query)
        if scope.problem:
            text, suggestions = refusals.scope_refusal(scope, self.covered)
            return self._refuse(text, route, suggestions=suggestions)
        doc_ids = scope.doc_ids if self.settings.use_region_boost else None
        hits = self.retriever.search(query.tokens, self.settings.top_k, doc_ids)
        if not hits or hits[0].score < self.settings.min_score:
            return self._refuse(refusals.no_evidence(), route, hits=hits)
        answer_hits = self._same_place(hits)
        sentences = select_sentences(
            query.tokens, query.norm, answer_hits, self.tokenizer, self.index.bm25.term_weight,
            max_sentences=self.settings.answer_sentences,
        )
        if not sentences:
            return self._refuse(refusals.no_evidence(), route, hits=hits)
        lead = sentences[0].hit
        composed = compose(
            sentences, self.settings.current_year,
            year_evidence=self._year_evidence(lead), place_was_asked=scope.place is not None,
        )
        return ChatReply(
            status="answer", answer=composed.text, intent=route.intent, confidence=route.confidence,
            citations=composed.citations, passages=self._passages(hits), region=composed.region,
            year=composed.year,
        )

    def _same_place(self, hits: list[Hit]) -> list[Hit]:
        """Answer sentences come from the lead passage's place (plus national documents) only."""
        lead = hits[0]
        return [h for h in hits if h.region == lead.region or h.region == "全国"]

    def _year_evidence(self, lead: Hit) -> Hit | None:
        if not lead.year:
            return None
        for h in self.retriever.doc_passages(lead.doc_id):
            if str(lead.year) in h.text:
                return h
        return None

    def _passages(self, hits: list[Hit]) -> list[PassageHit]:
        return [
            PassageHit(passage_id=h.passage_id, score=h.score, source=h.source, title=h.title, text=h.text,
                       region=h.region, year=h.year)
            for h in hits[: self.settings.top_k]
        ]

    def _refuse(self, text: str, route: Route, *, hits: list[Hit] | None = None,
                suggestions: list[str] | None = None) -> ChatReply:
        return ChatReply(
            status="refuse", answer=text, intent=route.intent, confidence=route.confidence,
            passages=self._passages(hits or []), suggestions=suggestions or [],
        )

    def _finish(self, reply: ChatReply, query: Query, state: dict) -> ChatReply:
        history = (state.get("history") or []) + [query.text]
        reply.context = sign({"history": history[-4:]}, self.secret)
        if query.traditional:
            reply.answer = to_traditional(reply.answer)
            if reply.clarify:
                reply.clarify.question = to_traditional(reply.clarify.question)
        return reply
