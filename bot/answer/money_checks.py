"""What a money question asks, read from its words and the rule file: the rates themselves, members the
file cannot price, and a second place that is where the patient was treated."""

from __future__ import annotations

import re

from bot.answer.question_shape import question_parts
from bot.nlu.slots import Slots
from bot.rules.calculator import general_tiers

_SUBSIDY_Q = re.compile(r"(财政|政府)(补助|补贴|补)[^,。,;]{0,6}?(多少|几)|补助(标准|多少)|补贴多少")
_COUNTED = re.compile(r"(?!一个人)[一二两三四五六七八九十\d俩仨]\s*(个|口|位|名)|全家|一家|(?:我家|家里)(?:[一二两三四五六七八九十\d俩仨]|有)")
_RATES = re.compile(r"各是|各多少|各交|分别|哪几档|哪几个档|几个档|几档|每档|每个档|财政补|政府补|补助多少|补多少")


def asks_the_rates(rules, norm: str, slots: Slots) -> bool:
    """"高档跟低档各是多少", "个人交多少?财政补多少", "潍坊居民医保交多少" (no tier, nobody counted): a
    question about the rates themselves, answered by the sentence that states them, not a computation
    for one assumed person nor an ask-back."""
    if _SUBSIDY_Q.search(norm) and rules.contribution and rules.contribution.subsidy is not None \
            and not slots.with_subsidy:
        return True  # "财政补助多少": the subsidy is the answer, whoever is asking
    if len(question_parts(norm)) > 1 and (slots.people.total or 1) == 1 and not _COUNTED.search(norm):
        return True  # "个人交多少?大学生呢": the rates of both, not one assumed student
    if slots.people.explicit:
        return False
    return bool(_RATES.search(norm)) or (slots.tier is None and len(general_tiers(rules)) > 1)


def unknown_people(rules, slots: Slots) -> bool:
    """Nobody in the question has a rate in the file (e.g. only a 低保户 where the text just says the
    government helps): the passages answer. Members the file prices are computed; the others are named
    as not counted."""
    cats = rules.contribution.categories
    kinds = slots.people.kinds or {"成人": 1}
    for kind in kinds:
        if kind == "成人" and general_tiers(rules):
            return False
        if kind != "成人" and any(kind == name or kind in c.aliases for name, c in cats.items()):
            return False
        if kind not in ("成人", "困难群体", "新生儿", "大学生") and general_tiers(rules):
            return False  # 儿童/学生 without a category of their own pay the general rate
    return True


def add_treatment_place(bot, rules, query, slots: Slots) -> None:
    """A second place in the question is where the patient was treated: outside the insured county or
    city maps to the file's 县外/市外 levels."""
    insured = bot.gazetteer.get(rules.region)
    if insured is None:
        return
    insured_city = next((d for d in bot.gazetteer.chain(insured) if d.level in ("city", "province")), insured)
    for p in query.places:
        if p == insured or bot.gazetteer.contains(p, insured) and p.level == "province":
            continue
        if bot.gazetteer.contains(p, insured):  # the city the county belongs to
            slots.level_words.append("县外市内")
        elif bot.gazetteer.contains(insured_city, p):
            slots.level_words.append("县外")
        else:
            slots.level_words.append("市外")
        slots.remote = True
