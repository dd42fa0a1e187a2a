"""Fixed-amount benefits: a package per treatment or per person times the fund's share.

"平阳县白内障一只眼医保出多少" -> 1800元/次(单侧) × 80% × 1; "平阳生孩子报多少" -> 定额800元;
"重庆门诊定额包干一家三口多少" -> 80元/人 × 3. Every number is a cited parameter of the rule file.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.nlu.slots import Slots
from bot.rules.calculator import Result, Step, money, pct
from bot.rules.schema import Package, RuleFile

_TWO_UNITS = re.compile(r"两只眼|双眼|两眼|两个眼|2只眼|两侧|双侧|两边|两次|2次|两回")


def find_package(rules: RuleFile, norm: str) -> Package | None:
    """The package a question names ("白内障", "生孩子"), earliest mention first."""
    if rules.reimbursement is None:
        return None
    named = []
    for pkg in rules.reimbursement.packages:
        positions = [norm.find(w) for w in [pkg.name, *pkg.aliases] if w and w in norm]
        if positions and not any(w in norm for w in pkg.excludes):
            named.append((min(positions), pkg.name, pkg))
    return min(named)[2] if named else None


def package_amount(rules: RuleFile, pkg: Package, slots: Slots, norm: str) -> Result:
    steps = [Step(f"{pkg.name}待遇标准", f"每{pkg.unit}{money(pkg.amount)}元", pkg.amount, pkg)]
    assumptions = [note.text for note in pkg.notes if note.text]
    if pkg.per == "person":
        count = slots.people.total or 1
        if not slots.people.explicit:
            assumptions.append("问题没有说明人数,按1人计算。")
    else:
        count = 2 if _TWO_UNITS.search(norm) else 1
    value = pkg.amount * count
    formula = f"{money(pkg.amount)}元 × {count}{pkg.unit}"
    if pkg.fund_share is not None:
        share = pkg.fund_share.percent
        steps.append(Step("医保基金支付比例", pct(share), share, pkg.fund_share))
        value = value * share / Decimal(100)
        formula += f" × {pct(share)}"
    steps.append(Step("医保支付", formula, value))
    who = f"{count}{pkg.unit}" if count > 1 or pkg.per == "person" else ""
    summary = f"{pkg.name}{who}医保基金支付{money(value)}元"
    extras = {"reimbursed": value, "package": pkg.name}
    if not pkg.others:
        return Result("reimbursement", value, steps, assumptions, summary, extras)
    whole = pkg.amount * count
    own, asked = whole - value, None
    for other in pkg.others:
        part = whole * other.percent / Decimal(100)
        steps.append(Step(f"{other.payer}支付", f"{money(whole)} × {pct(other.percent)}", part, other))
        own -= part
        if any(w in norm for w in [other.payer, *other.aliases]):
            asked = (other.payer, part)
    own = max(own, Decimal(0))
    steps.append(Step("个人自付", f"{money(whole)} − 以上各方支付", own))
    assumptions = [a for a in assumptions if not any(o.payer in a for o in pkg.others)]
    if asked is not None:
        summary = f"{pkg.name}{who}{asked[0]}支付{money(asked[1])}元(医保基金{money(value)}元,个人自付{money(own)}元)"
        return Result("reimbursement", asked[1], steps, assumptions, summary, extras)
    own_asked, fund_asked = _OWN.search(norm), _FUND.search(norm)
    if own_asked and fund_asked and fund_asked.start() < own_asked.start():
        # "医保基金出多少?自己还要出钱吗?": the fund's part first, then the asker's
        summary = f"{pkg.name}{who}医保基金支付{money(value)}元,个人自付{money(own)}元(其余由{'、'.join(o.payer for o in pkg.others)}支付)"
        return Result("reimbursement", value, steps, assumptions, summary, extras)
    if own_asked:
        summary = f"{pkg.name}{who}个人自付{money(own)}元(医保基金支付{money(value)}元,其余由{'、'.join(o.payer for o in pkg.others)}支付)"
        return Result("reimbursement", own, steps, assumptions, summary, extras)
    return Result("reimbursement", value, steps, assumptions, summary, extras)


_FUND = re.compile(r"(?:医保|基金|统筹)[^,。,;??]{0,4}(?:出|报|付|支付|补)[^,。,;??]{0,3}多少")
_OWN = re.compile(r"自付|自己|个人|掏|要出钱|出钱吗|花钱吗|免费")
