"""Class 7 (out of scope that mentions a place or a generic word) and class 9 (capability small talk)."""

import pytest

from bot.nlu.topics import off_topic_reason


@pytest.mark.parametrize("question, reason", [
    ("潍坊这两天下不下雨?出门要带伞不?", "everyday"),
    ("中山有啥好吃的早茶", "everyday"),
    ("重庆的股票怎么买", "everyday"),
    ("百万医疗险一年几百块,值不值得买?", "commercial_insurance"),
    ("重疾险怎么报销", "commercial_insurance"),
    ("交强险理赔要多久", "commercial_insurance"),
    ("感冒吃什么药", "medical_advice"),
    ("血压高怎么办", "medical_advice"),
])
def test_out_of_scope_even_with_a_place_or_a_generic_word(bot, question, reason):
    assert off_topic_reason(bot.analyse(question).norm) == reason
    r = bot.ask(question)
    assert r.status == "refuse" and r.intent == "out_of_scope"
    if reason == "medical_advice":
        assert "医生" in r.answer or "就诊" in r.answer


@pytest.mark.parametrize("question", ["大病保险怎么报销", "潍坊居民医保交多少", "异地就医怎么备案", "血压高吃药医保能报吗"])
def test_insurance_questions_stay_in_scope(bot, question):
    assert off_topic_reason(bot.analyse(question).norm) is None


@pytest.mark.parametrize("question", ["你都能回答些啥?", "你能帮我干啥", "你是干什么的"])
def test_capability_small_talk(bot, question):
    r = bot.ask(question)
    assert r.status == "answer" and r.intent == "chitchat"
    assert "交多少" in r.answer and "报多少" in r.answer


def test_rates_are_answered_without_an_ask_back(bot):
    """Class 6: no tier and nobody counted: the cited rates are the answer."""
    r = bot.ask("潍坊居民医保交多少")
    assert r.status == "answer"
    first = r.answer.split("\n")[0]
    assert "390元" in first and "260元" in first and r.citations


def test_no_needless_ask_back_when_no_figure_is_asked(bot):
    """Class 6: a question naming a place with rules but asking no amount is not asked for a tier."""
    r = bot.ask("在赵家街道中心卫生医院住院,晚上能回家睡吗")
    assert r.status == "answer" and r.clarify is None


def test_a_signature_line_is_not_the_answer(bot):
    r = bot.ask("赵家街道卫生院出院带药有天数限制吗")
    assert not r.answer.startswith("赵家街道中心卫生医院医保办")
