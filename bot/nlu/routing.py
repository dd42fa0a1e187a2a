"""Intent corrections the classifier's words cannot see: a bill asked about is a reimbursement, a household's
total a contribution; a phone number, a procedure, a count of days or years, or whether a payment works is
no money question."""

from __future__ import annotations

import re

from bot.nlu.household import extract_people

MONEY = ("contribution", "reimbursement")
_ASKS_PROCEDURE = re.compile(r"电话|地址|在哪|多长时间内|多久内|多少天内|几天内|什么时候之前|期限|去哪|哪里办|带什么|带啥|带些啥|带哪些|拿哪些|拿什么|拿啥|准备哪些|准备什么|哪些东西|啥东西|什么东西|材料|证件|手续|流程|步骤|怎么办理|小程序|公众号|叫啥|叫什么|"
                             r"(怎么|咋|如何|怎样)(交|缴)(费|钱|纳)?(?=[??,,。呢啊吧]|$)|用什么交|在哪交|去哪交|(怎么|咋|如何)(办|弄|操作)")
_BILL_ASKED = re.compile(r"(?:花了|结算|费用|医药费|住院费)[^,。,;?]{0,4}\d[\d.]*\s*[万千元块].*(?:报多少|出多少|掏多少|付多少|自付多少|能报)")
_ELIGIBILITY = re.compile(r"能(再)?(参加|参保|交)[^,。,;??]{0,8}(不|吗)|能不能(再)?(参加|参保)|可以(再)?(参加|参保)|可不可以(参加|参保)|还能参加|还用参加|要不要参加")
# "交了…今年住院能用上吗", "交满几年可以顶职工医保一年": whether it works, or a count of years, not an amount
_USE_OR_COUNT = re.compile(r"(能|可以)?(用上|用得上|能用|管用|生效|享受待遇)[^,。,;??]{0,2}(吗|不|没)|(满|交|缴)?(几|多少)年")
# "出院能带几天的药", "一个月能换几回": a count of days or times, not an amount of money
_COUNT_ASKED = re.compile(r"(几|多少)(天|日|次|回|个月)")
_TOTAL_ASKED = re.compile(r"(一共|总共|合计|全家|加起来)[^,。,;??]{0,8}(多少|几)")
_ANY_AMOUNT = re.compile(r"多少|几|钱|元|块|档|标准|费用")
_ASKS_MONEY = re.compile(r"多少钱|交多少|缴多少|报多少|能报|补多少|能补|出多少|掏多少|付多少|花了|费用\d|\d+\s*[万元块]")


def money_or_not(intent: str, confidence: float, norm: str) -> str:
    """The intent after the corrections above (`norm`: the normalised question)."""
    if intent == "policy_qa" and confidence < 0.6 and _BILL_ASKED.search(norm):
        intent = "reimbursement"  # "限价内结算8万,我们家自己要出多少": a bill and what is paid of it
    if intent == "policy_qa" and _TOTAL_ASKED.search(norm) and (extract_people(norm).total or 0) > 1:
        intent = "contribution"  # "家里俩大人,还有个上大学的闺女…总共多少": a household's total
    if intent in MONEY and (_ASKS_PROCEDURE.search(norm) or _COUNT_ASKED.search(norm)) \
            and not _ASKS_MONEY.search(norm):
        intent = "policy_qa"  # "电话是多少", "要带些啥": a procedure, not an amount
    if intent == "contribution" and (_ELIGIBILITY.search(norm) or _USE_OR_COUNT.search(norm)) \
            and not _ANY_AMOUNT.search(_USE_OR_COUNT.sub("", norm)):
        intent = "policy_qa"  # "交了职工医保,还能再参加居民医保不": who may join, not how much
    return intent
