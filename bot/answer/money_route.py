"""Route a money question: place -> rule file -> calculator, or a clarify question, or None to let
passages answer it (no rule file, a rule the file does not state, a yes/no question)."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.answer import refusals
from bot.answer.compose import under_headline
from bot.answer.exempt import exempt_reply
from bot.answer.money_checks import add_treatment_place, asks_the_rates, unknown_people
from bot.answer.from_passages import passage_hits
from bot.answer.question_shape import question_parts
from bot.answer.money import (CitationMaker, asks_tier_difference, calculation_reply_parts, clarify_parts, compute,
                              rates_reply_text)
from bot.answer.parameters import lookup_each_part, lookup_parameter, wants_parameter_only
from bot.nlu.slots import LATE, Slots, extract_thread
from bot.text.normalize import normalize
from bot.rules.bonus import asks_bonus, bonus_amount
from bot.rules.packages import find_package, package_amount
from bot.rules.calculator import Missing, NotStated
from bot.schemas import ChatReply, Clarify

_ASKS_CHANGE = re.compile(r"涨|降|变了|变没|变化|一样|调整|提高|上调|还是")
_EMPLOYEES = re.compile(r"职工医保|职工基本医疗|职工医疗保险|单位和个人|单位缴")
_OTHER_SCHEME = re.compile(r"补充医疗保险|补充医保|补充保险|大额医疗|大额救助")
_BOTH_SCHEMES = re.compile(r"(居民医保|基本医保|基本医疗保险|基本医疗)[^,。,;??]{0,3}(加|和|跟|及|与|还有)")
_QUOTED_NUMBER = re.compile(r"(\d{2,}(?:\.\d+)?)\s*(?:元|块|档)|档\s*(\d{2,})")
_NATIONAL = re.compile(r"国家|全国|国务院|各地|一般|大概|通常|有的地方|普遍")
_ABOUT_PAYOUT = re.compile(r"报销|能报|报多少|基金最|最多付|最高付|最高支付|封顶|起付|(?<!财政)(?<!政府)补多少|(?<!财政)补助多少")
_POINTS_AT_TEXT = re.compile(r"那个(县|镇|市|地方|方案|文件|通知)|这个(方案|文件|通知)|文件里|方案里|通知里|讲话|发\[|发〔|号文")


def answer_money(bot, query, intent: str, confidence: float) -> ChatReply | None:
    """A reply for a money question, or None to answer it from passages instead."""
    slots = extract_thread(query.parts, query.years)
    if query.carried and query.earlier and (slots.care is None or slots.tier is None):
        # "一直在做透析" / "居民医保交的二档" then "在三级医院做,花了4万能报多少": the conversation says what
        # kind of care, and which tier the asker pays
        earlier = extract_thread([normalize(t) for t in query.earlier], query.years)
        slots.care = slots.care or earlier.care
        slots.tier = slots.tier or earlier.tier
    if intent == "contribution" and _ABOUT_PAYOUT.search(query.norm):
        intent = "reimbursement"  # "基金一年最多付多少" is about what the fund pays
    if intent == "contribution" and _OTHER_SCHEME.search(query.norm) and not _BOTH_SCHEMES.search(query.norm):
        return None  # "补充医疗保险交多少": the rule files hold the basic scheme's rates, the texts say the rest
    if query.carried and not any(bot.rules.candidates(p, intent) for p in query.places):
        query.places, query.carried = [], False  # the conversation's place has no rules: ask, do not refuse
    if not query.places:
        if _quotes_a_passage(bot, query):
            return _by_document(bot, query, intent, slots, confidence)  # "每人交120元的那个县…"
        return _ask_place(bot, intent, confidence)
    scope = bot.regions.scope(query.places, query.years, strict_year=True)
    if scope.problem == "year_not_covered" and scope.place and any(
            r.covers_year(query.years) for _, r in bot.rules.candidates(scope.place, intent)):
        scope = bot.regions.scope(query.places, query.years)  # "伊春2024年交了多少": the text says 2024 was the same
    if not scope.problem:
        reply = _package_reply(bot, query, scope, slots, confidence)
        if reply is not None:
            return reply
    if intent == "reimbursement" and wants_parameter_only(query.norm, slots):
        return _parameter_reply(bot, query, scope, slots, intent, confidence)
    if scope.problem == "year_not_covered" and bot.rules.candidates(scope.place, intent):
        return _other_year(bot, query, scope, intent, confidence)
    if scope.problem:
        return None  # answer_from_passages explains the missing place/year
    place = scope.place
    care = (slots.care or "inpatient") if intent == "reimbursement" else None
    candidates = bot.rules.candidates(place, intent, care)
    if _EMPLOYEES.search(query.norm) and "居民" not in query.norm:
        # "职工医保单位和个人缴费比例": a resident-scheme file does not answer for employees
        candidates = [(k, r) for k, r in candidates if r.scheme == "职工医保"]
    candidates = _for_years(candidates, query.years)
    if intent == "reimbursement":
        candidates = _or_combined_cap(bot, place, query.years, slots, candidates)
    if not candidates:
        return _without_rules(bot, query, scope, intent, confidence)
    _, rules = candidates[0]
    if intent == "contribution" and rules.contribution.rate_of_base is not None and not rules.contribution.tiers:
        if slots.base is None:  # a rate without the asker's base: as for a place without rules
            return _without_rules(bot, query, scope, intent, confidence)
    elif intent == "contribution" and unknown_people(rules, slots):
        return exempt_reply(bot, query, scope, rules, slots, confidence)  # None: the passages answer
    if intent == "contribution" and asks_the_rates(rules, query.norm, slots) and not slots.late \
            and not asks_tier_difference(query.norm):
        return _rates_reply(bot, query, scope, rules, confidence)
    add_treatment_place(bot, rules, query, slots)
    late_asked_apart = _late_asked_apart(query, slots, rules, intent)
    if late_asked_apart:
        slots = replace(slots, late=False)  # "一档多少钱?过了6月份再交还是这个价吗": the price, then the late rule
    hits = bot.retriever.search(query.tokens, bot.settings.top_k, scope.doc_ids)
    cites = CitationMaker(bot.retriever)
    try:
        result = compute(rules, intent, slots, query.latest_first)
    except Missing as missing:
        if not _WANTS_FIGURE.search(query.norm):
            return None  # "晚上能回家睡吗": not a money question after all; the passages answer it
        if slots.late and rules.contribution and rules.contribution.late_payment is not None \
                and intent == "contribution" and missing.slot == "tier":
            # "过了集中缴费期还能交吗,要交多少": the late rule answers, with the rates it is counted from
            return _rates_reply(bot, query, scope, rules, confidence, lead=rules.contribution.late_payment)
        text, clarify = clarify_parts(rules, missing, cites)
        if missing.slot == "amount":  # "在一级医院做透析能报多少" (no bill): the level's rule first, then ask
            rates = lookup_parameter(rules, slots, "起付线和报销比例")
            if rates is not None:
                rule_text, _ = calculation_reply_parts(rules, rates, cites, bot.settings.current_year)
                text = rule_text.split("\n")[0] + "\n" + missing.question + "告诉我金额,我可以帮您算出能报多少。"
        return ChatReply(status="clarify", answer=text, intent=intent, confidence=confidence,
                         citations=cites.items, clarify=clarify, region=rules.region, year=rules.year,
                         passages=passage_hits(hits, bot.settings.top_k))
    except NotStated as stated:
        return refusals.not_stated(stated, intent, confidence)  # None: the passages answer
    for same in rules.same_in_years:
        if same.year in query.years and rules.year not in query.years:
            result.assumptions.insert(0, f"资料写明{rules.year}年的标准与{same.year}年相同[{cites.cite(same)}],按此计算。")
    text, calc = calculation_reply_parts(rules, result, cites, bot.settings.current_year)
    if late_asked_apart:
        late = rules.contribution.late_payment
        text = under_headline(text, f"集中缴费期后再交就不是这个价了:{late.quote}[{cites.cite(late)}]。")
    if rules.same_in_years and _ASKS_CHANGE.search(query.parts[-1]) and not set(query.years) - {rules.year}:
        # "去年交400,今年涨了没": what the text says about the change, right after the headline
        said = ";".join(f"{same.quote}[{cites.cite(same)}]" for same in rules.same_in_years)
        text = under_headline(text, f"资料写明:{said}。")
    return ChatReply(status="answer", answer=text, intent=intent, confidence=confidence, citations=cites.items,
                     calculation=calc, region=rules.region, year=rules.year,
                     passages=passage_hits(_cited_first(bot, cites, hits), bot.settings.top_k))


def _for_years(candidates: list, years: list[int]) -> list:
    """The rule files that hold the asked year (their own or one they say had the same standard)."""
    return [(n, r) for n, r in candidates if r.covers_year(years)] if years else candidates


def _other_year(bot, query, scope, intent: str, confidence: float) -> ChatReply | None:
    """"伊春一家三口今年交多少" (2026, the texts have 2025): refuse the asked year, then show what the
    year the texts do have says, labelled with its year, for reference."""
    reply = answer_money(bot, replace(query, years=[]), intent, confidence)
    if reply is None or reply.status != "answer":
        return None
    reply.status = "refuse"
    have = f"{reply.year}年" if reply.year else "年份未注明"
    reply.answer = (f"抱歉,资料库里没有{scope.place.name}{scope.year}年的政策,{scope.year}年的标准请以当地医保部门公布为准。"
                    f"\n以下是资料里{have}的标准(不是{scope.year}年的),仅供参考:\n" + reply.answer)
    return reply


def _by_document(bot, query, intent: str, slots: Slots, confidence: float) -> ChatReply | None:
    """The asker points at a specific text: compute with that document's rule file when there is one
    and the question gives what the computation needs; otherwise the passages answer."""
    hits = bot.retriever.search(query.tokens, 3)
    doc = _named_document(bot, query.norm) or (hits[0].doc_id if hits else None)
    files = bot.rules.for_document(doc, intent) if doc else []
    if not files or (intent == "contribution" and not slots.people.explicit):
        return None
    _, rules = files[0]
    cites = CitationMaker(bot.retriever)
    try:
        result = compute(rules, intent, slots, query.latest_first)
    except (Missing, NotStated):
        return None
    text, calc = calculation_reply_parts(rules, result, cites, bot.settings.current_year)
    return ChatReply(status="answer", answer=text, intent=intent, confidence=confidence, citations=cites.items,
                     calculation=calc, region=rules.region, year=rules.year,
                     passages=passage_hits(_cited_first(bot, cites, hits), bot.settings.top_k))


_DOC_NUMBER = re.compile(r"(20\d{2})\s*[\]〕)）年]?\s*(\d{1,4})\s*号")


def _named_document(bot, norm: str) -> str | None:
    """The document whose number the question cites ("江医保发2020年40号文件" is the text's 江医保发[2020]40号)."""
    m = _DOC_NUMBER.search(norm)
    if not m:
        return None
    cited = re.compile(rf"{m.group(1)}\s*[\]〕)）]\s*{m.group(2)}\s*号")
    for p in bot.index.passages:
        if cited.search(p["text"]):
            return p["doc_id"]
    return None


def _cited_first(bot, cites: CitationMaker, hits: list) -> list:
    """The passages the calculation cites are the evidence: list them first, then the search hits."""
    cited = [bot.retriever.get(c.passage_id) for c in cites.items]
    seen = {h.passage_id for h in cited}
    return cited + [h for h in hits if h.passage_id not in seen]


def answer_package(bot, query, confidence: float) -> ChatReply | None:
    """A policy question that names a fixed benefit of a place ("平阳生孩子医保怎么报")."""
    if not query.places:
        return None
    scope = bot.regions.scope(query.places, query.years, strict_year=True)
    if scope.problem:
        return None
    return _package_reply(bot, query, scope, extract_thread(query.parts, query.years), confidence)


def _package_reply(bot, query, scope, slots, confidence: float) -> ChatReply | None:
    """"白内障一只眼医保出多少", "生孩子能报多少": a fixed package of the place's rule file; "连续参保6年
    大病保险限额能提高多少": the file's loyalty bonus."""
    for _, rules in bot.rules.candidates(scope.place, "bonus"):
        if asks_bonus(rules, query.latest_first):
            return _computed_reply(bot, query, scope, rules, bonus_amount(rules, query.latest_first), confidence)
    candidates = bot.rules.candidates(scope.place, "reimbursement")
    candidates = _for_years(candidates, query.years)
    if len(query.parts) == 1 and not _ASKS_AN_AMOUNT.search(query.parts[-1]):
        return None  # "包干的钱没用完能留到明年吗": a rule about the package, answered from the text
    for _, rules in candidates:
        pkg = find_package(rules, query.latest_first)
        if pkg is None or _USED_UP.search(query.latest_first):
            continue
        return _computed_reply(bot, query, scope, rules, package_amount(rules, pkg, slots, query.latest_first),
                               confidence)
    return None


def _computed_reply(bot, query, scope, rules, result, confidence: float) -> ChatReply:
    cites = CitationMaker(bot.retriever)
    text, calc = calculation_reply_parts(rules, result, cites, bot.settings.current_year)
    hits = bot.retriever.search(query.tokens, bot.settings.top_k, scope.doc_ids)
    return ChatReply(status="answer", answer=text, intent="reimbursement", confidence=confidence,
                     citations=cites.items, calculation=calc, region=rules.region, year=rules.year,
                     passages=passage_hits(_cited_first(bot, cites, hits), bot.settings.top_k))


def _or_combined_cap(bot, place, years, slots: Slots, candidates: list) -> list:
    """`candidates`, or when there are none for this kind of care and the fund already paid part of the
    year ("门诊慢性病和住院加起来已经报了13万"), the rule files whose yearly cap covers every kind of care
    together; the care is then read as inpatient, the benefit that holds that cap."""
    if candidates or slots.already is None:
        return candidates
    combined = [(n, r) for n, r in _for_years(bot.rules.candidates(place, "reimbursement", "inpatient"), years)
                if r.reimbursement.inpatient.cap_combined and r.reimbursement.inpatient.cap is not None]
    if combined:
        slots.care = "inpatient"
    return combined


def _late_asked_apart(query, slots, rules, intent: str) -> bool:
    """The price is asked first and paying late only in a later part ("…多少钱?要是过了6月份再交呢")."""
    if not (slots.late and intent == "contribution" and rules.contribution
            and rules.contribution.late_payment is not None):
        return False
    parts = question_parts(query.parts[-1])
    return len(parts) > 1 and not LATE.search(parts[0]) and any(LATE.search(p) for p in parts[1:])


def _rates_reply(bot, query, scope, rules, confidence: float, lead=None) -> ChatReply:
    """The file's rates; `lead`, a rule the question is about (paying late), first."""
    cites = CitationMaker(bot.retriever)
    head = f"{lead.quote}[{cites.cite(lead)}]。\n" if lead is not None else ""
    text = rates_reply_text(rules, cites, bot.settings.current_year, query.norm)
    if lead is not None:  # who pays late pays the subsidy too: no "不需个人缴纳" line under that rule
        text = "\n".join(line for line in text.split("\n") if "不需个人缴纳" not in line)
    text = head + text
    hits = bot.retriever.search(query.tokens, bot.settings.top_k, scope.doc_ids)
    return ChatReply(status="answer", answer=text, intent="contribution", confidence=confidence,
                     citations=cites.items, region=rules.region, year=rules.year,
                     passages=passage_hits(_cited_first(bot, cites, hits), bot.settings.top_k))


def _parameter_reply(bot, query, scope, slots, intent, confidence) -> ChatReply | None:
    """"汕头住院一年最多报多少": the cited value from the rule file, with the passages answer's text."""
    if scope.problem:
        return None
    candidates = bot.rules.candidates(scope.place, "reimbursement", slots.care or "inpatient")
    candidates = _or_combined_cap(bot, scope.place, query.years, slots, _for_years(candidates, query.years))
    parts = question_parts(query.parts[-1])
    for _, rules in candidates:
        result = (lookup_each_part(rules, slots, query.latest_first, parts) if len(parts) > 1 else None) \
            or lookup_parameter(rules, slots, query.latest_first)
        if result is not None:
            hits = bot.retriever.search(query.tokens, bot.settings.top_k, scope.doc_ids)
            cites = CitationMaker(bot.retriever)
            text, calc = calculation_reply_parts(rules, result, cites, bot.settings.current_year)
            return ChatReply(status="answer", answer=text, intent=intent, confidence=confidence,
                             citations=cites.items, calculation=calc, region=rules.region, year=rules.year,
                             passages=passage_hits(_cited_first(bot, cites, hits), bot.settings.top_k))
    return None


_HOW_MUCH = re.compile(r"多少|几|标准|比例|起付|封顶")


def _without_rules(bot, query, scope, intent: str, confidence: float) -> ChatReply:
    """No rule file for this place: say so, then what the place's own articles say."""
    from bot.answer.from_passages import answer_from_passages

    reply = answer_from_passages(bot, query, intent, confidence)
    if reply.status == "answer":
        what = "缴费标准" if intent == "contribution" else "报销标准"
        slots = extract_thread(query.parts, query.years)
        if slots.amount is not None or (intent == "contribution" and slots.people.explicit and (slots.people.total or 1) > 1):
            # a computation was asked for and cannot be done: say so first, then quote what there is
            reply.status = "refuse"
            reply.answer = f"资料库里没有{scope.place.name}可以用来计算的{what},以下是当地资料的原文内容:\n" + reply.answer
        elif "没有写明您问的金额" not in reply.answer and _HOW_MUCH.search(query.parts[-1]):
            # the quoted text answers; the note follows it ("能不能在就业地交" asks no amount: no note)
            reply.answer += f"\n说明:以上是当地资料的原文内容,资料库里没有{scope.place.name}可以用来计算的{what}。"
    return reply


def _ask_place(bot, intent: str, confidence: float) -> ChatReply:
    places = bot.rules.places(intent)
    question = "请问您在哪个城市(区县)参保?各地缴费和报销标准不同。"
    return ChatReply(
        status="clarify", answer=question + "目前可以计算的地区有:" + refusals.places_text(places) + "。",
        intent=intent, confidence=confidence, clarify=Clarify(question=question, slot="region", options=places),
    )


DOMINANT_SCORE = 25.0  # a best passage this strong…
DOMINANT_RATIO = 1.7  # …and this far ahead of any other text's is the text the question is about


def _quotes_a_passage(bot, query) -> bool:
    """The question points at a specific text (quotes its numbers, names "那个方案"), or its best
    match is a national document that applies everywhere: answer from passages, not a clarify."""
    hits = bot.retriever.search(query.tokens, 5)
    if not hits:
        return False
    if hits[0].region == "全国" or _POINTS_AT_TEXT.search(query.norm) or _NATIONAL.search(query.norm):
        return True
    others = [h.score for h in hits if h.doc_id != hits[0].doc_id]
    if hits[0].score >= DOMINANT_SCORE and (not others or hits[0].score >= DOMINANT_RATIO * others[0]):
        return True  # "补充医疗保险…交多少": only one text speaks of it, and by far
    numbers = [a or b for a, b in _QUOTED_NUMBER.findall(query.norm)]
    return any(n in h.text for h in hits for n in numbers)


_ASKS_AN_AMOUNT = re.compile(r"多少|几|能报|报多少|补多少|给多少|出多少|付多少|怎么报|如何报|能补|补助吗|掏钱|出钱|要钱")
_USED_UP = re.compile(r"(包干|定额)[^,。,;?]{0,6}(用完|用光|花完)")
_WANTS_FIGURE = re.compile(r"多少|几|比例|能报|能补|报销|补助|交多|报多|补多|花了|费用|钱|元|块|万|封顶|起付")
