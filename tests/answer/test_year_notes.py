"""Class 5 / faithfulness: a year the question names that is not the rule file's year. Where the place's
text states that year's own figure, it leads the reply (a 2021 standard is not presented as 2020's);
otherwise the reply says the story's year is not the rule's."""

import pytest


@pytest.mark.parametrize("question", [
    "江医保发[2020]40号通知说的那个镇,我家孩子外地户口,2020年9月转学过来读初中,新入学那年居民医保和补充医保一共交多少",
    "孩子2020年9月刚去县里上高中,是市外户籍,江医保发[2020]40号说新生可以参保,当年的基本医保加补充医保一共交多少",
])
def test_the_text_s_own_figure_for_the_year_leads(bot, question):
    reply = bot.ask(question)
    first = reply.answer.splitlines()[0]
    assert first.startswith("原文写明了2020年的标准:") and "83元/人" in first and "11元/人" in first
    n = int(first.rsplit("[", 1)[1].rstrip("]"))
    assert "83元/人" in next(c for c in reply.citations if c.n == n).quote


def test_a_story_year_without_its_own_figure_gets_the_note(bot):
    reply = bot.ask("我妈去年在平阳县医院住院花了2万能报多少")
    lines = reply.answer.splitlines()
    assert lines[0].startswith("按平阳县(2019年)的规定估算") and lines[1].startswith("说明:您说的是")
