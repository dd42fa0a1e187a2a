"""Several bills in one year at hospitals of different levels ("上半年在二级医院花了8000,下半年转到三级医院
又花了1.2万"): each bill at its own level's ratio, the yearly deductible taken once, one cap over the year."""

from __future__ import annotations

from decimal import Decimal, ROUND_HALF_UP

from bot.nlu.slots import Slots
from bot.rules.calculator import CENT, Result, Step, money, pct
from bot.rules.schema import Benefit
from bot.text.numbers import find_numbers


def levels_of_bills(benefit: Benefit, text: str, bills: list[Decimal]) -> list[str] | None:
    """The level each listed bill was run up at, read from the words between it and the bill before;
    None unless every bill names a level and they are not all the same."""
    if len(bills) < 2 or len(benefit.levels) < 2:
        return None
    spans, i = [], 0
    for n in find_numbers(text):
        if i < len(bills) and n.value == bills[i]:
            spans.append((n.start, n.end))
            i += 1
    if i < len(bills):
        return None
    names, prev_end = [], 0
    for start, end in spans:
        segment = text[prev_end:start]
        found = [(segment.rfind(alias), name) for name, level in benefit.levels.items()
                 for alias in [name, *level.aliases] if alias and alias in segment]
        if not found:
            return None
        names.append(max(found)[1])  # the level named nearest before the bill
        prev_end = end
    return names if len(set(names)) > 1 else None


def several_levels(benefit: Benefit, slots: Slots, names: list[str], wants_out_of_pocket: bool) -> Result | None:
    """Each bill at its level; None when a level lacks a plain ratio (tiers, referral cuts: the usual path)."""
    levels = [benefit.levels[n] for n in names]
    if any(lv.ratio is None for lv in levels) or slots.self_paid is not None or slots.referred is not None:
        return None
    bills = slots.bills
    total = sum(bills, Decimal(0))
    if benefit.cost_cap and total > benefit.cost_cap.amount:
        return None
    steps = [Step("医疗总费用", " + ".join(money(b) for b in bills), total)]
    assumptions = ["按全部费用都属于政策范围内费用估算;自费药品、项目不予报销,实际报销会更少。"]
    per_stay = benefit.deductible_period == "stay"
    paid = Decimal(0)
    for i, (bill, name, level) in enumerate(zip(bills, names, levels)):
        deductible = level.deductible or benefit.deductible
        d = Decimal(0)
        if deductible is not None and (per_stay or i == 0):
            d = deductible.amount
            steps.append(Step(f"起付线({name})", f"{money(d)}元", d, deductible))
        steps.append(Step(f"报销比例({name})", pct(level.ratio.percent), level.ratio.percent, level.ratio))
        part = max(Decimal(0), bill - d) * level.ratio.percent / 100
        formula = f"({money(bill)} − {money(d)}) × {pct(level.ratio.percent)}" if d else f"{money(bill)} × {pct(level.ratio.percent)}"
        steps.append(Step(f"{name}的费用报销", formula, part))
        paid += part
    if not per_stay and (benefit.deductible or any(lv.deductible for lv in levels)):
        assumptions.append("起付线按年度计算,只在第一笔费用中扣一次。")
    cap = benefit.cap
    if cap is not None and paid > cap.amount:
        paid = cap.amount
        steps.append(Step("封顶线", f"最多支付{money(cap.amount)}元", paid, cap))
    paid = paid.quantize(CENT, rounding=ROUND_HALF_UP)
    own = (total - paid).quantize(CENT, rounding=ROUND_HALF_UP)
    steps.append(Step("医保报销合计", "以上各项之和", paid))
    steps.append(Step("个人自付", f"{money(total)} − {money(paid)}", own))
    summary = f"{benefit.name}费用{money(total)}元,医保约报销{money(paid)}元,个人自付约{money(own)}元"
    return Result("reimbursement", own if wants_out_of_pocket else paid, steps, assumptions, summary,
                  {"reimbursed": paid, "out_of_pocket": own, "level": "、".join(dict.fromkeys(names))})
