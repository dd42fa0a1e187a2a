"""Class 1: a computed contribution whose question names how the money is paid gets the place's sentence
that states the same rate in those words, right under the headline."""

import pytest


@pytest.mark.parametrize("question, amount", [
    ("汕头的,我们家五口人都要交居民医保,银行卡里得预存多少钱?", 750),
    ("汕头居民医保是银行扣款的,卡里要存多少钱才够扣一个人的", 150),
])
def test_the_text_s_words_on_paying_follow_the_headline(bot, question, amount):
    reply = bot.ask(question)
    lines = reply.answer.splitlines()
    assert reply.calculation.amount == amount and "按150元/人的新标准预存足额金额" in lines[1]
    n = int(lines[1].rsplit("[", 1)[1].rstrip("]"))
    assert next(c for c in reply.citations if c.n == n).region.endswith("汕头市")


def test_nothing_is_added_when_the_question_names_no_way_of_paying(bot):
    lines = bot.ask("潍坊一家三口交高档多少").answer.splitlines()
    assert lines[1] == "计算过程:"
