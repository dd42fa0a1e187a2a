"""Class 3 (rules the calculator did not know): fixed packages with a fund share, 定额 packages, per-person
包干, several bills in one year under one deductible or one per stay, long-term residents treated as local."""

import pytest


@pytest.mark.parametrize("question, amount", [
    ("平阳县做老年性白内障手术,一只眼,医保基金出多少?", 1440),      # 1800 × 80%
    ("平阳县白内障两只眼都做了,医保出多少", 2880),                  # 1800 × 2 × 80%
    ("在平阳生孩子住院,医保给报多少?", 800),                        # 定额包干 800
    ("在赵家街道中心卫生医院顺产,合作医疗补多少钱", 200),            # 每例 200
    ("安吉县生孩子能补多少", 800),                                  # 定额补偿 800
    ("重庆一家三口普通门诊定额包干一共多少", 240),                  # 80元/人 × 3
    ("晋中居民医保,我在三级医院做透析,上半年政策内花了1.2万,下半年又花了1.8万,全年加起来能报多少?", 19175),
    ("平阳县县级医院住了两次院,一次8000一次1.2万,能报多少", 12740),  # (20000 − 900 × 2) × 70%
    ("晋中居民医保,办了长期异地居住,在外地三级医院做透析花了2万,能报多少?", 12675),  # no reduction
    ("平阳县县级医院住院花了15万能报多少", 101370),                 # (120000 − 900) × 70% + 30000 × 60%
])
def test_rules_the_calculator_knows(bot, question, amount):
    r = bot.ask(question)
    assert r.status == "answer" and r.calculation is not None, r.answer
    assert r.calculation.amount == amount, r.answer
    assert all(s.citation for s in r.calculation.steps if "标准" in s.label or "比例" in s.label)


def test_package_reply_states_the_amount_first(bot):
    r = bot.ask("平阳县白内障一只眼医保出多少")
    assert "1440元" in r.answer.split("\n")[0]
    assert "1800元/次(单侧)" in " ".join(c.quote for c in r.citations)
