"""mask_pii: personal numbers and e-mail never survive; amounts, years and ordinary text do."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.pii import mask_pii

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"

chinese = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=12)
filler = st.sampled_from(["", "，", "。", " ", "我的", "请问", "是"])


def id18(region: int, birth: dt.date, seq: int) -> str:
    body = f"{region:06d}{birth:%Y%m%d}{seq:03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


ids18 = st.builds(id18, st.integers(110000, 659999), st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)),
                  st.integers(0, 999))
ids15 = st.builds(lambda r, b, s: f"{r:06d}{b:%y%m%d}{s:03d}", st.integers(110000, 659999),
                  st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)), st.integers(0, 999))
mobiles = st.builds(lambda a, b, c, sep: f"1{a}{b}{sep}{c // 10000:04d}{sep}{c % 10000:04d}",
                    st.sampled_from("3456789"), st.integers(0, 9), st.integers(0, 99_999_999),
                    st.sampled_from(["", " ", "-"]))
landlines = st.builds(lambda area, local, dash: f"0{area}{dash}{local}", st.integers(10, 999),
                      st.integers(2_000_000, 9_999_999) | st.integers(20_000_000, 99_999_999), st.sampled_from(["", "-"]))
bank_cards = st.builds(lambda n: str(n), st.integers(10**15, 10**19 - 1))
emails = st.builds(lambda u, d: f"{u}@{d}.com", st.from_regex(r"[a-z][a-z0-9._]{0,10}", fullmatch=True),
                   st.from_regex(r"[a-z0-9]{1,10}", fullmatch=True))
insurance = st.builds(lambda kw, n: f"{kw}{n}", st.sampled_from(["医保卡号", "社保卡号:", "社会保障卡号 ", "参保编号是"]),
                      st.from_regex(r"[A-Z]?[0-9]{6,12}", fullmatch=True))
secrets = st.one_of(ids18, ids15, mobiles, landlines, bank_cards, emails)


def digits_of(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


@settings(max_examples=300, deadline=None, derandomize=True)
@given(before=chinese, secret=secrets, sep1=filler, sep2=filler, after=chinese)
def test_personal_numbers_never_survive(before, secret, sep1, sep2, after):
    masked = mask_pii(f"{before}{sep1}{secret}{sep2}{after}")
    assert secret not in masked
    assert not digits_of(masked)  # the text around holds no digits, so none may be left
    assert "@" not in masked


@settings(max_examples=200, deadline=None, derandomize=True)
@given(before=chinese, card=insurance, after=chinese)
def test_insurance_card_numbers_after_their_name_are_masked(before, card, after):
    number = card.lstrip("医保社会障卡号参编是: ")
    assert number not in mask_pii(f"{before}{card}。{after}")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises_and_masking_is_idempotent(text):
    once = mask_pii(text)
    assert isinstance(once, str)
    assert mask_pii(once) == once


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",), blacklist_characters="@＠"), max_size=80))
def test_text_without_digits_or_at_sign_is_unchanged(text):
    assert mask_pii(text) == text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(amount=st.integers(0, 9_999_999), unit=st.sampled_from(["元", "块", "万", "万元", ""]),
       year=st.integers(1990, 2030), place=st.sampled_from(["潍坊", "平阳县", "中山市"]))
def test_amounts_years_and_the_hotline_are_kept(amount, unit, year, place):
    text = f"{place}{year}年住院花了{amount}{unit}能报多少,打12393问过"
    assert mask_pii(text) == text


@pytest.mark.parametrize("text, expected", [
    ("我身份证号110101199003071234,住院花了2万能报多少", "我身份证号[身份证号],住院花了2万能报多少"),
    ("身份证11010119900307123X", "身份证[身份证号]"),
    ("手机 138-1234-5678 谢谢", "手机 [手机号] 谢谢"),
    ("１３８１２３４５６７８", "[手机号]"),
    ("+86 13812345678", "[手机号]"),
    ("电话0577-88881234", "电话[电话号码]"),
    ("400-123-4567", "[电话号码]"),
    ("社保卡号A12345678", "社保卡号[医保卡号]"),
    ("医保卡号 1234 5678 2万", "医保卡号 [医保卡号] 2万"),
    ("6222 0212 3456 7890", "[银行卡号]"),
    ("ａｂｃ＠ｑｑ．ｃｏｍ谢谢", "[邮箱]谢谢"),
    ("拨打12393咨询", "拨打12393咨询"),
])
def test_examples(text, expected):
    assert mask_pii(text) == expected


def test_context_history_and_pending_question_are_masked(bot):
    reply = bot.ask("我手机13812345678,身份证110101199003071234,住院能报多少")
    data = reply.context["data"]
    pending = data.get("pending") or {}
    echoed = " ".join([*data["history"], *data.get("thread", []), pending.get("question", ""),
                       *pending.get("thread", [])])
    assert "13812345678" not in echoed and "110101199003071234" not in echoed
    assert "[手机号]" in echoed and "[身份证号]" in echoed
    follow = bot.ask("那门诊呢", {"history": ["邮箱a.b@qq.com 住院报销比例"]})
    assert "a.b@qq.com" not in str(follow.context)
