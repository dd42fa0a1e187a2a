"""The rules calculator: shared parts (steps, results, tiers) and contribution estimates (Decimal).

Reimbursement estimates are in bot.rules.reimbursement, fixed packages in bot.rules.packages."""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from decimal import Decimal, ROUND_HALF_UP, localcontext

from bot.nlu.slots import People, Slots
from bot.rules.schema import Cited, RuleFile

CENT = Decimal("0.01")


def money(x: Decimal) -> str:
    with localcontext() as ctx:
        ctx.prec = 60  # an absurd amount is shown, never an InvalidOperation
        q = x.quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{q:f}".rstrip("0").rstrip(".") if "." in f"{q:f}" else f"{q:f}"


def pct(p: Decimal) -> str:
    return f"{p.normalize():f}%"


@dataclass
class Step:
    label: str
    formula: str
    value: Decimal
    cite: Cited | None = None


@dataclass
class Result:
    kind: str
    amount: Decimal
    steps: list[Step]
    assumptions: list[str]
    summary: str
    extras: dict = field(default_factory=dict)


class Missing(Exception):
    """A slot the calculation needs and the question did not give."""

    def __init__(self, slot: str, question: str, options: list[str], cites: list[Cited] | None = None) -> None:
        super().__init__(question)
        self.slot, self.question, self.options, self.cites = slot, question, options, cites or []


class NotStated(Exception):
    """The rule file has no number for what was asked (e.g. a hospital level the text omits). `note` is
    what the file does say about it, when it says something ("由政府按规定标准资助参保")."""

    def __init__(self, message: str, note: Cited | None = None) -> None:
        super().__init__(message)
        self.note = note


class LevelNotStated(NotStated):
    """The asked hospital level is not among the levels the file states: said, never another level's rule."""


MARK = "{mark}"  # where an assumption's citation marker goes; Result.extras["marks"] holds the Cited
_EXEMPT_STEMS = ("低保", "特困", "五保", "孤儿", "残疾", "三无", "建档立卡", "贫困")


def exempt_note(rules: RuleFile, words: list[str]):
    """The file's note on the exempt group the asker named ("低保户" -> "…低保对象…由政府按规定标准资助参保")."""
    stems = [s for s in _EXEMPT_STEMS if any(s in w for w in words)] or list(_EXEMPT_STEMS)
    return next((n for n in rules.contribution.notes if any(s in n.quote for s in stems)), None)


# -- contribution -------------------------------------------------------------------------------
_TIER_SYNONYMS = {"一档": ["一档", "第一档"], "二档": ["二档", "第二档"], "高档": ["高档"], "低档": ["低档"]}


def general_tiers(rules: RuleFile) -> dict:
    """Tiers that apply to everyone: a tier named after a category (宁波's 中小学生) is that group's only."""
    c = rules.contribution
    return {n: m for n, m in c.tiers.items() if n not in c.categories} if c else {}


def resolve_tier(rules: RuleFile, wanted: str | None) -> str | None:
    tiers = general_tiers(rules)
    if len(tiers) == 1:
        return next(iter(tiers))
    if not wanted:
        return None
    for name in tiers:
        if name in _TIER_SYNONYMS.get(wanted, [wanted]):
            return name
    by_amount = sorted(tiers, key=lambda n: tiers[n].amount)
    if wanted in ("高档", "二档") and len(by_amount) >= 2:
        return by_amount[-1]
    if wanted in ("低档", "一档") and len(by_amount) >= 2:
        return by_amount[0]
    return None


def _category(rules: RuleFile, kind: str, words: list[str] = ()):
    """The file's category for a kind of member; for the exempt group, also by the asker's own words
    ("一级残疾" -> 政府按第二档全额代缴人员)."""
    for name, cat in rules.contribution.categories.items():
        if kind == name or kind in cat.aliases:
            return name, cat
    for word in words:
        for name, cat in rules.contribution.categories.items():
            if any(word == a or (len(word) > 2 and word in a) for a in cat.aliases):
                return name, cat
    return None


def contribution(rules: RuleFile, slots: Slots) -> Result:
    c = rules.contribution
    assert c is not None
    people: People = slots.people
    groups = dict(people.kinds) if people.kinds else {"成人": people.total or 1}
    steps: list[Step] = []
    assumptions: list[str] = []
    needs_tier = False
    priced: list[tuple[str, int, Decimal, str, Cited]] = []
    unpriced: list[tuple[str, int, str]] = []  # members the file states no amount for: left out, said so
    marks: list[Cited] = []
    for kind, count in groups.items():
        hit = _category(rules, kind, people.exempt_words if kind == "困难群体" else ()) if kind != "成人" else None
        if hit:
            name, cat = hit
            label = name if kind == name or kind in ("学生", "儿童") else f"{kind}({name})"  # 新生儿(困难群体)
            if cat.amount is not None:
                priced.append((label, count, cat.amount, f"{name}每人{money(cat.amount)}元", cat))
                continue
            tier = cat.tier
            priced.append((f"{name}(按{tier})", count, c.tiers[tier].amount, f"{name}按{tier}缴费", c.tiers[tier]))
            steps.append(Step(f"{name}缴费档次", f"{name}统一按{tier}缴费", c.tiers[tier].amount, cat))
            continue
        if kind == "困难群体":
            note = exempt_note(rules, people.exempt_words)
            if note is not None:
                marks.append(note)
                unpriced.append((kind, count, f"{rules.region}的资料写明{note.text}{MARK},没有写个人缴费金额"))
            else:
                unpriced.append((kind, count, f"{rules.region}的资料没有写低保、特困等困难群体的缴费标准"))
            continue
        if not general_tiers(rules):
            unpriced.append((kind, count, f"{rules.region}的资料只写了{'、'.join(c.tiers)}的缴费标准"))
            continue
        if kind == "成人" and slots.tier_groups:  # "我跟老伴交低档,儿子儿媳交高档"
            for wanted, n in slots.tier_groups.items():
                t = resolve_tier(rules, wanted)
                n = min(n, count)
                if t is None or n <= 0:
                    continue
                priced.append((f"成人({t})", n, c.tiers[t].amount, t, c.tiers[t]))
                count -= n
            if count <= 0:
                continue
        tier = resolve_tier(rules, slots.tier)
        if tier is None:
            needs_tier = True
            continue
        label = "每人" if len(groups) == 1 and kind == "成人" and not slots.tier_groups else f"{kind}"
        priced.append((f"{label}({tier})" if len(general_tiers(rules)) > 1 else label, count, c.tiers[tier].amount, tier, c.tiers[tier]))
    if unpriced and not priced and not needs_tier:
        raise NotStated(unpriced[0][2], marks[0] if marks else None)
    if needs_tier:
        tiers = general_tiers(rules)
        options = [f"{name}({money(m.amount)}元/人)" for name, m in tiers.items()]
        raise Missing("tier", "请问选哪一档缴费?", options, cites=list(tiers.values()))
    if slots.late and c.late_payment:
        if c.subsidy is None:
            raise NotStated("逾期缴费需连同财政补助一起缴纳,但资料没有写财政补助金额")
        steps.append(Step("集中缴费期后参保", "个人缴费 + 财政补助", c.subsidy.amount, c.late_payment))
        priced = [(f"{label}(含财政补助)", count, amount + c.subsidy.amount, t, cite)
                  for label, count, amount, t, cite in priced]
        steps.append(Step("财政补助(逾期时由个人承担)", f"每人{money(c.subsidy.amount)}元", c.subsidy.amount, c.subsidy))
    elif slots.with_subsidy and c.subsidy is not None:  # "个人交的加上政府补的一共多少": the whole funding
        steps.append(Step("财政补助", f"每人{money(c.subsidy.amount)}元", c.subsidy.amount, c.subsidy))
        priced = [(f"{label}(个人{money(amount)}元 + 财政补助{money(c.subsidy.amount)}元)", count,
                   amount + c.subsidy.amount, t, cite) for label, count, amount, t, cite in priced]
    merged: dict[str, list] = {}
    for label, count, amount, t, cite in priced:  # the same group priced twice is one line
        if label in merged and merged[label][2] == amount:
            merged[label][1] += count
        else:
            merged[label if label not in merged else f"{label} "] = [label, count, amount, t, cite]
    priced = [tuple(v) for v in merged.values()]
    total = Decimal(0)
    parts = []
    for label, count, amount, _, cite in priced:
        value = amount * count
        total += value
        parts.append(money(value))
        steps.append(Step(label, f"{money(amount)}元 × {count}人", value, cite))
    if len(priced) > 1:
        steps.append(Step("合计", " + ".join(parts), total))
    assumptions.extend(people.assumptions)
    for kind, count, reason in unpriced:
        assumptions.append(f"{reason},家中{kind}{count}人没有计入合计,请向当地医保部门确认。")
    if not people.explicit:
        assumptions.append("问题没有说明人数,按1人计算。")
    elif not people.kinds and c.categories and (people.total or 1) > 1:
        cheaper = [f"{n}({_describe_category(rules, cat)})" for n, cat in c.categories.items()]
        assumptions.append(f"按{people.total}人都按所选档次缴费计算;家中如有{'、'.join(cheaper)},金额会不同。")
    if c.subsidy and not (slots.late and c.late_payment) and not slots.with_subsidy:
        steps.append(Step("另:财政补助(不需个人缴纳)", f"每人{money(c.subsidy.amount)}元", c.subsidy.amount, c.subsidy))
    who = people.describe() if people.explicit else "1人"
    if unpriced:
        counted = {k: v for k, v in groups.items() if k not in {u[0] for u in unpriced}}
        who = "、".join(f"{k}{v}人" for k, v in counted.items()) + "(不含" + "、".join(
            f"{k}{v}人" for k, v, _ in unpriced) + ")"
    what = "个人缴费和财政补助" if slots.with_subsidy and c.subsidy is not None else "个人缴费"
    summary = f"{who}一年{what}合计约{money(total)}元"
    return Result("contribution", total, steps, assumptions, summary, {"marks": marks} if marks else {})


def rate_of_base(rules: RuleFile, slots: Slots, norm: str) -> Result:
    """"缴费基数一个月5000,自己交多少": the base times the stated individual rate, per month (and per year
    when a year is asked)."""
    rate = rules.contribution.rate_of_base
    if rate is None or slots.base is None:
        raise NotStated(f"{rules.region}的资料没有按缴费基数计算的缴费比例")
    monthly = (slots.base * rate.percent / 100).quantize(CENT)
    steps = [Step("缴费基数(每月)", "按问题中的金额", slots.base),
             Step("个人缴费比例", pct(rate.percent), rate.percent, rate),
             Step("每月个人缴费", f"{money(slots.base)} × {pct(rate.percent)}", monthly)]
    amount, what = monthly, "每月"
    if re.search(r"一年|每年|全年|年交", norm) and not re.search(r"一个月|每月|月交", norm):
        amount, what = monthly * 12, "一年"
        steps.append(Step("一年个人缴费", f"{money(monthly)} × 12个月", amount))
    summary = f"缴费基数每月{money(slots.base)}元,个人{what}缴费约{money(amount)}元"
    return Result("contribution", amount, steps, ["只计算了个人按比例缴纳的医疗保险费;资料提到的大额医疗救助费等其他费用没有写明金额,未计入。"],
                  summary)


def tier_difference(rules: RuleFile, slots: Slots) -> Result:
    """"选高档比低档一个人多交多少": the difference between the highest and the lowest tier, per person
    and for the people counted."""
    tiers = general_tiers(rules)
    if len(tiers) < 2:
        raise NotStated(f"{rules.region}的资料没有不同档次的缴费标准")
    low, high = sorted(tiers, key=lambda n: tiers[n].amount)[0], sorted(tiers, key=lambda n: tiers[n].amount)[-1]
    people: People = slots.people
    count = people.total or 1
    diff = tiers[high].amount - tiers[low].amount
    steps = [Step(high, f"每人{money(tiers[high].amount)}元", tiers[high].amount, tiers[high]),
             Step(low, f"每人{money(tiers[low].amount)}元", tiers[low].amount, tiers[low]),
             Step("每人相差", f"{money(tiers[high].amount)} − {money(tiers[low].amount)}", diff)]
    total = diff * count
    if count > 1:
        steps.append(Step("合计相差", f"{money(diff)}元 × {count}人", total))
    who = f"{count}人" if count > 1 else "每人"
    summary = f"选{high}比{low}{who}一年多交{money(total)}元"
    return Result("contribution", total, steps, [], summary)


def _describe_category(rules: RuleFile, cat) -> str:
    if cat.amount is not None:
        return f"每人{money(cat.amount)}元"
    return f"按{cat.tier}缴费"
