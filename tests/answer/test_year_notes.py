"""Class 5 / faithfulness: a year the question names that is not the rule file's year. Where the place's
text states that year's own figure, it leads the reply (a 2021 standard is not presented as 2020's);
otherwise the reply says the story's year is not the rule's."""

import pytest


@pytest.mark.parametrize("question", [
    "江医保发[2020]40号通知说的那个镇,我家孩子外地户口,2020年9月转学过来读初中,新入学那年居民医保和补充医保一共交多少",
    "孩子2020年9月刚去县里上高中,是市外户籍,江医保发[2020]40号说新生可以参保,当年的基本医保加补充医保一共交多少",
])
def test_the_year_s_own_figures_are_added_up(bot, question):
    """A total asked for the year the text states its own figures for: those figures, added up, each step
    citing the sentence; the standing rule of another year does not answer it."""
    reply = bot.ask(question)
    assert reply.calculation.amount == 94 and reply.calculation.year == 2020
    assert reply.answer.startswith("按原文写明的2020年标准,每人合计约94元(83 + 11)")
    assert [c.n for c in reply.citations] == [1] and "83元/人" in reply.citations[0].quote
    assert all(st.citation in (1, None) for st in reply.calculation.steps)


def test_the_year_s_own_figure_leads_when_no_total_is_asked(bot):
    reply = bot.ask("江医保发[2020]40号那个通知,2020年秋季新入学的外地户籍学生,居民医保交多少")
    first = reply.answer.splitlines()[0]
    assert first.startswith("原文写明了2020年的标准:") and "83元/人" in first


def test_a_story_year_without_its_own_figure_gets_the_note(bot):
    reply = bot.ask("我妈去年在平阳县医院住院花了2万能报多少")
    lines = reply.answer.splitlines()
    assert lines[0].startswith("按平阳县(2019年)的规定估算") and lines[1].startswith("说明:您说的是")


def test_a_document_number_is_no_year_asked(bot):
    """"江医保发2020年40号文件说的…": the 2020 is the notice's number; its document answers (建档立卡: 0)."""
    reply = bot.ask("江医保发2020年40号文件说的居民医保,我家四个人都是建档立卡贫困户,要自己交多少")
    assert reply.status == "answer" and reply.calculation.amount == 0 and reply.calculation.region == "某镇"


def test_a_late_enrolment_story_finds_the_mid_year_rule(bot):
    reply = bot.ask("我2016年5月份才在盐山办的居民医保,交了钱马上就能报销吗")
    assert "年度中途参保的居民" in reply.answer.splitlines()[0]
