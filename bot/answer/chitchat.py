"""Replies to greetings, thanks and questions about the bot itself (fixed text, no policy content)."""

from __future__ import annotations

import re

from bot.answer.refusals import CAN_DO

SUGGESTIONS = ["潍坊居民医保一年交多少钱", "平阳县县级医院住院花了2万能报多少", "中山怎么选定点医院", "异地就医怎么备案"]

_THANKS = re.compile(r"谢|感谢|多谢|辛苦|thank", re.I)
_BYE = re.compile(r"再见|拜拜|回头|下次|改天|bye", re.I)
_WHO = re.compile(r"你是谁|你是什么|机器人|人工|智能|客服|你叫|能做什么|会什么|能干什么|功能|帮我什么|"
                  r"能回答|能问|回答些|回答什么|回答啥|问些|问啥|能帮|都会|会啥|能干啥|能做啥|干什么的|干啥的|怎么用你|有什么用")
CAPABILITIES = ("我能回答这些问题:\n1. 交多少:各地居民医保的缴费标准,一家人一共交多少;\n2. 报多少:住院、门诊的起付线、"
                "报销比例、封顶线,花了多少钱能报多少;\n3. 怎么办:参保登记、缴费渠道、定点选点、异地就医备案;\n"
                "每个回答都标明出处,资料里没有的地区或年份我会直接说不知道。")


_HELLO = re.compile(r"^(你好|您好|嗨|哈喽|hello|hi|在吗|在不在|早上好|晚上好|下午好|喂|好的|好|嗯|ok|明白|知道了|懂了|收到|哦)")


def is_small_talk(norm: str) -> bool:
    """Greeting, thanks, goodbye or a question about the bot itself."""
    return bool(_HELLO.search(norm) or _THANKS.search(norm) or _BYE.search(norm) or _WHO.search(norm))


def reply(norm: str) -> str:
    if _THANKS.search(norm):
        return "不客气!还有医保方面的问题可以随时问我。"
    if _BYE.search(norm):
        return "再见!有医保问题随时来问。"
    if _WHO.search(norm):
        return "我是医保智能问答助手,根据收录的各地医保政策文章回答问题。" + CAPABILITIES
    return "您好!我是医保智能问答助手。" + CAN_DO + "比如:" + ";".join(SUGGESTIONS[:2]) + "。"
