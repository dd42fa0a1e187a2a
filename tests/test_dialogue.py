"""Clarify -> follow-up with context; signed context; tampered context refused."""

import pytest

from bot.core.errors import InvalidContext


def test_missing_place_is_asked(bot):
    r = bot.ask("一家三口居民医保一年交多少钱")
    assert r.status == "clarify" and r.clarify.slot == "region"
    assert "潍坊市" in r.clarify.options and "平阳县" in r.clarify.options


def test_clarify_place_then_tier_then_answer(bot):
    r1 = bot.ask("一家三口居民医保一年交多少钱")
    r2 = bot.ask("潍坊", r1.context)
    assert r2.status == "clarify" and r2.clarify.slot == "tier"
    r3 = bot.ask("高档", r2.context)
    assert r3.status == "answer" and r3.calculation.amount == 1170


def test_level_then_amount_follow_ups(bot):
    r1 = bot.ask("平阳县住院能报多少")
    assert r1.status == "clarify" and r1.clarify.slot == "level"
    assert r1.clarify.options == ["镇乡卫生院", "县内县级医院", "县外市内医院", "市外医院"]
    r2 = bot.ask("县内县级医院", r1.context)
    # no bill yet: the level's own deductible and ratio come first, then the bill is asked for
    assert r2.status == "clarify" and r2.clarify.slot == "amount"
    assert r2.answer.index("900") < r2.answer.index("总费用") and "70%" in r2.answer
    r3 = bot.ask("两万", r2.context)
    assert r3.status == "answer" and r3.calculation.amount == 13370
    assert r3.calculation.region == "平阳县" and r3.calculation.year == 2019


def test_unsigned_history_context(bot):
    r = bot.ask("县级医院", {"history": ["平阳县住院花了2万能报多少"]})
    assert r.status == "answer" and r.calculation.amount == 13370


def test_new_full_question_is_not_merged(bot):
    r1 = bot.ask("平阳县住院能报多少")
    r2 = bot.ask("中山怎么选定点医院", r1.context)
    assert r2.status == "answer" and "中山" in r2.answer


@pytest.mark.parametrize("mutate", [
    lambda c: c["data"].update(history=["北京医保交多少"]),
    lambda c: c.update(sig="0" * 64),
    lambda c: c.update(v=99),
    lambda c: c.update(data="x"),
])
def test_tampered_context_is_refused(bot, mutate):
    ctx = bot.ask("平阳县住院能报多少").context
    mutate(ctx)
    with pytest.raises(InvalidContext):
        bot.ask("县级医院", ctx)


def test_unsigned_context_with_other_keys_is_refused(bot):
    with pytest.raises(InvalidContext):
        bot.ask("县级医院", {"pending": {"question": "x"}})


def _converse(bot, *messages):
    context = None
    for m in messages:
        reply = bot.ask(m, context)
        context = reply.context
    return reply


@pytest.mark.parametrize("messages, amount", [
    (("平阳县乡镇卫生院住院花了2万能报多少", "换成县级医院呢"), 13370),
    (("平阳县县级医院住院花了2万能报多少", "如果是5万呢"), 34370),
    (("平阳县县级医院住院花了5万能报多少", "那1万呢"), 6370),
    (("重庆一级医院住院,我交的一档,花了5000块,能补多少", "那二档呢"), 4165),
    (("潍坊居民医保一家三口交高档多少钱", "那低档呢"), 780),
    (("潍坊居民医保一家三口交高档多少钱", "那低档呢", "那五口人呢"), 1300),
    (("一家三口交多少", "潍坊的", "都交高档", "加上我爸妈呢"), 1950),
    (("重庆2017年度居民医保交一档一个人多少钱?我们家三口人", "那加上我爸妈呢?一共五个人"), 700),
    (("宁波上初中的孩子医保个人交多少", "那两个孩子呢?"), 580),
    (("南京居民医保在社区医院看门诊花了800能报多少", "要是去的不是社区医院呢"), 240),
    (("平阳县镇卫生院住院,政策范围内花了1万能报多少", "换成县内的县级医院呢"), 6370),
    (("我爸在晋中参的居民医保,一直在做透析", "在市里的三级医院做,今年政策内花了4万,医保能报多少?"), 25675),
    # the place named last is the one meant when the ask-back is answered
    (("秦皇岛一家三口交多少", "那潍坊呢", "交高档"), 1170),
    # a longer follow-up that names the conversation's own place still continues it
    (("汕头居民医保我一个人交多少", "再加上我儿子呢,他在汕头读大专,在学校交"), 240),
])
def test_followups_that_change_a_slot_recompute(bot, messages, amount):
    """Class 4: a follow-up that changes tier, level, amount or people recomputes and keeps the rest."""
    reply = _converse(bot, *messages)
    assert reply.status == "answer" and reply.calculation.amount == amount, reply.answer


def test_long_answer_to_a_clarify_question_completes_it(bot):
    """Class 4: "平阳县的城乡居民医保,2019年,在县医院住的" answers the place question and keeps the bill."""
    reply = _converse(bot, "我住院花了3万,医保能报多少?", "平阳县的城乡居民医保,2019年,在县医院住的")
    assert reply.status == "answer" and reply.calculation.amount == 20370


def test_a_new_question_after_a_place_clarify_is_not_merged(bot):
    reply = _converse(bot, "一家三口居民医保一年交多少钱", "中山怎么选定点医院")
    assert reply.status == "answer" and reply.calculation is None and "选点" in reply.answer


def test_added_people_in_a_longer_followup(bot):
    reply = _converse(bot, "潍坊2021年居民医保,我和爱人都交高档,孩子上初中,一家三口多少钱?", "再加上我爸妈呢,他们也交高档")
    assert reply.status == "answer" and reply.calculation.amount == 1820


def test_a_new_question_keeps_the_conversation_place(bot):
    reply = _converse(bot, "秦皇岛居民医保几月份交", "一家三口一年交多少钱?")
    assert reply.status == "answer" and reply.calculation.region == "秦皇岛市" and reply.calculation.amount == 450


def test_a_followup_that_says_who_a_member_is_keeps_the_household(bot):
    """Class 4: "孩子在上小学呢" after "我们家三口人…都交高档" makes one of the three a pupil (低档), not a
    household of one."""
    reply = _converse(bot, "我们家三口人在潍坊,都交高档要多少钱?", "孩子在上小学呢,那这样算一共多少?")
    assert reply.status == "answer" and reply.calculation.amount == 1040


def test_a_place_question_is_answered_from_the_place_s_own_text(bot):
    """Class 4 and 8: after "中山门诊选点怎么弄", "我妈不会用手机咋办" is answered from 中山's text (the
    counter for older people), not from a national document that happens to score higher."""
    reply = _converse(bot, "中山门诊选点怎么弄?", "我妈七十多了,不会用手机,咋办?")
    assert reply.status == "answer" and "不擅长手机操作的长者" in reply.answer


def test_a_tier_stated_earlier_in_the_conversation_is_used(bot):
    """Class 4 (judge round 6): "居民医保交的二档" then a bill question: computed at 二档, not asked again."""
    first = bot.ask("我在重庆开州赵家街道,居民医保交的二档")
    reply = bot.ask("在街道卫生院住院花了1万,能报多少", first.context)
    assert reply.status == "answer" and reply.calculation.amount == 8415  # (10000 − 100) × 85%


def test_a_level_the_place_s_text_never_names_is_said_not_replaced(bot):
    """Class 4 / faithfulness: 重庆's text states its 一级 rule only; "那三级医院呢" is told so, not given the
    一级 figures again; a 卫生院 (the 一级 facility) is still computed."""
    reply = _converse(bot, "重庆一级医院住院5000能报多少", "二档", "那三级医院呢")
    assert reply.status == "refuse" and reply.calculation is None
    assert "只写了一级定点医疗机构的住院报销标准" in reply.answer and "三级" in reply.answer
    assert bot.ask("赵家街道卫生院住院花了5000,二档,能报多少").calculation.amount == 4165


def test_a_followup_naming_another_channel_gets_that_channel(bot):
    """Class 4: "那我不想在网上弄,线下去哪儿办" after the phone steps gets the counter's steps."""
    reply = _converse(bot, "中山选点在手机上怎么弄", "那我不想在网上弄,线下去哪儿办")
    assert reply.answer.splitlines()[0] == "线下办理方式"


def test_a_member_who_pays_along_is_added(bot):
    """Class 4: "孙子读小学也跟着一起交,总共多少" adds the grandson to the couple asked about before."""
    reply = _converse(bot, "潍坊我和老伴交高档要多少", "孙子读小学也跟着一起交,总共多少")
    assert reply.calculation.amount == 1040
