"""A limit raised for continuous enrolment and for a claim-free year (湖南's two 大病保险 rewards).

"连续参保6年,大病保险限额能提高多少" -> (6 - 4) x 5000; "去年一分钱都没报销" adds the claim-free reward; the
two together never exceed the stated total. Every number is a cited parameter of the rule file.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.rules.calculator import Result, Step, money
from bot.rules.schema import RuleFile
from bot.text.numbers import parse_chinese

_N = r"(\d+|[一二两三四五六七八九十]+)"
_YEARS = re.compile(rf"(?:连续|连着)[^,。,;?\d一二两三四五六七八九十]{{0,6}}?{_N}\s*年|第\s*{_N}\s*年|(?:交|缴|参保)了\s*{_N}\s*年")
_ZERO_CLAIM = re.compile(r"零报销|没报销过|没报过销|没有报销过|一分钱都没报|一分钱没报|没用医保报|没用过医保|没报过|没有报过")
_TOTAL_ASKED = re.compile(r"加起来|两个奖励|总共最多|最多能提高|总额")
_UP_TO = re.compile(r"最多|上限|封顶")
_ABOUT = re.compile(r"大病|限额|奖励|封顶")


def asks_bonus(rules: RuleFile, norm: str) -> bool:
    return rules.loyalty_bonus is not None and bool(_ABOUT.search(norm)) and bool(
        _YEARS.search(norm) or _ZERO_CLAIM.search(norm) or _TOTAL_ASKED.search(norm))


def _years(norm: str) -> int | None:
    m = _YEARS.search(norm)
    if not m:
        return None
    token = next(g for g in m.groups() if g)
    return int(token) if token.isdigit() else parse_chinese(token)


def bonus_amount(rules: RuleFile, norm: str) -> Result:
    """`norm` has the newest message first, so a follow-up's own figures win."""
    b = rules.loyalty_bonus
    assert b is not None
    years, zero = _years(norm), bool(_ZERO_CLAIM.search(norm))
    steps: list[Step] = []
    assumptions: list[str] = []
    total = Decimal(0)
    if years is None and (not zero or _TOTAL_ASKED.search(norm)) and b.max_total is not None:
        steps.append(Step("两项奖励合计上限", f"{money(b.max_total.amount)}元", b.max_total.amount, b.max_total))
        summary = f"{b.name}的两项奖励累计最多提高{money(b.max_total.amount)}元"
        return Result("reimbursement", b.max_total.amount, steps, [], summary, {"lookup": True})
    if years is not None:
        extra_years = max(0, years - b.after_years)
        steps.append(Step("连续参保年数", "按问题中的年数", Decimal(years)))
        steps.append(Step(f"满{b.after_years}年后每连续参保1年提高", f"{money(b.per_year.amount)}元", b.per_year.amount, b.per_year))
        part = b.per_year.amount * extra_years
        steps.append(Step("连续参保奖励", f"({years} − {b.after_years})年 × {money(b.per_year.amount)}元" if extra_years
                          else f"未超过{b.after_years}年,暂无", part))
        total += part
    if zero and b.zero_claim is not None:
        steps.append(Step("上一年零报销奖励", f"{money(b.zero_claim.amount)}元", b.zero_claim.amount, b.zero_claim))
        total += b.zero_claim.amount
        assumptions.append("零报销奖励要求上一年基金零报销、并在次年集中参保缴费期内正常参保。")
    if b.max_total is not None and total > b.max_total.amount:
        total = b.max_total.amount
        steps.append(Step("两项奖励合计上限", f"最多{money(total)}元", total, b.max_total))
    if years is None:
        assumptions.append("问题没有说明连续参保了几年,只计算了零报销奖励。")
    what = f"连续参保{years}年" if years is not None else "上一年零报销"
    if years is not None and zero:
        what += "且上一年零报销"
    summary = f"{what},{b.name}约提高{money(total)}元"
    if _UP_TO.search(norm) and b.max_total is not None and total < b.max_total.amount:
        # "最多涨到多少": the two rewards together are capped, whatever the years to come add
        steps.append(Step("两项奖励合计上限", f"{money(b.max_total.amount)}元", b.max_total.amount, b.max_total))
        summary += f";两项奖励累计最多提高{money(b.max_total.amount)}元"
    # without a number of years nothing is computed: the rule itself, in the text's words, answers
    return Result("reimbursement", total, steps, assumptions, summary, {} if years is not None else {"lookup": True})
