"""Property-based checks of the calculator over every rule file (hypothesis, fixed seed)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings, seed, strategies as st

from bot.core.config import ROOT
from bot.nlu.household import People
from bot.nlu.slots import Slots
from bot.rules.calculator import Missing, NotStated, contribution
from bot.rules.reimbursement import reimbursement
from bot.rules.loader import load_rules

RULES = load_rules(ROOT / "corpus" / "rules")
BENEFITS = [(name, rf, b) for name, rf in sorted(RULES.items()) if rf.reimbursement
            for b in [rf.reimbursement.inpatient, rf.reimbursement.outpatient, *rf.reimbursement.special]
            if b is not None and b.levels]
CONTRIBUTIONS = [(name, rf) for name, rf in sorted(RULES.items()) if rf.contribution]
bills = st.decimals(min_value=0, max_value=500_000, places=0, allow_nan=False, allow_infinity=False)


def _paid(rf, benefit, level, tier, bill):
    slots = Slots(amount=bill, tier=tier, level_words=[level], referred=True)
    try:
        return reimbursement(rf, benefit, slots, level, False)
    except (Missing, NotStated):
        return None


def _tier(rf, level_obj):
    return next(iter(level_obj.ratio_by_tier), None) if level_obj.ratio is None else None


@pytest.mark.parametrize("name, rf, benefit", BENEFITS, ids=[f"{n}-{b.name}" for n, _, b in BENEFITS])
@seed(20261123)
@settings(max_examples=40, deadline=None)
@given(a=bills, b=bills)
def test_reimbursement_properties(name, rf, benefit, a, b):
    """Reimbursed ≤ bill, non-decreasing in the bill, 0 at or below the deductible, never above a cap."""
    for level, level_obj in benefit.levels.items():
        tier = _tier(rf, level_obj)
        lo, hi = sorted((a, b))
        r_lo, r_hi = _paid(rf, benefit, level, tier, lo), _paid(rf, benefit, level, tier, hi)
        if r_lo is None or r_hi is None:
            continue
        paid_lo, paid_hi = r_lo.extras["reimbursed"], r_hi.extras["reimbursed"]
        assert Decimal(0) <= paid_lo <= lo and paid_hi <= hi
        assert paid_lo <= paid_hi
        deductible = level_obj.deductible or benefit.deductible
        if deductible is not None and lo <= deductible.amount:
            assert paid_lo == 0
        cap = benefit.cap
        if cap is not None:
            extra = benefit.over_cap_max.amount if benefit.over_cap_max else 0
            assert paid_hi <= cap.amount + extra


@pytest.mark.parametrize("name, rf", CONTRIBUTIONS, ids=[n for n, _ in CONTRIBUTIONS])
@seed(20261123)
@settings(max_examples=40, deadline=None)
@given(adults=st.integers(0, 6), pupils=st.integers(0, 4), exempt=st.integers(0, 3))
def test_household_total_is_the_sum_of_member_lines(name, rf, adults, pupils, exempt):
    kinds = {k: n for k, n in (("成人", adults), ("学生", pupils), ("困难群体", exempt)) if n}
    if not kinds:
        return
    tier = next(iter(rf.contribution.tiers), None)
    people = People(total=sum(kinds.values()), kinds=kinds, explicit=True)
    try:
        result = contribution(rf, Slots(tier=tier, people=people))
    except (Missing, NotStated):
        return
    member_lines = [s for s in result.steps if "×" in s.formula and "人" in s.formula]
    assert result.amount == sum((s.value for s in member_lines), Decimal(0))
    for s in member_lines:
        if s.label.startswith("困难群体"):
            assert s.value == 0  # exempt members add 0
