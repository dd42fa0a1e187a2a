import pytest

from bot.text.normalize import is_traditional, normalize


@pytest.mark.parametrize("term", [
    "起付线", "报销比例", "异地就医", "门诊统筹", "大病保险", "灵活就业人员", "缴费基数", "最高支付限额",
    "城乡居民医保", "医保电子凭证", "医疗救助", "特困人员", "定点医院", "待遇等待期",
])
def test_domain_terms_stay_whole(tokenizer, term):
    raw = tokenizer.segment(f"请问{term}是什么")
    assert term in raw, raw


@pytest.mark.parametrize("simplified, traditional", [
    ("潍坊居民医保高档一家三口交多少", "濰坊居民醫保高檔一家三口交多少"),
    ("灵活就业人员可以在哪里参保", "靈活就業人員可以在哪裡參保"),
    ("新生儿医保怎么办理", "新生兒醫保怎麼辦理"),
])
def test_traditional_and_simplified_give_same_tokens(tokenizer, simplified, traditional):
    assert is_traditional(traditional) and not is_traditional(simplified)
    assert tokenizer.tokens(simplified) == tokenizer.tokens(traditional)


@pytest.mark.parametrize("a, b", [
    ("医疗保险怎么交", "医保怎么缴"),
    ("新农合报账", "合作医疗报销"),
    ("住院的钱", "住院治疗的费用"),
    ("小孩参保", "未成年人参保"),
])
def test_synonyms_meet(tokenizer, a, b):
    assert set(tokenizer.tokens(a)) & set(tokenizer.tokens(b)) >= {tokenizer.tokens(b)[0]}
    assert set(tokenizer.tokens(a)) == set(tokenizer.tokens(b))


def test_narrow_term_also_matches_broader(tokenizer):
    assert "学生" in tokenizer.tokens("大学生参保")
    assert "大学生" not in tokenizer.tokens("中小学生参保")


def test_numbers_are_not_glued_to_words(tokenizer):
    toks = tokenizer.tokens("县医院住院花了2万能报多少")
    assert "2万" in toks and "万能" not in toks


def test_normalize_full_width_and_case():
    assert normalize("ＡＢＣ１２３") == "abc123"


def test_stopwords_removed(tokenizer):
    assert "的" not in tokenizer.tokens("潍坊的医保")
