import pytest


@pytest.mark.parametrize("question", [
    "今天天气怎么样", "红烧肉怎么做", "三角洲行动账号被封了怎么解封", "海南海上风电项目最新消息",
    "帮我写一首诗", "营口哪家医院治疗耳聋好",
])
def test_out_of_domain_is_refused(bot, question):
    r = bot.ask(question)
    assert r.status == "refuse", r.answer
    assert r.citations == []


@pytest.mark.parametrize("question, place", [
    ("北京居民医保一年交多少钱", "北京"), ("深圳住院报销比例是多少", "深圳"), ("成都医保怎么交", "成都"),
    ("广州异地就医怎么备案", "广州"), ("西安灵活就业医保缴费标准", "西安"),
])
def test_places_absent_from_corpus_are_refused(bot, question, place):
    r = bot.ask(question)
    assert r.status == "refuse"
    assert place in r.answer and "潍坊市" in r.answer  # says what it lacks and what it covers
    assert r.calculation is None and r.citations == []


def test_year_absent_for_place_is_refused(bot):
    r = bot.ask("潍坊2024年居民医保交多少")
    assert r.status == "refuse" and "2021" in r.answer


def test_narrower_place_only_is_refused_with_suggestion(bot):
    r = bot.ask("温州居民医保住院报销比例")
    assert r.status == "refuse" and "平阳县" in r.answer


@pytest.mark.parametrize("question, status", [
    ("秦皇岛居民医保住院起付线多少钱", "refuse"),  # the text states a 150元 contribution and a cap, no deductible
    ("湖南居民大病保险原来的封顶线是多少钱?", "answer"),  # 湖南's Traditional text names 封頂線
])
def test_a_parameter_the_text_never_names_is_not_answered_by_another_number(bot, question, status):
    """Class 1 / faithfulness: "起付线是多少" is answered only by a sentence naming the 起付线."""
    assert bot.ask(question).status == status


@pytest.mark.parametrize("question, place", [
    # the 天津 text states the employees' rate for flexible workers only: no resident contribution
    ("天津城乡居民医保一个人一年交多少钱", "天津市"),
    # "有没有起付线" asks a figure too: the 东营 text states neither
    ("东营垦利区外伤住院,居民医保报销比例是多少,有没有起付线", "东营市"),
    # a national "保持在75%左右" is no 中山 rate; 石岐 is in 中山
    ("我在中山石岐选好社区门诊点了,在那边看普通门诊一次能报销百分之多少", "中山市"),
])
def test_a_figure_of_another_scheme_or_no_figure_is_no_answer(bot, question, place):
    reply = bot.ask(question)
    assert reply.status == "refuse" and f"关于{place}的文章没有写明" in reply.answer


def test_a_resident_scheme_figure_does_not_answer_for_employees(bot):
    """"秦皇岛职工医保…缴费比例": the 秦皇岛 text and rule file are about residents; nothing answers for employees."""
    reply = bot.ask("秦皇岛职工医保单位和个人缴费比例各是多少")
    assert reply.status == "refuse" and reply.calculation is None and "150元" not in reply.answer
