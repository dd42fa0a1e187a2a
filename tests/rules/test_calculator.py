"""Calculator tables, hand-checked against the quoted rule text."""

from decimal import Decimal

import pytest

from bot.core.config import ROOT
from bot.nlu.slots import extract
from bot.rules.calculator import Missing, NotStated, contribution
from bot.rules.reimbursement import reimbursement
from bot.rules.loader import load_rule_file
from bot.text.normalize import normalize

WEIFANG = load_rule_file(ROOT / "corpus/rules/weifang-2021.yaml")
PINGYANG = load_rule_file(ROOT / "corpus/rules/pingyang-2019.yaml")


def contrib(rules, text):
    return contribution(rules, extract(normalize(text), []))


def reimb(rules, text, benefit="inpatient"):
    norm = normalize(text)
    b = getattr(rules.reimbursement, benefit)
    return reimbursement(rules, b, extract(norm, []), norm, "自己" in norm or "自付" in norm)


@pytest.mark.parametrize("text, amount", [
    ("高档一家三口", 1170),                     # 390 × 3
    ("低档一个人", 260),                        # 260
    ("两个大人交高档一个孩子", 1040),            # 390 × 2 + 260 (学生、儿童统一按低档缴费)
    ("我和老婆交低档", 520),                    # 260 × 2
    ("大学生交多少", 260),                      # 学生按低档
    ("高档四口人", 1560),                       # 390 × 4
])
def test_weifang_contribution(text, amount):
    assert contrib(WEIFANG, text).amount == Decimal(amount)


def test_weifang_tier_missing_asks_with_amounts():
    with pytest.raises(Missing) as m:
        contrib(WEIFANG, "一家三口交多少")
    assert m.value.slot == "tier" and m.value.options == ["高档(390元/人)", "低档(260元/人)"]


def test_pingyang_contribution_shows_subsidy():
    r = contrib(PINGYANG, "一家四口")
    assert r.amount == Decimal(840)              # 210 × 4
    assert any(s.value == Decimal(480) and "财政补助" in s.label for s in r.steps)


@pytest.mark.parametrize("text, reimbursed, own", [
    ("县级医院住院花了2万", "13370", "6630"),       # (20000 − 900) × 70%
    ("镇乡卫生院住院1万", "7520", "2480"),          # (10000 − 600) × 80%
    ("乡镇卫生院住院500元", "0", "500"),            # below the 600 deductible
    ("县外市内医院住院1.5万元", "6850", "8150"),     # (15000 − 1300) × 50%
    ("县外市内医院住院1.5万元没办转诊", "6165", "8835"),  # 50% − 5 points = 45%
    ("市外医院住院5万,没有转诊", "17045", "32955"),   # (50000 − 1300) × 35%
    ("县级医院住院20万", "131370", "68630"),        # (120000 − 900) × 70% + (200000 − 120000) × 60%
    ("市外医院住院30万", "107480", "192520"),       # (120000−1300)×40% = 47480; 180000×60% = 108000 → capped 60000
])
def test_pingyang_inpatient(text, reimbursed, own):
    r = reimb(PINGYANG, text)
    assert r.extras["reimbursed"] == Decimal(reimbursed)
    assert r.extras["out_of_pocket"] == Decimal(own)


def test_out_of_pocket_question_returns_own_share():
    assert reimb(PINGYANG, "县级医院住院2万自己付多少").amount == Decimal("6630")


@pytest.mark.parametrize("text, reimbursed", [
    ("卫生院看门诊花了1000", "400"),       # 40%
    ("卫生院看门诊花了3000", "800"),       # 1200 capped at 800 a year
    ("县级医院门诊2000没从基层转诊", "300"),  # 15% when not referred
    ("县级医院门诊2000", "400"),           # 20%
])
def test_pingyang_outpatient(text, reimbursed):
    assert reimb(PINGYANG, text, "outpatient").extras["reimbursed"] == Decimal(reimbursed)


@pytest.mark.parametrize("text, slot", [
    ("住院花了2万", "level"),
    ("县级医院住院", "amount"),
    ("二级医院住院2万", "level"),
])
def test_missing_slots(text, slot):
    with pytest.raises(Missing) as m:
        reimb(PINGYANG, text)
    assert m.value.slot == slot


def test_every_step_with_a_parameter_is_cited():
    r = reimb(PINGYANG, "县级医院住院花了2万")
    cited = [s for s in r.steps if s.cite is not None]
    assert {s.label.split("(")[0] for s in cited} >= {"起付线", "报销比例"}
    assert any("政策范围内" in a for a in r.assumptions)


CHONGQING_2017 = load_rule_file(ROOT / "corpus/rules/chongqing-2017.yaml")
CHONGQING_HOSPITAL = load_rule_file(ROOT / "corpus/rules/chongqing-undated.yaml")
JINZHONG = load_rule_file(ROOT / "corpus/rules/jinzhong-2025.yaml")
NINGBO = load_rule_file(ROOT / "corpus/rules/ningbo-2025.yaml")


@pytest.mark.parametrize("text, amount", [
    ("二档一家三口", 1050),                    # 350 × 3
    ("一档两个人", 280),                       # 140 × 2
    ("7月份才去交,选一档,两个人", 1120),        # late: (140 + 420 财政补助) × 2
])
def test_chongqing_contribution(text, amount):
    assert contrib(CHONGQING_2017, text).amount == Decimal(amount)


@pytest.mark.parametrize("text, reimbursed", [
    ("一级医院住院5000,交的一档", "3920"),       # (5000 − 100) × 80%
    ("一级医院住院两万,二档", "16915"),           # (20000 − 100) × 85%
    ("一级医院住院10万,一档", "70000"),           # 79920 capped at 一档 70000
])
def test_chongqing_inpatient_by_tier(text, reimbursed):
    assert reimb(CHONGQING_HOSPITAL, text).extras["reimbursed"] == Decimal(reimbursed)


def test_chongqing_tier_missing_is_asked():
    with pytest.raises(Missing) as m:
        reimb(CHONGQING_HOSPITAL, "一级医院住院5000")
    assert m.value.slot == "tier"


@pytest.mark.parametrize("text, reimbursed", [
    ("一级医院透析花了1万", "8075"),             # (10000 − 500) × 85%
    ("三级医院透析2万", "12675"),                # (20000 − 500) × 65%
    ("异地三级医院透析2万,没转诊", "7215"),        # 65% − 28 points = 37%
    ("异地二级医院透析2万,转诊了", "11115"),       # 75% − 18 points = 57%
])
def test_jinzhong_dialysis(text, reimbursed):
    norm = normalize(text)
    r = reimbursement(JINZHONG, JINZHONG.reimbursement.special[0], extract(norm, []), norm, False)
    assert r.extras["reimbursed"] == Decimal(reimbursed)


def test_jinzhong_remote_without_referral_info_is_asked():
    norm = normalize("异地一级医院透析1万")
    with pytest.raises(Missing) as m:
        reimbursement(JINZHONG, JINZHONG.reimbursement.special[0], extract(norm, []), norm, False)
    assert m.value.slot == "referral"


def test_group_only_tier_is_not_applied_to_adults():
    assert contrib(NINGBO, "两个小学生").amount == Decimal(580)   # 中小学生 290 × 2
    with pytest.raises(NotStated):
        contrib(NINGBO, "一个大人")


def test_parameter_lookup(bot):
    r = bot.ask("汕头居民医保住院一年最多报多少")
    assert r.calculation.amount == 150000 and r.citations and "15万" in r.citations[0].quote
    assert bot.ask("晋中透析门诊特殊病起付线多少").calculation.amount == 500
