"""Replies to greetings, thanks and questions about the bot itself (fixed text, no policy content)."""

from __future__ import annotations

import re

from bot.answer.refusals import CAN_DO

SUGGESTIONS = ["潍坊居民医保一年交多少钱", "平阳县县级医院住院花了2万能报多少", "中山怎么选定点医院", "异地就医怎么备案"]

_THANKS = re.compile(r"谢|感谢|多谢|辛苦|麻烦你了|麻烦了|thank", re.I)
_BYE = re.compile(r"再见|拜拜|回头|下次|改天|bye", re.I)
_WHO = re.compile(r"你是谁|你是什么|机器人|人工|智能|客服|你叫|能做什么|会什么|能干什么|功能|帮我什么|"
                  r"能回答|能问|回答些|回答什么|回答啥|问些|问啥|能帮|都会|会啥|能干啥|能做啥|干什么的|干啥的|怎么用你|有什么用|"
                  r"哪些地方|哪些城市|哪些地区|哪几个地方|能查|帮我算|能算|你会算报销|你会算吗|你懂医保|你懂吗|你了解医保|教教我吗|能教教我|语音|说话")
_PLACES_Q = re.compile(r"哪些地方|哪些城市|哪些地区|哪几个地方|哪些省|什么地方的")
_PRAISE = re.compile(r"哈哈|嘿嘿|厉害|真棒|太棒|不错|好用|真好|牛|赞|聪明|靠谱")
# The whole message is small talk: a greeting, thanks, praise, goodbye or a bare "我想问问医保的事".
_PURE = re.compile(r"[,,!!。.~ ]*(你好|您好|嗨|哈喽|hello|hi|在吗|在不在|早上好|晚上好|下午好|喂)?[,,!!。.~ 啊呀]*"
                   r"((我)?(想|要)?(问问|问一下|咨询|咨询一下|请教|打听)(一下)?(医保|社保)?(的)?(事|事情|问题|情况)?"
                   r"|(你)?(真|太|好)?(棒|厉害|不错|好用|聪明|牛)(了|啊|呀)?|哈哈+|嘿嘿+)?[,,!!。.~ 啊呀吧??]*", re.I)
CAPABILITIES = ("我能回答这些问题:\n1. 交多少:各地居民医保的缴费标准,一家人一共交多少;\n2. 报多少:住院、门诊的起付线、"
                "报销比例、封顶线,花了多少钱能报多少;\n3. 怎么办:参保登记、缴费渠道、定点选点、异地就医备案;\n"
                "每个回答都标明出处,资料里没有的地区或年份我会直接说不知道。")


_HELLO = re.compile(r"^(你好|您好|你们好|大家好|嗨|哈喽|hello|hi|在吗|在不在|有人吗|有人在吗|有没有人|早上好|晚上好|下午好|喂|"
                    r"好的|好|嗯|ok|明白|知道了|懂了|收到|哦|问你个事|问个事|打扰(一下|了))")


def is_small_talk(norm: str) -> bool:
    """Greeting, thanks, praise, goodbye or a question about the bot itself."""
    return bool(_HELLO.search(norm) or _THANKS.search(norm) or _BYE.search(norm) or _WHO.search(norm)
                or _PRAISE.search(norm))


def is_pure_small_talk(norm: str) -> bool:
    """Nothing but small talk ("你好,我想问问医保的事", "哈哈", "你真棒"): no question to look up."""
    return bool(norm.strip()) and bool(_PURE.fullmatch(norm.strip()))


def asks_about_bot(norm: str) -> bool:
    """A short question about the bot itself ("你能帮我算医保吗", "能查哪些地方")."""
    return bool(_WHO.search(norm)) and len(norm) <= 20


def reply(norm: str, places: list[str] | None = None) -> str:
    if _THANKS.search(norm):
        return "不客气!还有医保方面的问题可以随时问我。"
    if _BYE.search(norm):
        return "再见!有医保问题随时来问。"
    if _PLACES_Q.search(norm) and places:
        return "资料库收录了这些地区的医保文章:" + "、".join(places) + "。" + CAPABILITIES
    if _WHO.search(norm):
        if "语音" in norm or "说话" in norm:
            return "目前只能用文字提问;手机输入法的语音输入可以把说的话转成文字再发给我。" + CAN_DO
        return "我是医保智能问答助手,根据收录的各地医保政策文章回答问题。" + CAPABILITIES
    if _PRAISE.search(norm):
        return "谢谢夸奖!还有医保方面的问题可以随时问我。"
    return "您好!我是医保智能问答助手。" + CAN_DO + "比如:" + ";".join(SUGGESTIONS[:2]) + "。"
