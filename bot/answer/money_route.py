"""Route a money question: place -> rule file -> calculator, or a clarify question, or a refusal."""

from __future__ import annotations

from bot.answer import refusals
from bot.answer.from_passages import refuse
from bot.answer.money import CitationMaker, calculation_reply_parts, clarify_parts, compute, wants_parameter_only
from bot.nlu.slots import extract
from bot.rules.calculator import Missing, NotStated
from bot.schemas import ChatReply, Clarify


def answer_money(bot, query, intent: str, confidence: float) -> ChatReply | None:
    """A reply for a money question, or None to answer it from passages instead."""
    slots = extract(query.norm, query.years)
    if intent == "reimbursement" and wants_parameter_only(query.norm, slots):
        return None
    if not query.places:
        places = bot.rules.places(intent)
        question = "请问您在哪个城市(区县)参保?各地缴费和报销标准不同。"
        return ChatReply(
            status="clarify", answer=question + "目前可以计算的地区有:" + refusals.places_text(places) + "。",
            intent=intent, confidence=confidence,
            clarify=Clarify(question=question, slot="region", options=places),
        )
    scope = bot.regions.scope(query.places, query.years)
    if scope.problem:
        return None  # answer_from_passages explains the missing place/year
    place = scope.place
    care = (slots.care or "inpatient") if intent == "reimbursement" else None
    candidates = bot.rules.candidates(place, intent, care)
    if query.years:
        candidates = [(n, r) for n, r in candidates if r.year in query.years]
    if not candidates:
        return None if intent == "reimbursement" else _no_rules(bot, place.name, intent, confidence)
    _, rules = candidates[0]
    cites = CitationMaker(bot.retriever)
    try:
        result = compute(bot.rules, rules, intent, slots, query.norm)
    except Missing as missing:
        text, clarify = clarify_parts(rules, missing, cites)
        return ChatReply(status="clarify", answer=text, intent=intent, confidence=confidence,
                         citations=cites.items, clarify=clarify, region=rules.region, year=rules.year)
    except NotStated:
        return None
    text, calc = calculation_reply_parts(rules, result, cites, bot.settings.current_year)
    return ChatReply(status="answer", answer=text, intent=intent, confidence=confidence, citations=cites.items,
                     calculation=calc, region=rules.region, year=rules.year)


def _no_rules(bot, place: str, intent: str, confidence: float) -> ChatReply:
    return refuse(refusals.no_rules(place, intent, bot.rules.places(intent)), intent, confidence)
