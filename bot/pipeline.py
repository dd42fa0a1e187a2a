"""The question-answering pipeline: message (+context) -> ChatReply.

follow-up merge -> analyse -> route intent -> money question (calculator / clarify) | passages
(retrieve, extract, cite) | chitchat | refuse. One Bot per process; Bot.load() loads everything once.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from bot.answer import chitchat, refusals
from bot.answer.money_parts import answer_money_parts
from bot.answer.blocks import answer_blocks
from bot.answer.from_passages import answer_from_passages, refuse
from bot.answer.money_route import answer_money, answer_package
from bot.answer.year_notes import with_current_year_note
from bot.core.config import Settings, get_settings
from bot.core.context import load_secret, sign, verify
from bot.core.errors import EmptyMessage, InvalidText, MessageTooLong
from bot.core.pii import mask_pii
from bot.core.textsafe import has_lone_surrogate
from bot.core.resources import make_gazetteer, make_tokenizer
from bot.answer.other_part import add_other_parts
from bot.answer.rate_support import add_rate_support
from bot.geo.facilities import Facilities
from bot.nlu.classifier import any_of
from bot.nlu.routing import MONEY, money_or_not
from bot.nlu.topics import off_topic_reason
from bot.index.artifacts import IndexProblem, build_index, load_classifier, load_or_build, read_index
from bot.retrieval.query import Query, analyse
from bot.retrieval.retriever import Retriever
from bot.retrieval.scope import CorpusRegions
from bot.rules.registry import RuleBook
from bot.schemas import ChatReply
from bot.text.normalize import squash_ws, to_traditional
from bot.text.tokenizer import load_wordlist

log = logging.getLogger("yibao")
MAX_THREAD = 4  # messages of one question and its follow-ups kept in the context
_WHEN_WHERE = re.compile(r"什么时候|啥时候|几月|几号|哪天|截止|在哪|去哪|哪里|怎么办|怎么交|怎么弄|要带")
_FOLLOWUP = re.compile(r"^(那|那么|还有|如果|要是|换成|改成|假如|再加|加上|再算|再)|呢[??]?$|呢[,,]|"
                       r"也(跟着|一起|要)交|一起交|(总共|一共|加起来)(多少|要多少|得多少)")
# A policy question about a fixed benefit's amount ("生孩子医保怎么报", "白内障补多少") may be a package.
_PACKAGE_AMOUNT = re.compile(r"(多少|怎么报|如何报|能报|补多少|给多少|出多少|付多少|包干)")
_QUESTION = re.compile(r"怎么|怎样|如何|什么|啥|哪|吗|多少|几|能不能|可不可以|是否|\?")
_SLOT_WORDS = re.compile(
    r"[\d.]+[万千w元块]*|[一二两三四五六七八九十百千万]+[元块]?|[^\w]|县|市|区|省|医院|卫生院|级|档|转诊|住院|门诊"
    r"|高|低|的|都|也|交|缴|选|按|是|在|了|吧|啊"
)


class Bot:
    def __init__(self, settings: Settings, index, tokenizer, gazetteer, classifier, rulebook) -> None:
        self.settings = settings
        self.index = index
        self.tokenizer = tokenizer
        self.gazetteer = gazetteer
        self.classifier = classifier
        self.rules = rulebook
        self.retriever = Retriever(index)
        self.regions = CorpusRegions(index.documents, gazetteer)
        self.covered = self.regions.covered_places()
        self.facilities = Facilities.load(
            settings.data_dir / "facilities.tsv", {p["passage_id"]: p["doc_id"] for p in index.passages},
            self.regions.division_of, {p["passage_id"]: p["text"] for p in index.passages})
        self.domain_terms = load_wordlist(settings.dict_dir / "domain_terms.txt")
        self._domain = any_of(self.domain_terms)  # one C scan for "any 医保 term in the text"
        self.secret = load_secret(settings.secret, settings.secret_file, settings.min_secret_bytes)
        self._word_parts: dict[str, tuple[str, ...]] = {}  # _split_unknown's parts of a word

    @classmethod
    def load(cls, settings: Settings | None = None) -> "Bot":
        settings = settings or get_settings()
        t0 = time.perf_counter()
        gazetteer = make_gazetteer(settings)
        tokenizer = make_tokenizer(settings, gazetteer)
        index = load_or_build(settings, tokenizer, gazetteer)
        try:
            classifier = load_classifier(settings, index, tokenizer)
        except IndexProblem as problem:
            if settings.index_readonly:
                raise
            log.warning("%s - rebuilding the index", problem)
            index = build_index(settings, tokenizer, gazetteer)
            classifier = load_classifier(settings, index, tokenizer)
        rulebook = RuleBook.load(index.rules_dir, gazetteer)
        tokenizer.warm_up()
        bot = cls(settings, index, tokenizer, gazetteer, classifier, rulebook)
        bot.warm_up()
        log.info("bot ready in %.2fs (%d passages, index %s)", time.perf_counter() - t0, len(index.passages),
                 index.version)
        return bot

    def with_artifact(self, directory) -> "Bot":
        """A new Bot on another artifact, sharing this one's tokenizer and gazetteer (hot reload).
        Raises IndexProblem (or DataFileError) when the artifact is broken; this Bot is untouched."""
        index = read_index(self.settings, self.tokenizer, directory=directory, check_inputs=False)
        classifier = load_classifier(self.settings, index, self.tokenizer)
        rulebook = RuleBook.load(index.rules_dir, self.gazetteer)
        bot = type(self)(self.settings, index, self.tokenizer, self.gazetteer, classifier, rulebook)
        bot.warm_up()
        return bot

    def warm_up(self) -> None:
        """Precompute sentence tokens of every passage, so no question pays for it. OpenCC's s2t table
        (~85 ms) loads on the first Traditional-Chinese question instead: most processes never need it."""
        from bot.answer.extract import split_sentences

        self.retriever.warm_sentences(self.settings.cache_dir, split_sentences, self.tokenizer.tokens)

    # -- entry point --------------------------------------------------------------------------
    def ask(self, message: str, context: dict | None = None, *, request_id: str | None = None) -> ChatReply:
        text = self._validate(message)
        state = verify(context, self.secret, self.settings.context_max_age_seconds)
        query = self.analyse(text)
        intent, confidence = self.route(query)
        base = self._followup_base(text, query.norm, state)
        if base is not None:
            query = self._merge(base, query)
            pending = state.get("pending")
            if pending:
                intent = pending.get("intent") or intent
            elif _WHEN_WHERE.search(squash_ws(text)):
                intent = "policy_qa"  # "啥时候交" / "在哪办" after a money question asks a procedure
            elif state.get("intent") in MONEY and intent != "out_of_scope":
                intent = state["intent"]  # "那二档呢", "要是没办转诊呢" after a computed answer: recompute
            elif not (intent in ("policy_qa", "contribution", "reimbursement") and confidence >= 0.6):
                intent, confidence = self.route(query)  # the follow-up alone says too little
        elif not query.places and state.get("places"):
            # A new question in the same conversation keeps its place ("秦皇岛…" then "一家三口交多少")
            query.places = [d for d in (self.gazetteer.by_code.get(c) for c in state["places"]) if d]
            query.carried = bool(query.places)
            query.earlier = list(state.get("thread") or [])
        reply = self.dispatch(query, intent, confidence)
        reply.request_id = request_id or uuid.uuid4().hex
        reply.index_version = self.index.version
        return self._finish(reply, text, query, intent, state)

    def analyse(self, text: str) -> Query:
        query = analyse(text, self.tokenizer, self.gazetteer, self.settings.current_year)
        query.tokens += self._split_unknown(query.tokens)
        if not query.places:
            query.places = self.facilities.find(query.norm)  # "赵家街道中心卫生医院" is in 重庆
        return query

    def dispatch(self, query: Query, intent: str, confidence: float) -> ChatReply:
        if intent == "out_of_scope":
            return refuse(refusals.off_topic(off_topic_reason(query.norm)), intent, confidence,
                          suggestions=refusals.SUGGESTED)
        if intent == "chitchat":
            return ChatReply(status="answer", answer=chitchat.reply(query.norm, self.covered), intent=intent,
                             confidence=confidence, suggestions=chitchat.SUGGESTIONS)
        if intent in MONEY:
            reply = answer_money_parts(self, query, confidence)  # "交多少?最多能报多少?"
            if reply is not None:
                return reply
        if intent in MONEY:
            reply = answer_money(self, query, intent, confidence)
            if reply is not None:
                reply = with_current_year_note(self, query, reply)  # "今年交多少": the newest standard, labelled
                # "交多少?中途想参保怎么弄": the second part too; "卡里存多少": the text's words on paying
                return add_rate_support(self, query, add_other_parts(self, query, reply))
        elif intent == "policy_qa" and _PACKAGE_AMOUNT.search(query.parts[-1]):
            reply = answer_package(self, query, confidence)
            if reply is not None:
                return reply
        return answer_from_passages(self, query, intent, confidence)

    def route(self, query: Query) -> tuple[str, float]:
        pred = self.classifier.predict(query.text)
        intent = pred.intent
        if off_topic_reason(query.norm):
            return "out_of_scope", round(max(pred.confidence, 0.9), 4)
        has_domain = self._domain is not None and self._domain.search(query.norm) is not None
        covered_place = any(self.regions.applicable(p) for p in query.places)
        if intent == "out_of_scope" and (has_domain or covered_place) and pred.confidence < 0.8:
            intent = "policy_qa"  # a 医保 word or a place we cover: let retrieval decide
        intent = money_or_not(intent, pred.confidence, query.norm)
        if intent == "chitchat" and not chitchat.is_small_talk(query.norm):
            intent = "policy_qa" if has_domain else "out_of_scope"
        if chitchat.is_pure_small_talk(query.norm) or (chitchat.asks_about_bot(query.norm) and not query.places):
            intent = "chitchat"  # "你好,我想问问医保的事", "你真棒", "你们能查哪些地方的医保"
        return intent, round(pred.confidence, 4)

    # -- conversation -------------------------------------------------------------------------
    def _followup_base(self, text: str, norm: str, state: dict) -> list[str] | None:
        """The earlier messages this one continues, if it is a short follow-up: the answer to a
        clarify question, "那市外的呢", "啥时候交", or bare slot values ("平阳县", "两万")."""
        size = len(squash_ws(text))
        pending = state.get("pending")
        if pending and size <= 3 * self.settings.followup_max_chars and not _QUESTION.search(norm) \
                and self._supplies(pending.get("slot"), norm):
            return pending.get("thread") or [pending.get("question")]  # "平阳县的,2019年,在县医院住的"
        if size > self.settings.followup_max_chars and not (
                _FOLLOWUP.search(norm) and size <= 2 * self.settings.followup_max_chars
                and not self._names_place(norm, besides=state.get("places") or [])):
            return None  # long follow-ups only when they read as one ("要是我没办转诊,自己跑到外地去做呢")
        if chitchat.is_small_talk(norm):
            return None
        bare = norm
        for m in self.gazetteer.find(norm, normalized=True):
            bare = bare.replace(m.surface, "")
        if not (_FOLLOWUP.search(norm) or len(_SLOT_WORDS.sub("", bare)) <= 3):
            return None  # a new question of its own ("中山怎么选定点医院")
        pending = state.get("pending")
        if pending:
            return pending.get("thread") or [pending.get("question")]
        if state.get("thread"):
            return state["thread"]
        history = state.get("history") or []
        return [history[-1]] if history else None

    def _merge(self, base_thread: list[str], new: Query) -> Query:
        base = self.analyse(" ".join(base_thread))
        latest: list = []  # "秦皇岛一家三口交多少" / "那潍坊呢" / "交高档": the place named last is the one meant
        for earlier in reversed(base_thread[1:] if len(base.places) > 1 else []):
            latest = self.analyse(earlier).places
            if latest:
                break
        return Query(
            text=f"{base.text} {new.text}",
            norm=f"{base.norm}。{new.norm}",
            tokens=list(dict.fromkeys(base.tokens + new.tokens)),
            places=new.places or latest + [p for p in base.places if p not in latest],
            years=new.years or base.years,
            traditional=new.traditional or base.traditional,
            thread=[*base_thread, new.text][-MAX_THREAD:],
        )

    def _supplies(self, slot: str | None, norm: str) -> bool:
        """The message gives the value a clarify question asked for."""
        if slot == "region":
            return self._names_place(norm) or bool(self.facilities.find(norm))
        from bot.nlu.slots import extract

        slots = extract(norm, [])
        return {"tier": slots.tier, "amount": slots.amount, "level": slots.level_words,
                "referral": slots.referred is not None}.get(slot or "", False) not in (None, False, [])

    def _split_unknown(self, tokens: list[str]) -> list[str]:
        """A question word the corpus never uses ("能改", "几次") is looked up by its parts ("改" -> 变更),
        through the same tokenizer, so a resident's phrasing still meets the text's."""
        vocab = self.index.bm25.vocab
        extra: list[str] = []
        for t in tokens:
            if len(t) < 2 or t in vocab:
                continue
            parts = self._word_parts.get(t)
            if parts is None:  # memoised per word: a pure function of the word and this index
                parts = tuple(p for p in self.tokenizer.tokens(" ".join(t)) if p in vocab)
                if len(self._word_parts) >= 100_000:
                    self._word_parts.clear()
                self._word_parts[t] = parts
            for part in parts:
                if part not in tokens and part not in extra:
                    extra.append(part)
        return extra

    def _names_place(self, norm: str, besides: list[str] = ()) -> bool:
        """The text names a place (other than the conversation's own, `besides`: codes)."""
        return any(m.division.code not in besides for m in self.gazetteer.find(norm, normalized=True))

    # -- helpers ------------------------------------------------------------------------------
    def _validate(self, message: str) -> str:
        if not isinstance(message, str) or not squash_ws(message):
            raise EmptyMessage()
        if has_lone_surrogate(message):
            raise InvalidText()
        text = message.strip()
        if len(text) > self.settings.max_message_chars:
            raise MessageTooLong()
        return text

    def _finish(self, reply: ChatReply, text: str, query: Query, intent: str, state: dict) -> ChatReply:
        earlier, own = ((state.get("history") or []) + [text])[-4:], query.thread or [text]
        masked = {t: mask_pii(t) for t in {*earlier, *own}}  # the message is in both: mask it once
        history = [masked[h] for h in earlier]
        thread = [masked[t] for t in own]
        data: dict = {"history": history, "thread": thread, "intent": intent,
                      "places": [d.code for d in query.places][:2]}
        if reply.status == "clarify":
            data["pending"] = {"question": mask_pii(query.text), "intent": intent, "slot": reply.clarify.slot,
                               "thread": thread}
        reply.context = sign(data, self.secret)
        if query.traditional:
            reply.answer = to_traditional(reply.answer)
            if reply.clarify:
                reply.clarify.question = to_traditional(reply.clarify.question)
        reply.blocks = answer_blocks(reply.answer)
        return reply
