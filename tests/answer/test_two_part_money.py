"""Class 1: a two-part question whose first part is computed gets its second part too, from the same place."""

import pytest


@pytest.mark.parametrize("question, amount, second", [
    ("平阳县居民医保一年个人交多少钱?大学毕业回来中途参保怎么办?", 210, "可以在3个月内办理参保缴费手续"),
    ("平阳县的,2019年刚生了娃,我和老公加上宝宝都参加居民医保,宝宝当年要交钱吗?我们一共交多少?", 420,
     "不需缴纳医保费即可享受当年"),
    # the carry-over clause of the very sentence the package is cited from, not its exception for the
    # ones who stop paying; "今年没用完" is no dated story
    ("重庆居民医保那个门诊定额包干一个人是多少?今年没用完明年还能接着用吗", 80, "当年未使用的余额可跨年度结转使用"),
])
def test_the_other_part_follows_the_headline(bot, question, amount, second):
    reply = bot.ask(question)
    lines = reply.answer.splitlines()
    assert reply.calculation.amount == amount and second in lines[1]
    n = int(lines[1].rsplit("[", 1)[1].rstrip("]"))
    cited = next(c for c in reply.citations if c.n == n)
    assert second in cited.quote and cited.region.endswith(("平阳县", "重庆市"))
    assert "您说的是" not in reply.answer


@pytest.mark.parametrize("question", [
    "平阳县在县医院住院花了2万能报多少?住院期间晚上能回家住吗?",  # only 重庆's text says so: nothing added
    "我二档,在赵家街道中心卫生院住了几天,医药费8000,报下来多少钱",  # "住了几天" is a story, not a question
])
def test_nothing_is_added_from_elsewhere_or_for_a_story(bot, question):
    reply = bot.ask(question)
    assert reply.answer.splitlines()[1] == "计算过程:"


@pytest.mark.parametrize("question, first, second", [
    ("晋中居民医保透析门特的起付线多少?要是去外地没办转诊,比例降多少?", "起付线 500 元 / 年", "异地未转诊人员支付比例降低 28%"),
    ("平阳在镇卫生院看门诊能报几成?一年门诊最多能报多少钱?", "报销比例为40%", "每人每年普通门诊最高支付800元"),
])
def test_two_looked_up_parameters_lead_together_in_the_order_asked(bot, question, first, second):
    head = bot.ask(question).answer.splitlines()[0]
    assert first in head and second in head and head.index(first) < head.index(second)


@pytest.mark.parametrize("question, first, second", [
    ("秦皇岛城乡居民医保一个人交多少钱?一年最多能报多少?", "个人缴费合计约150元", "每人每年基金最高支付限额15万元"),
    ("平阳居民医保个人一年交多少?住院起付线多少?", "个人缴费合计约210元", "起付线"),
])
def test_a_contribution_and_a_payout_asked_together_both_lead(bot, question, first, second):
    """Class 1: "交多少?最多能报多少?" - each part by its own route, both answers before the details,
    each second-part marker pointing at a citation that quotes it."""
    reply = bot.ask(question)
    lines = reply.answer.splitlines()
    assert reply.status == "answer" and first in lines[0] and second in lines[1]
    for n in (int(m) for m in __import__("re").findall(r"\[(\d+)\]", lines[1])):
        assert any(c.n == n for c in reply.citations)
    assert "计算过程:" in reply.answer


@pytest.mark.parametrize("question, amount", [
    ("孙女在汕头念中专,在学校里交医保的话个人交多少钱", 90),
    ("汕头的,我们两口子加上闺女在汕头读中专(学校统一交),这一年医保一共多少", 390),
    ("在平阳县,家里6口人,公公婆婆、我们两口子、大儿子上高中、小儿子是今年生的,医保全家要掏多少钱", 1050),
])
def test_households_with_vocational_students_and_a_newborn(bot, question, amount):
    """Class 2: 汕头's 大中专学生 rate covers 中专; 平阳's newborn of the birth year pays nothing."""
    assert bot.ask(question).calculation.amount == amount


def test_the_rates_reply_answers_the_other_part_too(bot):
    """Class 1: "一个人交多少,参保登记最晚拖到几号": the rates, then the deadline, each quoted once."""
    lines = bot.ask("汕头城乡居民医保一个人交多少,参保登记最晚拖到几号").answer.splitlines()
    assert "每人每年150元" in lines[0] and "现将参保登记时间延至" in lines[1]


def test_one_person_asked_per_head_is_not_a_household(bot):
    """"高档一个人多少钱?我家孩子上初中能交高档吗" asks the rates, not a computation for the child alone."""
    reply = bot.ask("潍坊居民医保高档一个人多少钱?我家孩子上初中能交高档吗")
    first = reply.answer.splitlines()[0]
    assert "高档每人每年390元" in first and "学生、儿童统一按低档缴费,享受高档待遇" in first
    assert reply.answer.count("学生、儿童统一按低档缴费") == 1


def test_a_change_asked_beside_a_parameter_is_answered_from_the_text(bot):
    """"最多报多少,比上一年提高了多少": the cap, then the sentence telling how it rose."""
    lines = bot.ask("安吉住院一年最多报多少,比上一年提高了多少").answer.splitlines()
    assert "28万元" in lines[0] and "2014年该限额提高到26万元" in lines[1]
