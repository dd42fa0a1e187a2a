"""Class 1: a two-part question whose first part is computed gets its second part too, from the same place."""

import pytest


@pytest.mark.parametrize("question, amount, second", [
    ("平阳县居民医保一年个人交多少钱?大学毕业回来中途参保怎么办?", 210, "可以在3个月内办理参保缴费手续"),
    ("平阳县的,2019年刚生了娃,我和老公加上宝宝都参加居民医保,宝宝当年要交钱吗?我们一共交多少?", 420,
     "不需缴纳医保费即可享受当年"),
])
def test_the_other_part_follows_the_headline(bot, question, amount, second):
    reply = bot.ask(question)
    lines = reply.answer.splitlines()
    assert reply.calculation.amount == amount and second in lines[1]
    n = int(lines[1].rsplit("[", 1)[1].rstrip("]"))
    cited = next(c for c in reply.citations if c.n == n)
    assert second in cited.quote and cited.region.endswith("平阳县")


@pytest.mark.parametrize("question", [
    "平阳县在县医院住院花了2万能报多少?住院期间晚上能回家住吗?",  # only 重庆's text says so: nothing added
    "我二档,在赵家街道中心卫生院住了几天,医药费8000,报下来多少钱",  # "住了几天" is a story, not a question
])
def test_nothing_is_added_from_elsewhere_or_for_a_story(bot, question):
    reply = bot.ask(question)
    assert reply.answer.splitlines()[1] == "计算过程:"
