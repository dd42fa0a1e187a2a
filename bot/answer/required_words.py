"""Topics whose answer must name them: a question about losing the card, its password, taking cash out of
the personal account, vaccines, office hours… is answered only by a sentence that speaks of that, never by
the nearest unrelated text. Without such a sentence the bot says it found nothing.

Each row: what the asked clause says, what a sentence must say to answer it, and the topic's name in the
refusal. The rows are words, not answers: a new article that speaks of a topic makes it answerable."""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.text.normalize import normalize


class Topic(NamedTuple):
    asks: re.Pattern
    evidence: re.Pattern
    name: str


TOPICS = [
    Topic(re.compile(r"补办[^,。,;??]{0,4}卡|挂失|补卡|卡[^,。,;??]{0,4}(丢|掉了|坏了|损坏|找不到|遗失)"),
          re.compile(r"补办|挂失|补领|补卡|换卡|丢失|遗失|损坏"), "医保卡(社保卡)丢失和补办"),
    Topic(re.compile(r"密码"), re.compile(r"密码"), "医保卡密码"),
    Topic(re.compile(r"取出来|取现|提现|取钱|取出|套现"), re.compile(r"取现|提取|支取|取出|提现"), "个人账户取现"),
    Topic(re.compile(r"疫苗|接种"), re.compile(r"疫苗|接种"), "疫苗接种"),
    Topic(re.compile(r"几点(上班|下班|开门|关门)|上班时间|办公时间|工作时间|周末(上班|办公|开门)|节假日(上班|办公)"),
          re.compile(r"上班时间|办公时间|工作时间|周[一二三四五六日]至周|节假日"), "办事时间"),
    Topic(re.compile(r"生育津贴|产假工资"), re.compile(r"津贴"), "生育津贴"),
    Topic(re.compile(r"种植牙|镶牙|假牙|牙齿矫正|矫正牙|近视手术|激光手术|整形|美容|双眼皮|植发"),
          re.compile(r"种植牙|镶牙|假牙|口腔|近视|整形|美容"), "这类诊疗项目"),
    Topic(re.compile(r"借给|借用|借别人|冒用|给别人用|给家人用|家里人用"),
          re.compile(r"借给|借用|冒用|共济|家庭成员"), "医保卡借给他人使用"),
    Topic(re.compile(r"电话|热线|联系方式"), re.compile(r"(电话|热线)[^。]{0,8}\d{5,}|\d{3,4}-\d{7,8}|\d{7,}"),
          "联系电话"),
    Topic(re.compile(r"打印|开(个)?证明|参保证明|缴费证明|完税证明"), re.compile(r"打印|证明"), "打印证明"),
    Topic(re.compile(r"撤销|取消备案|注销"), re.compile(r"撤销|取消|注销"), "撤销或注销"),
    Topic(re.compile(r"保健品|化妆品|生活用品|日用品"), re.compile(r"保健品|化妆品|生活用品|日用品"), "用医保买这类商品"),
    Topic(re.compile(r"护工|陪护|护理费"), re.compile(r"护工|陪护|护理费"), "护工、陪护费用"),
    Topic(re.compile(r"个税|个人所得税|专项附加|抵扣"), re.compile(r"个税|所得税|专项附加|抵扣"), "个税大病医疗扣除"),
    Topic(re.compile(r"买房|购房|贷款|积分入学|积分落户"), re.compile(r"买房|购房|贷款|积分"), "医保与买房、贷款、积分"),
]


def unanswered_topic(asked: str, texts: list[str]) -> Topic | None:
    """The topic `asked` (normalised) is about that none of `texts` speaks of, or None."""
    texts = [normalize(t) for t in texts]  # 湖南's text is Traditional: "家庭成員" is 家庭成员
    for topic in TOPICS:
        if topic.asks.search(asked) and not any(topic.evidence.search(t) for t in texts):
            return topic
    return None


# a part too short to name a subject of its own ("能领多少钱", "怎么办理") asks about the topic before it
_OWN_SUBJECT_CHARS = 7


def topic_of_part(topic: Topic, part: str, parts: list[str]) -> bool:
    """Whether `part` of a message asks about `topic`: it names it, or it is a short follow-on that names
    nothing of its own ("生育津贴怎么算?能领多少钱")."""
    if topic.asks.search(part):
        return True
    lead = _common_prefix(parts) if len(parts) > 1 else ""
    return len(part) - len(lead) <= _OWN_SUBJECT_CHARS


def _common_prefix(parts: list[str]) -> str:
    first = parts[0]
    n = 0
    while n < len(first) and all(len(p) > n and p[n] == first[n] for p in parts):
        n += 1
    return first[:n]
