"""The intent corrections: money words that ask no money, and money questions the classifier misses."""

import pytest

from bot.nlu.routing import money_or_not
from bot.text.normalize import normalize


@pytest.mark.parametrize("intent, question, routed", [
    ("reimbursement", "赵家街道中心卫生医院出院能带几天的药", "policy_qa"),
    ("contribution", "潍坊城乡居民医保交满几年可以顶职工医保一年", "policy_qa"),
    ("contribution", "去年12月交了居民医保,今年1月住院能用上吗", "policy_qa"),
    ("policy_qa", "家里俩大人,还有个上大学的闺女,总共多少", "contribution"),
    ("contribution", "潍坊一家三口交高档多少钱", "contribution"),
    ("reimbursement", "住院花了2万能报多少", "reimbursement"),
])
def test_money_or_not(intent, question, routed):
    assert money_or_not(intent, 0.9, normalize(question)) == routed
