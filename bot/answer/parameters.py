"""Parameters asked for directly ("起付线多少", "一年最多报多少", "没办转诊比例降多少"): which one a question asks,
and its cited value from a rule file, part by part for a two-part question."""

from __future__ import annotations

import re

from bot.nlu.slots import Slots
from bot.rules.calculator import NotStated, Result
from bot.rules.registry import benefit_of
from bot.rules.schema import RuleFile

_ASKS_AMOUNT_PARAM = re.compile(r"起付线|起付标准|报销比例|比例|比列|封顶|最高|最多|上限|限额|几成|百分之|降多少|降几|少报多少")
_YES_NO = re.compile(r"能报吗|能不能报|可以报吗|可不可以报|报不报|给不给报|还给报|还报吗|管不管|能不能|是否|还能报|吗[??]?$|呢[??]?$|怎么报|如何报")


def wants_parameter_only(norm: str, slots: Slots) -> bool:
    """'平阳县县级医院起付线多少', '超过12万的部分还能报吗' or '社区门诊报多少' (no bill) asks for a rule,
    not a computation: answer from passages. An inpatient question without a bill is asked for one."""
    if slots.amount is not None:
        return False
    return bool(_ASKS_AMOUNT_PARAM.search(norm) or _YES_NO.search(norm) or slots.care == "outpatient")


_DEDUCTIBLE_Q = re.compile(r"起付线|起付标准|门槛费")
_CAP_Q = re.compile(r"封顶|最高|最多|上限|限额")


_REFERRAL_CUT_Q = re.compile(r"转诊[^。;?]{0,24}(降|减|少报|下降|降低|扣)|(降|减|少报|下降|降低|扣)[^。;?]{0,12}转诊")


def asked_parameter(norm: str) -> str | None:
    if _REFERRAL_CUT_Q.search(norm):
        return "referral"
    if _DEDUCTIBLE_Q.search(norm):
        return "deductible"
    if _CAP_Q.search(norm) and not re.search(r"比例|几成|百分", norm):
        return "cap"
    return None


def lookup_parameter(rules: RuleFile, slots: Slots, norm: str, asked: str | None = None) -> Result | None:
    """The values of directly asked parameters ("起付线和报销比例是多少": both), or None when the file
    cannot say the first of them unambiguously."""
    from bot.rules.reimbursement import lookup

    asked = asked or asked_parameter(norm)
    benefit = benefit_of(rules, slots.care or "inpatient", norm)
    if asked is None or benefit is None:
        return None
    try:
        result = lookup(rules, benefit, slots, norm, asked)
    except NotStated:
        return None
    if asked == "deductible" and _RATIO_Q.search(norm) and slots.already is None:
        try:
            ratio = lookup(rules, benefit, slots, norm, "ratio")
        except NotStated:
            return result
        result.steps += ratio.steps
        result.summary += "," + ratio.summary
    return result


_RATIO_Q = re.compile(r"比例|几成|百分之|报多少")


def lookup_each_part(rules: RuleFile, slots: Slots, norm: str, parts: list[str]) -> Result | None:
    """"起付线多少?没办转诊比例降多少?": each part's parameter, in the order asked; None unless every part
    asks a parameter the file states."""
    results: list[Result] = []
    for part in parts:
        asked = asked_parameter(part) or ("ratio" if re.search(r"比例|几成|百分之几", part) else None)
        if asked is None:
            return None
        found = lookup_parameter(rules, slots, f"{part}。{norm}", asked)  # the part's words first, then the context
        if found is None:
            return None
        if not any(found.summary == r.summary for r in results):
            results.append(found)
    if len(results) < 2:
        return None
    return Result("reimbursement", results[0].amount, [s for r in results for s in r.steps],
                  [a for r in results for a in r.assumptions], ";".join(r.summary for r in results), {"lookup": True})
