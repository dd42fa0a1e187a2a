"""Answers drawn from retrieved passages: scope by place/year, retrieve, extract, cite."""

from __future__ import annotations

import re

from bot.answer import refusals
from bot.answer.compose import compose
from bot.answer.extract import GROUPS, Sentence, extend_intro, select_sentences, split_sentences, starts_section
from bot.answer.question_shape import asked_clause, question_parts
from bot.answer.required_words import topic_of_part, unanswered_topic
from bot.answer.sections import channel_section
from bot.retrieval.query import PEOPLE_TERMS, Query
from bot.retrieval.retriever import Hit
from bot.schemas import ChatReply, PassageHit
from bot.text.normalize import normalize


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
    scope = bot.regions.scope(query.places, query.years, strict_year=intent in ("contribution", "reimbursement"))
    if scope.problem and query.carried:  # a place from earlier in the conversation: search without it
        scope = bot.regions.scope([], query.years, strict_year=intent in ("contribution", "reimbursement"))
    strict_refusal, told_year = None, None
    if scope.problem == "year_not_covered" and scope.place and intent in ("contribution", "reimbursement"):
        # "安吉…那2014年呢": no 2014 policy, but the 2015 text says what 2014's limit was; only a sentence
        # stating that year's figure may answer, else the strict refusal stands
        loose = bot.regions.scope(query.places, query.years)
        if not loose.problem:
            strict_refusal, told_year, scope = scope, scope.year, loose
    if scope.problem:
        text, suggestions = refusals.scope_refusal(scope, bot.covered)
        return refuse(text, intent, confidence, suggestions=suggestions)
    doc_ids = scope.doc_ids if s.use_region_boost else None
    if scope.place is None and _NATIONAL_Q.search(query.norm) and bot.regions.national:
        doc_ids = bot.regions.national | bot.regions.general  # "国家对住院报销比例有没有要求": national texts only
        if query.years:
            doc_ids = {d for d in doc_ids if bot.regions.year_of(d) in query.years} or doc_ids
    hits = bot.retriever.search(query.tokens, s.top_k, doc_ids)
    if not hits or hits[0].score < s.min_score:
        return refuse(refusals.no_evidence(), intent, confidence, hits=hits, k=s.top_k,
                      suggestions=refusals.SUGGESTED)
    if scope.place is not None and hits[0].region == "全国":
        hits = _local_first(hits)
    lead = hits[0]
    same_place = [h for h in hits if h.region == lead.region or h.region == "全国"]
    sentence_tokens = lambda pid: bot.retriever.sentences(pid, split_sentences, bot.tokenizer.tokens)  # noqa: E731
    sentences = select_sentences(
        query.tokens, query.norm, same_place, sentence_tokens,
        bot.index.bm25.term_weight, max_sentences=s.answer_sentences,
        prefer_numbers=intent in ("contribution", "reimbursement") and not _WHICH_Q.search(query.parts[-1]),
        focus=_focus(bot, query), place_words=_place_words(bot, query),
    )
    if told_year is not None:  # only a sentence that states the asked year's figure
        sentences = _year_figure(bot, same_place, query.tokens, told_year)
    section = channel_section(bot, same_place, query.norm, query.tokens, query.parts[-1])
    if section:  # "在手机上咋弄": the steps of that channel, not the overview of every channel
        sentences = section
    parts = question_parts(query.norm)
    if len(parts) > 1 and sentences and not section and told_year is None:
        sentences = _answer_each_part(bot, parts, same_place, sentence_tokens, sentences)
    if told_year is not None:
        if not sentences or not _states_amount(sentences, intent):
            text, suggestions = refusals.scope_refusal(strict_refusal, bot.covered)
            return refuse(text, intent, confidence, suggestions=suggestions)
    if not sentences:
        return refuse(refusals.no_evidence(), intent, confidence, hits=hits, k=s.top_k)
    topic = unanswered_topic(query.parts[-1], [x.text for x in sentences])
    if topic:  # a sentence of the best passages that speaks of it answers instead
        saying = _best_saying(bot, same_place[:3], query.tokens, topic.evidence)
        if saying:
            sentences, topic = saying, None
    if topic and all(topic_of_part(topic, p, parts) for p in parts):
        # "医保卡丢了怎么补办", "生育津贴怎么算?能领多少钱": no sentence speaks of it; the nearest text is no answer
        return refuse(refusals.no_evidence_on(topic.name), intent, confidence, hits=hits, k=s.top_k,
                      suggestions=refusals.SUGGESTED)
    missing_note = ""
    if intent in ("contribution", "reimbursement") and scope.place and _HOW_MUCH.search(query.norm) \
            and not (_states_amount(_own(sentences, query), intent, query.norm)
                     and _names_parameter(_own(sentences, query), query.norm)):
        what = "缴费金额" if intent == "contribution" else "报销标准"
        # "报销比例是多少,有没有起付线": a part naming another figure asks an amount too
        others = [p for p in parts if not _HOW_MUCH.search(p) and not _FIGURE_WORDS.search(p)] if len(parts) > 1 else []
        # "要交多少、多久以后才能报销": the text lacks the amount but answers the other part
        sentences = _answer_each_part(bot, others, same_place, sentence_tokens, []) if others else []
        if not sentences:
            return refuse(f"抱歉,资料库里关于{scope.place.name}的文章没有写明您问的{what},我不能估计或用其他地方的数字回答。"
                          + refusals.CAN_DO, intent, confidence, hits=hits, k=s.top_k)
        missing_note = f"\n说明:资料库里关于{scope.place.name}的文章没有写明您问的金额,这一问我不能估计。"
    if len(sentences) == 1 and not section and told_year is None \
            and (len(sentences[0].text) < 80 or _STEPS.search(query.norm)):
        sentences += _continuation(bot, sentences[0], budget=STEPS_CHARS - len(sentences[0].text))
    composed = compose(sentences, s.current_year, year_evidence=_year_evidence(bot, sentences[0].hit),
                       place_was_asked=scope.place is not None)
    if topic:  # "能补缴吗,要开证明吗": the part the texts answer, and a word on the one they do not
        missing_note += f"\n说明:资料库里的文章没有讲到{topic.name},这一问我不能回答。"
    if told_year is not None:
        missing_note += (f"\n说明:资料库里没有{scope.place.name}{told_year}年的政策文件,以上是"
                         f"{composed.year or '年份未注明'}{'年' if composed.year else ''}的文章里提到{told_year}年的内容。")
    return ChatReply(status="answer", answer=composed.text + missing_note, intent=intent, confidence=confidence,
                     citations=composed.citations, passages=passage_hits(hits, s.top_k),
                     region=composed.region, year=composed.year)


_AMOUNT = {"contribution": re.compile(r"(缴|交|筹资|收费).*\d\s*[元%%]|\d\s*[元%%].*(缴|交|筹资)"),
           "reimbursement": re.compile(r"\d\s*(%|%|元|万|个百分点|百分点)")}
_HOW_MUCH = re.compile(r"多少|几")
_FIGURE_WORDS = re.compile(r"起付线|封顶|最高支付|报销比例|缴费标准|交费标准|筹资标准")
# "算门诊报还是按住院报": which rule applies, answered by a sentence that may hold no number
_WHICH_Q = re.compile(r"还是|算不算|属于|算是|按什么|按哪")
_NATIONAL_Q = re.compile(r"国家|全国|国务院")


def _place_words(bot, query: Query) -> set[str]:
    words: set[str] = set()
    for p in query.places:
        words.update(bot.tokenizer.tokens(p.name))
    return words & set(query.tokens)


_CHILD_IN_CLAUSE = re.compile(r"孩子|娃|宝宝|小孩|孙子|孙女|外孙|他|她")


def _focus(bot, query: Query) -> set[str]:
    clause = asked_clause(query.parts[-1])
    if not clause:
        return set()
    focus = set(bot.tokenizer.query_tokens(clause))
    if _CHILD_IN_CLAUSE.search(clause):  # "上个月生了个小子,孩子的医保多久内要办": the child is the newborn
        focus |= {t for t in PEOPLE_TERMS if t in query.tokens}
    story = query.parts[-1].replace(clause, "")
    for pattern in GROUPS.values():  # "儿子今年3月刚从部队退伍…多长时间内办": the asker's group is asked about
        if pattern.search(story):
            focus |= {t for t in query.tokens if pattern.search(t)}
    return focus


def _answer_each_part(bot, parts: list[str], hits, sentence_tokens, whole: list[Sentence]) -> list[Sentence]:
    """A two-part question ("在哪交?已经交过了还要在学校交吗?"): the best sentence for each part, in the
    order asked, then what the whole question's selection adds, within the usual number of sentences."""
    chosen: list[Sentence] = []
    for part in parts:
        best = select_sentences(bot.tokenizer.query_tokens(part), part, hits, sentence_tokens,
                                bot.index.bm25.term_weight, max_sentences=1)
        for b in best[:1]:
            b = extend_intro(b)
            if not any(_overlaps(b, c) for c in chosen):
                chosen.append(b)
    for w in whole:
        if len(chosen) >= max(len(parts), bot.settings.answer_sentences):
            break
        if not any(_overlaps(w, c) for c in chosen):
            chosen.append(w)
    return chosen


def _overlaps(a: Sentence, b: Sentence) -> bool:
    return a.hit.passage_id == b.hit.passage_id and a.start < b.end and b.start < a.end


LOCAL_SHARE = 0.6  # a local passage this close to the best national one answers a place question


def _local_first(hits: list[Hit]) -> list[Hit]:
    """A question about a place is answered from that place's text when one scores close to the best
    national passage ("中山…不会用手机咋办" is about 中山's own rules, not the national integration)."""
    local = [h for h in hits if h.region != "全国" and h.score >= LOCAL_SHARE * hits[0].score]
    if not local:
        return hits
    return local + [h for h in hits if h not in local]


# "起付线是多少": only a sentence that names the parameter states it (a 150元 contribution does not)
_PARAMETERS = (("起付线", "起付标准", "门槛费"), ("封顶", "最高支付", "最高限额", "支付限额", "报销限额"))


def _names_parameter(sentences, norm: str) -> bool:
    for words in _PARAMETERS:
        if any(w in norm for w in words):
            return any(w in normalize(s.text) for s in sentences for w in words)  # 湖南's text is Traditional
    return True


def _states_amount(sentences, intent: str, norm: str = "") -> bool:
    """Whether a sentence states an amount of the kind asked, for the scheme asked: "城乡居民医保交多少" is not
    answered by "…灵活就业人员…按大病统筹模式(个人缴费8%)参加职工医保"."""
    residents = bool(_RESIDENTS.search(norm)) and "职工" not in norm
    employees = "职工" in norm and "居民" not in norm
    return any(_AMOUNT[intent].search(s.text)
               and not (residents and _employees_only(normalize(s.text)))
               and not (employees and _residents_only(normalize(s.text)))
               for s in sentences)


def _own(sentences, query: Query) -> list:
    """The sentences from the asked place's own texts: a national "保持在75%左右" is no 中山 rate."""
    if _NATIONAL_Q.search(query.norm):
        return sentences
    return [x for x in sentences if x.hit.region != "全国"]


_RESIDENTS = re.compile(r"居民医保|城乡居民|居民医疗")


def _employees_only(text: str) -> bool:
    return "职工" in text and "居民" not in text


def _residents_only(text: str) -> bool:
    return "居民" in text and "职工" not in text


_STEPS = re.compile(r"怎么|怎样|如何|流程|步骤|手续|办理|渠道|方式|途径")
STEPS_CHARS = 520


def _continuation(bot, last, budget: int = 260) -> list:
    """An answer that stops at the end of its passage ("1.线上缴费方式:", step 3 of 4) goes on into the
    next passage of the same document, up to `budget` characters and never into a new section."""
    if last.end < len(last.hit.text.rstrip()) or budget <= 40:
        return []
    siblings = bot.retriever.doc_passages(last.hit.doc_id)
    ids = [h.passage_id for h in siblings]
    i = ids.index(last.hit.passage_id)
    if i + 1 >= len(siblings):
        return []
    nxt = siblings[i + 1]
    end = 0
    for a, b in split_sentences(nxt.text):
        if b > budget or starts_section(nxt.text[end:b]):
            break
        end = b
    if not end:
        return []
    more = Sentence(nxt, last.hit_rank, 0, end, 0.0)
    return [more] + _continuation(bot, more, budget - end)


def _year_figure(bot, hits: list[Hit], tokens: list[str], year: int) -> list[Sentence]:
    """The sentence of the place's texts that gives `year`'s figure ("2014年该限额提高到26万元") and shares
    the most question words with the question; [] when none does."""
    return _best_saying(bot, hits, tokens, re.compile(rf"{year}年[^。;;]{{0,16}}?\d+(\.\d+)?\s*(万元|元|万|%|%)"))


def _best_saying(bot, hits: list[Hit], tokens: list[str], pattern: re.Pattern) -> list[Sentence]:
    """Of the sentences of `hits` that match `pattern` (on their normalised text), the one sharing the most
    question words with the question; [] when none matches."""
    words, weight = set(tokens), bot.index.bm25.term_weight
    best: Sentence | None = None
    for rank, hit in enumerate(hits):
        for a, b in split_sentences(hit.text):
            if not pattern.search(normalize(hit.text[a:b])):
                continue
            score = sum(weight(t) for t in words.intersection(bot.tokenizer.tokens(hit.text[a:b])))
            if score > 0 and (best is None or score > best.score):
                best = Sentence(hit, rank, a, b, score)
    return [best] if best else []


def _year_evidence(bot, lead: Hit) -> Hit | None:
    if not lead.year:
        return None
    for h in bot.retriever.doc_passages(lead.doc_id):
        if str(lead.year) in h.text:
            return h
    return None
