"""Sentence extraction: page formatting is not part of a fact (class 1)."""

import pytest


@pytest.mark.parametrize("text, stripped", [
    ("3.灵活就业人员个人可以按规定参加职工医保。", "灵活就业人员个人可以按规定参加职工医保。"),
    ("以下是详细解答: 1. 总体原则 江苏省异地就医的报销比例", "总体原则 江苏省异地就医的报销比例"),
    ("3.5万元以上的部分", None),
])
def test_page_numbering_and_intros_are_not_part_of_a_fact(text, stripped):
    """Class 1: a list number or "以下是详细解答:" is page formatting; "3.5万" is a number."""
    from bot.answer.extract import _LABEL

    m = _LABEL.match(text)
    assert (text[m.end():] if m else None) == stripped
