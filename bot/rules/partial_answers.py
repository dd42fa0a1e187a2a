"""Reimbursement answers that need less than a full computation: the part above the cost cap alone, a bill
under every level's deductible, and a level the text gives only a yearly limit for."""

from __future__ import annotations

import re
from decimal import Decimal, ROUND_HALF_UP

from bot.nlu.slots import Slots
from bot.rules.calculator import CENT, Result, Step, money, pct
from bot.rules.schema import Benefit, Money


_OVER_PART = re.compile(r"(?:超出|超过|高于)[^,。,;?]{0,10}?(?:的|那)[^,。,;?]{0,6}?(?:部分|\d|[一二三四五六七八九十]万)")


def _overcap_only(benefit: Benefit, slots: Slots, text: str) -> Result | None:
    """"超出12万的那3万还能报吗": the part above the cost cap is paid at its own ratio whatever the level."""
    if slots.amount is None or not _OVER_PART.search(text) or benefit.cost_cap is None or benefit.over_cap_ratio is None:
        return None
    cap = benefit.cost_cap.amount
    bill = slots.amount
    over = bill - cap if bill > cap else bill
    steps = [Step("计入基本报销的费用上限", f"{money(cap)}元", cap, benefit.cost_cap)]
    if bill > cap:
        steps.append(Step("超过上限的费用", f"{money(bill)} − {money(cap)}", over))
    else:
        steps.append(Step("超过上限的费用", "按问题中的金额", over))
    ratio = benefit.over_cap_ratio.percent
    paid = over * ratio / Decimal(100)
    steps.append(Step("超过上限部分的报销比例", pct(ratio), ratio, benefit.over_cap_ratio))
    steps.append(Step("超过上限部分报销", f"{money(over)} × {pct(ratio)}", paid))
    if benefit.over_cap_max and paid > benefit.over_cap_max.amount:
        paid = benefit.over_cap_max.amount
        steps.append(Step("超限部分封顶", f"最多{money(paid)}元", paid, benefit.over_cap_max))
    paid = paid.quantize(CENT, rounding=ROUND_HALF_UP)
    summary = f"超过{money(cap)}元上限的{money(over)}元费用,医保约报销{money(paid)}元"
    return Result("reimbursement", paid, steps, ["上限以内的部分按医院级别的比例另外报销。"], summary,
                  {"reimbursed": paid, "out_of_pocket": over - paid, "level": None})


def below_every_deductible(benefit: Benefit, slots: Slots) -> Result | None:
    """"才花了450,能报吗": a bill under the deductible of every level is paid nothing, whatever the level."""
    if slots.amount is None or len(slots.bills) > 1:
        return None
    deductibles = [lv.deductible or benefit.deductible for lv in benefit.levels.values()]
    if not deductibles or any(d is None for d in deductibles):
        return None
    lowest = min(deductibles, key=lambda d: d.amount)
    if slots.amount > lowest.amount:
        return None
    bill = slots.amount
    steps = [Step("医疗总费用", "按问题中的金额", bill),
             Step("起付线(各级医疗机构中最低)", f"{money(lowest.amount)}元", lowest.amount, lowest),
             Step("医保报销合计", "未超过起付线,不报销", Decimal(0)),
             Step("个人自付", f"{money(bill)} − 0", bill)]
    summary = (f"{benefit.name}费用{money(bill)}元,没有超过起付线{money(lowest.amount)}元,医保不报销,"
               f"个人自付约{money(bill)}元")
    return Result("reimbursement", Decimal(0), steps, ["起付线按年度计算,年内累计超过起付线的部分才按比例报销。"],
                  summary, {"reimbursed": Decimal(0), "out_of_pocket": bill, "level": None})


def cap_only(benefit: Benefit, level_name: str, cap: Money, bill: Decimal) -> Result:
    """A level the text gives only a yearly limit for (重庆: 未签约 60元/人): a bill above it is paid at most
    the limit; without a ratio nothing smaller can be said."""
    steps = [Step("医疗总费用", "按问题中的金额", bill),
             Step(f"{benefit.name}年度限额({level_name})", f"{money(cap.amount)}元", cap.amount, cap)]
    summary = f"{benefit.name}({level_name})全年最多报销{money(cap.amount)}元"
    return Result("reimbursement", cap.amount, steps, [f"资料没有写{level_name}的报销比例,只写了全年限额,所以只能说最多报销多少。"],
                  summary, {"reimbursed": cap.amount, "level": level_name})
