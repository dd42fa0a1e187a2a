from decimal import Decimal

import pytest

from bot.nlu.slots import extract
from bot.text.normalize import normalize


def slots(text):
    return extract(normalize(text), [])


@pytest.mark.parametrize("text, amount", [
    ("住院花了2万能报多少", 20000), ("花了两万块", 20000), ("1.5万元的住院费", 15000), ("20000元", 20000),
    ("三千八", 3800), ("二万五的费用", 25000), ("看门诊花了八百块", 800), ("一万四", 14000), ("花了3w", 30000),
    ("2021年住院花了5000元", 5000), ("一家三口", None), ("报销比例85%", None),
])
def test_amounts(text, amount):
    assert slots(text).amount == (Decimal(amount) if amount is not None else None)


@pytest.mark.parametrize("text, total, kinds", [
    ("一家三口交多少", 3, {}),
    ("两个大人一个孩子", 3, {"成人": 2, "儿童": 1}),
    ("我和老婆还有我妈", 3, {"成人": 3}),
    ("夫妻俩加两个娃", 4, {"成人": 2, "儿童": 2}),
    ("3口人交高档", 3, {}),
    ("大学生交多少", 1, {"大学生": 1}),
    ("新生儿医保", 1, {"新生儿": 1}),
    ("低保户交不交钱", 1, {"困难群体": 1}),
    ("3个学生", 3, {"学生": 3}),
    ("我在潍坊交的高档,老婆孩子也交,孩子上初中", 3, {"成人": 2, "学生": 1}),
    ("四口人 爸妈交高档 两个娃都在上学", 4, {"成人": 2, "学生": 2}),
    ("两个大人加一个上大学的", 3, {"成人": 2, "大学生": 1}),
    ("我跟老伴俩人", 2, {"成人": 2}),
    ("我老婆交医保多少", 1, {"成人": 1}),
])
def test_people(text, total, kinds):
    p = slots(text).people
    assert (p.total, p.kinds) == (total, kinds)


@pytest.mark.parametrize("text, tier", [
    ("交高档", "高档"), ("第一档", "一档"), ("二档", "二档"), ("低档一年多少", "低档"), ("高檔", "高档"), ("没说", None),
    ("一家四口想交二档,小孩能单独交一档吗", "二档"),  # the tier asked about is not the one chosen
    ("一档280,我们交二档", "二档"),
])
def test_tier(text, tier):
    assert slots(text).tier == tier


@pytest.mark.parametrize("text, care, levels", [
    ("县医院住院", "inpatient", ["县级"]), ("乡镇卫生院看门诊", "outpatient", ["乡镇卫生院"]),
    ("二级医院住院", "inpatient", ["二级"]), ("三甲医院", None, ["三级"]), ("异地透析", "special", []),
    ("市里的医院住院", "inpatient", ["市级"]), ("在三级医院做门诊透析", "special", ["三级"]),
])
def test_care_and_levels(text, care, levels):
    s = slots(text)
    assert s.care == care and s.level_words == levels


@pytest.mark.parametrize("text, referred, remote", [
    ("没办转诊去市外住院", False, True), ("转诊了", True, False), ("异地就医", None, True), ("本地住院", None, False),
])
def test_referral(text, referred, remote):
    s = slots(text)
    assert (s.referred, s.remote) == (referred, remote)


@pytest.mark.parametrize("text", ["濰坊居民醫保高檔一家三口交多少"])
def test_traditional(text):
    s = slots(text)
    assert s.tier == "高档" and s.people.total == 3


@pytest.mark.parametrize("text, late", [
    ("年中才想起来参保,要交多少", True),
    ("过了集中缴费期补缴", True),
    ("2025年中小学生参加居民医保,财政补助多少", False),  # "2025年" + "中小学生" is not 年中
])
def test_late_payment(text, late):
    assert slots(text).late is late


def test_added_people_keep_their_own_tier():
    """Class 4: "我和老婆都交高档" then "再加上我爸妈呢,他俩交低档": two adults per tier, not four on 低档."""
    from bot.nlu.slots import extract_thread

    s = extract_thread([normalize("潍坊我和老婆都交高档,俩人一共多少?"), normalize("再加上我爸妈呢,他俩交低档")], [])
    assert s.tier_groups == {"高档": 2, "低档": 2}
