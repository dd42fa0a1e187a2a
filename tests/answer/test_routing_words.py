"""Questions that sound like money but ask something else, and money questions whose parts are of two
kinds (class 1 / class 6): each gets the answer it asks for."""

import pytest


@pytest.mark.parametrize("question, says", [
    # whether a payment already made works, and a count of years, are no contribution amounts
    ("我是潍坊的,去年12月20号交了居民医保,今年1月份住院这个医保能用上吗", "自2021年1月1日起享受待遇"),
    ("潍坊城乡居民医保交满几年可以顶职工医保一年", "每满5年视同职工医保缴费年限1年"),
    # a rate raised "1个百分点" is a stated amount: not refused as missing
    ("潍坊居民医保连续交几年报销比例能提高?提高多少", "提高1个百分点"),
    ("湖南现在做试管婴儿能走医保报销吗", "輔助生殖"),  # 试管婴儿 is the text's 辅助生殖
    ("家里老人用不来手机,潍坊的医保费能去哪儿当面交", "社保税务征收窗口"),
])
def test_the_asked_thing_leads(bot, question, says):
    reply = bot.ask(question)
    assert reply.status == "answer" and says in reply.answer.split("来源:")[0][:200]


def test_a_package_and_the_rates_asked_together_both_lead(bot):
    lines = bot.ask("重庆17年居民医保一档二档各交多少,普通门诊定额包干是多少钱").answer.splitlines()
    assert "一档:140元/人.年,二档:350元/人.年" in lines[0] and "普通门诊定额包干" in lines[1]


@pytest.mark.parametrize("question, says", [
    # no place named, but only one text speaks of it, and by far: that text answers, no ask-back
    ("补充医疗保险18岁以上的城镇居民一年交多少钱,在校学生又是多少", "18周岁以上城镇居民76.50元/人.年"),
    ("城乡居民补充医疗保险学生一年多少钱,大人呢", "31.50元/人.年"),
])
def test_a_question_only_one_text_speaks_of_is_answered_from_it(bot, question, says):
    reply = bot.ask(question)
    assert reply.status == "answer" and reply.calculation is None  # the basic scheme's rates do not answer
    assert says in reply.answer.splitlines()[0]


def test_a_generic_money_question_without_a_place_still_asks_for_it(bot):
    assert bot.ask("一家三口交多少").status == "clarify"


def test_a_yes_no_about_the_part_above_a_cap_is_answered_by_the_rule(bot):
    """"超过12万了,超出去那块还给不给报" asks the rule above the cap: no computation, no ask-back."""
    reply = bot.ask("平阳这边住院花的钱超过12万了,超出去那块还给不给报啊")
    assert reply.status == "answer" and "按照60%的比例给予报销" in reply.answer.splitlines()[0]


def test_a_count_of_days_is_no_money_question(bot):
    reply = bot.ask("赵家街道中心卫生医院出院能带几天的药")
    assert reply.status == "answer" and "急性病不得超过3日,慢性病不得超过7日" in reply.answer.splitlines()[0]


def test_a_household_total_is_a_contribution(bot):
    reply = bot.ask("秦皇岛 家里俩大人 还有个在秦皇岛上大学的闺女 学校代收的 总共多少")
    assert reply.status == "answer" and reply.calculation.amount == 450


@pytest.mark.parametrize("question, rule", [
    ("潍坊过了集中缴费期还能交吗,要交多少", "需补缴当年个人缴费和财政补助标准之和,有3个月的待遇享受等待期"),
    ("重庆居民医保7月以后才交要交多少", "承担个人缴费+财政补助标准"),
])
def test_paying_late_without_a_tier_gets_the_late_rule_first(bot, question, rule):
    reply = bot.ask(question)
    assert reply.status == "answer" and rule in reply.answer.splitlines()[0]
    assert "不需个人缴纳" not in reply.answer


def test_the_price_first_then_the_late_rule_when_late_is_asked_apart(bot):
    """"一档多少钱?要是过了7月份再交还是这个价吗?": the 140 first, the late rule right under it."""
    reply = bot.ask("重庆2017年居民医保一档多少钱?要是过了7月份再交还是这个价吗?")
    lines = reply.answer.splitlines()
    assert reply.calculation.amount == 140 and "承担个人缴费+财政补助标准" in lines[1]
