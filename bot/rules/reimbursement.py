"""Reimbursement estimates: hospital level, deductible, ratio, caps, referral rules (Decimal, cited steps)."""

from __future__ import annotations

import re
from decimal import Decimal, ROUND_HALF_UP, localcontext

from bot.nlu.slots import Slots
from bot.rules.calculator import CENT, LevelNotStated, Missing, NotStated, Result, Step, money, pct, resolve_tier
from bot.rules.schema import Benefit, Level, Money, Percent, RuleFile
from bot.rules.partial_answers import below_every_deductible, cap_only, _overcap_only
from bot.rules.several_levels import levels_of_bills, several_levels


def resolve_level(benefit: Benefit, words: list[str], text: str) -> str | None:
    if len(benefit.levels) == 1:
        name, level = next(iter(benefit.levels.items()))
        said = " ".join([name, *level.aliases])
        grades = [w for w in words if _GRADE.fullmatch(w)]
        if grades and _GRADE.search(said) and not any(g in said for g in grades):
            return None  # "那三级医院呢" where the text states its 一级 rule only
        return name
    # The level named first in the text wins: a follow-up's own words come first ("换成县级医院呢").
    named = [(pos, name) for name, level in benefit.levels.items()
             for pos in [_first_pos(text, [name, *level.aliases])] if pos is not None]
    if named:
        pos, name = min(named)
        if _NOT_AT.search(text[max(0, pos - 4):pos]) and len(benefit.levels) == 2:
            return next(n for n in benefit.levels if n != name)  # "去的不是社区医院": the other level
        return name
    for w in words:
        for name, level in benefit.levels.items():
            if w in name or any(w in a for a in level.aliases):
                return name
    return None


_GRADE = re.compile(r"[一二三]级|县级|市级|省级")
_NOT_AT = re.compile(r"(不是|不在|没在|没去|不去|非)[的去在]?$")


def _first_pos(text: str, names: list[str]) -> int | None:
    """Where the text first names a level as the place of treatment ("从卫生院转到县医院": the 卫生院 is
    where the referral came from, not where the bill is)."""
    origins = [m.span(1) if m.group(1) else m.span(2) for m in _ORIGIN.finditer(text)]
    found = [m.start() for n in names if n for m in re.finditer(re.escape(n), text)
             if not any(a <= m.start() < b for a, b in origins)]
    return min(found) if found else None


_ORIGIN = re.compile(r"(?:从|由|经过|经)([^,。,;!?]{1,12}?)(?:转|到|开)|([^,。,;!?去到在]{1,8}?)(?:开)?转诊")


def lookup(rules: RuleFile, benefit: Benefit, slots: Slots, text: str, asked: str) -> Result:
    """A parameter asked for directly ("起付线多少", "一年最多报多少"): its value and citation.
    Raises NotStated when the file does not hold it unambiguously."""
    param, label = None, ""
    if asked == "deductible":
        level = benefit.levels.get(resolve_level(benefit, slots.level_words, text) or "") if benefit.levels else None
        param = (level.deductible if level else None) or benefit.deductible
        label = f"起付线({benefit.name}{'·' + resolve_level(benefit, slots.level_words, text) if level else ''})"
    elif asked == "referral":  # "没办转诊跑外地透析,比例降多少"
        r = benefit.referral
        cut = None if r is None else (r.referred if slots.referred else r.unreferred)
        if cut is None:
            raise NotStated("资料没有写转诊对报销比例的影响")
        which = "办理转诊" if slots.referred else "没有办理转诊"
        label = f"{benefit.name}{which}时报销比例降低"
        steps = [Step(label, pct(cut.percent), cut.percent, cut)]
        summary = f"{label}{pct(cut.percent)}"
        if r.long_term_resident is not None:
            steps.append(Step("办理长期异地居住的人员", "待遇与参保地一致,不降低", Decimal(0), r.long_term_resident))
            summary += ";办理了长期异地居住的,待遇与参保地一致"
        return Result("reimbursement", cut.percent, steps, [], summary, {"lookup": True})
    elif asked == "ratio":
        name = resolve_level(benefit, slots.level_words, text)
        level = benefit.levels.get(name or "") if benefit.levels else None
        tier = resolve_tier(rules, slots.tier) if rules.contribution else slots.tier
        ratio = (level.ratio or (level.ratio_by_tier.get(tier) if tier else None)) if level else None
        if ratio is None:
            raise NotStated("资料没有唯一的报销比例")
        label = f"报销比例({benefit.name}·{name})"
        step = Step(label, pct(ratio.percent), ratio.percent, ratio)
        return Result("reimbursement", ratio.percent, [step], [], f"{label}为{pct(ratio.percent)}", {"lookup": True})
    elif asked == "cap":
        tier = resolve_tier(rules, slots.tier) if rules.contribution else slots.tier
        level = benefit.levels.get(resolve_level(benefit, slots.level_words, text) or "") if benefit.levels else None
        param = (level.cap if level else None) or benefit.cap or (benefit.cap_by_tier.get(tier) if tier else None)
        label = "基金年度最高支付限额(各项基金支出合并计算)" if benefit.cap_combined else f"{benefit.name}基金年度最高支付限额"
    if param is None:
        raise NotStated(f"资料没有唯一的{label or asked}")
    step = Step(label, f"{money(param.amount)}元", param.amount, param)
    if asked == "cap" and slots.already is not None:  # "已经报了25万,最多还能报多少"
        left = max(Decimal(0), param.amount - slots.already)
        steps = [step, Step("今年已报销", "按问题中的金额", slots.already),
                 Step("剩余可报额度", f"{money(param.amount)} − {money(slots.already)}", left)]
        summary = f"{label}为{money(param.amount)}元,今年已报销{money(slots.already)}元,最多还能报销约{money(left)}元"
        return Result("reimbursement", left, steps, [], summary)
    summary = f"{label}为{money(param.amount)}元"
    return Result("reimbursement", param.amount, [step], [], summary, {"lookup": True})


def reimbursement(rules: RuleFile, benefit: Benefit, slots: Slots, text: str, wants_out_of_pocket: bool) -> Result:
    if not benefit.levels:
        raise NotStated(f"{rules.region}的资料没有写{benefit.name}的报销比例")
    over = _overcap_only(benefit, slots, text)
    if over is not None:
        return over
    names = levels_of_bills(benefit, text, slots.bills)
    if names:  # "在二级医院花了8000,…三级医院又花了1.2万": each bill at its level
        several = several_levels(benefit, slots, names, wants_out_of_pocket)
        if several is not None:
            return several
    level_name = resolve_level(benefit, slots.level_words, text)
    if level_name is None:
        if slots.level_words and len(benefit.levels) == 1:
            raise LevelNotStated(f"{rules.region}的资料只写了{next(iter(benefit.levels))}的{benefit.name}报销标准,"
                                 f"没有写“{slots.level_words[0]}”医院的")
        if slots.level_words:
            raise Missing(
                "level",
                f"{rules.region}的{benefit.name}报销按{'、'.join(benefit.levels)}区分,没有按“{slots.level_words[0]}”区分。请问这家医院属于哪一类?",
                list(benefit.levels),
            )
        below = below_every_deductible(benefit, slots)
        if below is not None:
            return below
        raise Missing("level", f"请问是在哪一类医疗机构{benefit.name}?", list(benefit.levels))
    level: Level = benefit.levels[level_name]
    tier = resolve_tier(rules, slots.tier) if rules.contribution else slots.tier
    if level.ratio is None:
        if not level.ratio_by_tier and level.cap is not None and slots.amount is not None \
                and slots.amount >= level.cap.amount:
            return cap_only(benefit, level_name, level.cap, slots.amount)  # "没签约…花了300,最多能报多少"
        if not level.ratio_by_tier:
            raise NotStated(f"资料没有写{level_name}的报销比例")
        tier = tier if tier in level.ratio_by_tier else None
        if tier is None:
            opts = [f"{t}({pct(p.percent)})" for t, p in level.ratio_by_tier.items()]
            raise Missing("tier", "请问您参保缴费的是哪一档?不同档次报销比例不同。", opts, list(level.ratio_by_tier.values()))
    if slots.amount is None:
        raise Missing("amount", f"请问{benefit.name}的总费用大约是多少元?", ["5000元", "1万元", "2万元", "5万元"])
    bills = slots.bills if len(slots.bills) > 1 else [slots.amount]
    bill = sum(bills, Decimal(0))
    steps: list[Step] = [Step("医疗总费用", " + ".join(money(b) for b in bills) if len(bills) > 1 else "按问题中的金额", bill)]
    assumptions = ["按全部费用都属于政策范围内费用估算;自费药品、项目不予报销,实际报销会更少。"]
    eligible = bill
    if slots.self_paid is not None and Decimal(0) < slots.self_paid < bill:  # "其中3000是自费药"
        eligible = bill - slots.self_paid
        steps.append(Step("自费部分(不予报销)", "按问题中的金额", slots.self_paid))
        steps.append(Step("政策范围内费用", f"{money(bill)} − {money(slots.self_paid)}", eligible))
        assumptions = ["自费药品、项目不予报销,已从总费用中扣除;其余按政策范围内费用估算。"]
    if benefit.cost_cap and eligible > benefit.cost_cap.amount:
        eligible_all = eligible
        eligible = benefit.cost_cap.amount
        steps.append(Step("计入基本报销的费用上限", f"min({money(eligible_all)}, {money(eligible)})", eligible, benefit.cost_cap))
    deductible: Money | None = level.deductible or benefit.deductible
    if deductible is not None:
        d = deductible.amount
        steps.append(Step(f"起付线({level_name})", f"{money(d)}元", d, deductible))
        if len(bills) > 1 and benefit.deductible_period == "stay":
            d = d * len(bills)
            steps.append(Step("起付线合计(每次住院各扣一次)", f"{money(deductible.amount)} × {len(bills)}次", d))
        elif len(bills) > 1:
            assumptions.append("起付线按年度计算,几次费用合在一起只扣一次。")
        elif benefit.deductible_period == "year":
            assumptions.append("起付线按年度计算,本年度已经扣过起付线的,这次不再扣。")
    else:
        d = Decimal(0)
        if benefit.no_deductible:
            steps.append(Step("起付线", "不设起付线", d, benefit.no_deductible))
        else:
            assumptions.append("资料没有写起付线,按没有起付线估算。")
    ratio_p: Percent = level.ratio or level.ratio_by_tier[tier]
    ratio = ratio_p.percent
    steps.append(Step(f"报销比例({level_name}{'·' + tier if level.ratio is None else ''})", pct(ratio), ratio, ratio_p))
    ratio, alt = _referral(benefit, level_name, ratio, slots, steps, assumptions)
    base = max(Decimal(0), eligible - d) * ratio / 100
    steps.append(Step("基本报销", f"({money(eligible)} − {money(d)}) × {pct(ratio)}", base))
    paid = base
    cap = level.cap or benefit.cap or (benefit.cap_by_tier.get(tier) if tier else None)
    if cap is not None and slots.already is not None:  # the fund already paid part of this year's cap
        left = max(Decimal(0), cap.amount - slots.already)
        steps.append(Step("年度封顶线", f"{money(cap.amount)}元", cap.amount, cap))
        steps.append(Step("今年剩余可报额度", f"{money(cap.amount)} − {money(slots.already)}(已报销)", left))
        if paid > left:
            paid = left
            steps.append(Step("本次最多报销", f"不超过剩余额度{money(left)}元", paid))
    elif cap is not None and paid > cap.amount:
        paid = cap.amount
        steps.append(Step("封顶线", f"最多支付{money(cap.amount)}元", paid, cap))
    elif benefit.cap_by_tier and tier is None:
        assumptions.append("不同档次封顶线不同,没有按封顶线核对。")
    in_scope = bill - (slots.self_paid if slots.self_paid is not None and slots.self_paid < bill else 0)
    if benefit.cost_cap and in_scope > benefit.cost_cap.amount and benefit.over_cap_ratio:
        extra = (in_scope - benefit.cost_cap.amount) * benefit.over_cap_ratio.percent / 100
        steps.append(Step("超过上限部分", f"({money(in_scope)} − {money(benefit.cost_cap.amount)}) × {pct(benefit.over_cap_ratio.percent)}", extra, benefit.over_cap_ratio))
        if benefit.over_cap_max and extra > benefit.over_cap_max.amount:
            extra = benefit.over_cap_max.amount
            steps.append(Step("超限部分封顶", f"最多{money(extra)}元", extra, benefit.over_cap_max))
        paid += extra
    with localcontext() as ctx:
        ctx.prec = 60
        paid = paid.quantize(CENT, rounding=ROUND_HALF_UP)
        own = (bill - paid).quantize(CENT, rounding=ROUND_HALF_UP)
    steps.append(Step("医保报销合计", "以上各项之和", paid))
    if benefit.others:  # "民政救助为20%": another body pays its share of the bill too
        for other in benefit.others:
            part = (bill * other.percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            steps.append(Step(f"{other.payer}支付", f"{money(bill)} × {pct(other.percent)}", part, other))
            own -= part
        own = max(own, Decimal(0))
        steps.append(Step("个人自付", f"{money(bill)} − 医保 − {'、'.join(o.payer for o in benefit.others)}", own))
    else:
        steps.append(Step("个人自付", f"{money(bill)} − {money(paid)}", own))
    if alt is not None:
        alt_paid = max(Decimal(0), eligible - d) * alt / 100
        if cap is not None:
            alt_paid = min(alt_paid, cap.amount)
        assumptions.append(f"如果没有办理转诊,报销比例为{pct(alt)},基本报销约{money(alt_paid)}元。")
    amount = own if wants_out_of_pocket else paid
    summary = (f"{benefit.name}费用{money(bill)}元,医保约报销{money(paid)}元,个人自付约{money(own)}元")
    return Result("reimbursement", amount, steps, assumptions, summary,
                  {"reimbursed": paid, "out_of_pocket": own, "level": level_name})


def _referral(benefit: Benefit, level: str, ratio: Decimal, slots: Slots, steps: list[Step], assumptions: list[str]):
    """Apply the referral rule; returns (ratio, unreferred alternative or None)."""
    r = benefit.referral
    if r is None or (r.levels != "all" and level not in r.levels):
        return ratio, None
    if r.applies_when == "异地" and not slots.remote and not slots.long_term:
        return ratio, None
    if slots.long_term and r.long_term_resident:
        steps.append(Step("长期异地居住", f"待遇与参保地一致,仍为{pct(ratio)}", ratio, r.long_term_resident))
        return ratio, None
    if slots.referred is False:
        if r.unreferred_ratio:
            steps.append(Step("未转诊的报销比例", pct(r.unreferred_ratio.percent), r.unreferred_ratio.percent, r.unreferred_ratio))
            return r.unreferred_ratio.percent, None
        if r.unreferred:
            new = ratio - r.unreferred.percent
            steps.append(Step("未转诊降低比例", f"{pct(ratio)} − {pct(r.unreferred.percent)}", new, r.unreferred))
            return new, None
        return ratio, None
    if slots.referred is True:
        if r.referred:
            new = ratio - r.referred.percent
            steps.append(Step("转诊降低比例", f"{pct(ratio)} − {pct(r.referred.percent)}", new, r.referred))
            return new, None
        return ratio, None
    # Not said: with two different reductions we must ask; otherwise assume a referral was made.
    if r.referred and r.unreferred:
        raise Missing("referral", "请问这次异地就医是否办理了转诊?", ["已办理转诊", "未办理转诊"], [r.referred, r.unreferred])
    assumptions.append("按已办理转诊手续计算。")
    if r.unreferred_ratio:
        return ratio, r.unreferred_ratio.percent
    if r.unreferred:
        return ratio, ratio - r.unreferred.percent
    return ratio, None
