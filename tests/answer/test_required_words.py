"""Class 7 / faithfulness: a question about a topic no article speaks of (losing the card, its password,
taking cash out, vaccines, office hours…) is refused as "not in the texts", never answered with the
nearest unrelated page text; where a top passage does speak of it, that sentence answers."""

import pytest

from bot.answer.required_words import TOPICS, unanswered_topic


@pytest.mark.parametrize("question, topic", [
    ("潍坊医保卡丢了怎么补办", "医保卡(社保卡)丢失和补办"),
    ("医保个人账户里的钱能取出来吗", "个人账户取现"),
    ("中山医保局几点上班", "办事时间"),
    ("医保卡密码忘了怎么办", "医保卡密码"),
    ("种植牙医保能报吗", "这类诊疗项目"),
    ("潍坊医保局电话是多少", "联系电话"),  # the 潍坊 text names a 咨询热线 but gives no number
    ("住院请护工的钱医保给不给报?", "护工、陪护费用"),
])
def test_topics_no_article_speaks_of_are_refused(bot, question, topic):
    reply = bot.ask(question)
    assert reply.status == "refuse" and reply.citations == []
    assert topic in reply.answer and "不能拿不相关的内容凑答案" in reply.answer


@pytest.mark.parametrize("question, says", [
    ("盐山县城乡居民医保经办机构在哪,电话多少", "6092929"),
    ("茂名异地就医备案打哪个电话", "0668-3386959"),
    ("湖南职工医保个人账户里的钱能给家里人用吗", "共濟"),
    ("东营外伤报销要村委会开证明吗", "所在村、居委会开具的证明"),
    ("我今年4月份才去盐山补办居民医保,要多久以后才能报销?", "90日"),  # 补办 参保, not the card
    ("平阳的合作医疗卡弄丢了,要去哪补办?", "请就近银行办理社会保障·市民卡"),  # the text says 遗失
    ("平阳医保卡丢了咋办", "请就近银行办理社会保障·市民卡"),
])
def test_topics_the_texts_do_speak_of_are_answered(bot, question, says):
    reply = bot.ask(question)
    assert reply.status == "answer" and says in reply.answer.split("来源:")[0]


def test_a_second_part_the_texts_do_not_answer_gets_a_word_not_a_refusal(bot):
    reply = bot.ask("天津医保中断了的话能补缴吗,要开证明吗")
    assert reply.status == "answer" and "补缴" in reply.answer.splitlines()[0]
    assert "没有讲到打印证明" in reply.answer


@pytest.mark.parametrize("question", ["潍坊生孩子的生育津贴怎么算?能领多少钱", "医保卡密码忘了,咋弄"])
def test_a_short_follow_on_part_asks_about_the_same_missing_topic(bot, question):
    """"能领多少钱" names nothing of its own: the whole message is about the topic, so it is refused."""
    reply = bot.ask(question)
    assert reply.status == "refuse" and reply.citations == []


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.name)
def test_every_topic_is_answered_by_a_text_that_speaks_of_it(topic):
    """A row is words, not an answer: a text with the topic's evidence word answers it."""
    words = {"医保卡(社保卡)丢失和补办": "补办医保卡", "医保卡密码": "密码", "个人账户取现": "取现",
             "疫苗接种": "疫苗", "办事时间": "上班时间", "生育津贴": "生育津贴", "这类诊疗项目": "种植牙",
             "医保卡借给他人使用": "借给", "联系电话": "电话", "打印证明": "打印", "撤销或注销": "撤销",
             "用医保买这类商品": "保健品", "医保与买房、贷款、积分": "贷款", "护工、陪护费用": "护工",
             "个税大病医疗扣除": "个税"}
    asked = words[topic.name]
    assert unanswered_topic(asked, ["这段文字与此无关。"]) == topic
    said = "电话:6092929。" if topic.name == "联系电话" else f"关于{asked}的规定如下。"
    assert unanswered_topic(asked, [said]) is None
