"""Question analysis shared by retrieval and routing: tokens, places, years, script."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.geo.gazetteer import Division, Gazetteer
from bot.nlu.slots import LATE
from bot.text.normalize import is_traditional, normalize
from bot.text.tokenizer import Tokenizer

# "江医保发2020年40号文件": a document's number, not a year asked about
_YEAR4 = re.compile(r"(?<!\d)(20\d{2})\s*年(?!\s*\d{1,4}\s*号)")
# Two-digit years only where they clearly name a policy year ("21年度", "21年的医保"), never a
# duration ("交了21年").
_YEAR2 = re.compile(r"(?<![\d了满缴交计])([12]\d)年(?=度|的|居民|城乡|医保|职工|缴费|报销|政策)")
# "How do I…" questions look for the passage that lists ways/steps.
_HOW = re.compile(r"怎么|怎样|如何|哪些渠道|什么渠道|啥渠道|哪里|哪儿|去哪|咋弄|咋办|咋整|咋交|咋操作|一步步")
HOW_TERMS = ("方式", "办理")
# "What do I bring?" questions look for the documents a passage names.
_BRING = re.compile(r"带什么|带啥|要带|什么证件|哪些证件|什么材料|哪些材料|啥材料|准备什么")
BRING_TERMS = ("身份证", "社保卡", "材料", "证件")
# "When…?" questions look for the passage with the dates.
_WHEN = re.compile(r"什么时候|啥时候|何时|几月|哪天|几号|截止|多久|多长时间|延期到")
WHEN_TERMS = ("时间", "期限", "截止")
_PEOPLE_TERMS = (
    (re.compile(r"刚出生|刚生|生了娃|生了孩子|生了个|生下来|刚落地|刚满月|添了个|二胎|在[^,。,;]{1,6}生的"), "新生儿"),
    (re.compile(r"上学|上小学|上中学|上初中|上高中|读小学|读初中|读高中|念书|在校"), "学生"),
)
PEOPLE_TERMS = tuple(term for _, term in _PEOPLE_TERMS)
_RELATIVE = {"今年": 0, "本年度": 0, "明年": 1, "下一年": 1, "下年度": 1, "去年": -1, "上一年": -1, "前年": -2}


@dataclass
class Query:
    text: str
    norm: str
    tokens: list[str]
    places: list[Division] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    traditional: bool = False
    thread: list[str] = field(default_factory=list)  # a follow-up's earlier messages, then its own text
    carried: bool = False  # the places came from earlier in the conversation, not from this message
    earlier: list[str] = field(default_factory=list)  # the conversation's previous thread, when carried

    @property
    def parts(self) -> list[str]:
        """Normalised messages of the thread, oldest first (just this message when it stands alone)."""
        return [normalize(t) for t in self.thread] if self.thread else [self.norm]

    @property
    def latest_first(self) -> str:
        """The thread's text with the newest message first, so its words win where the first named counts."""
        return "。".join(reversed(self.parts))


# "去年/明年" asks for that year's figures only when it qualifies the standard itself ("明年的缴费标准",
# "去年交多少"); inside the asker's own story ("我去年12月交的,今年住院能报吗") it does not. "今年交多少" asks
# for the standard in force: answered by the newest standard the texts state, labelled with its year.
_RELATIVE_ASK = re.compile(
    r"(明年|下一年|去年|上一年|前年)(?:[^,。,;!?我了住看花病生]{0,10}?)"
    r"(?:缴费标准|交费标准|交多少|缴多少|要交多少|得交多少|该交多少|多少钱|涨|标准|政策(?!内|范围)|报销比例|起付线|封顶线)")
# "今年交多少", "今年是不是涨了": the standard in force is asked (answered by the newest one, with a note)
THIS_YEAR_ASK = re.compile(
    r"(今年|本年度)(?:[^,。,;!?我了住看花病生]{0,10}?)"
    r"(?:缴费标准|交费标准|交多少|缴多少|要交多少|得交多少|该交多少|多少钱|涨|标准|政策(?!内|范围)|报销比例|起付线|封顶线)")
# An explicit year of the asker's own story ("我2024年住院花了3万", "妈妈2026年透析花了450") dates the bill, it
# does not ask for that year's rules: answered by the standing rule with its year stated.
_STORY_AFTER = re.compile(r"[^,。,;!?]{0,10}?(花了|花费了|花掉|住了|看了|做了|生了|透析了|开了|报了|住院花|治疗花)"
                          r"|[^,。,;!?]{0,3}?去[^,。,;!?]{1,6}?(住院|看病|就医|做手术|生孩子)"
                          r"|[^,。,;!?]{0,3}?在[^,。,;!?]{1,8}?(住院|住的院|看的病|就的医|做的手术|生的孩子|透析)"
                          r"|[^,。,;!?]{0,10}?(交的|交了|缴的|缴了|参的保)(?![^,。,;!?]*(多少|几))[^,。,;!?]{0,6}$"
                          r"|[^,。,;!?]{0,2}(起|开始|以来)")
_RULE_WORDS = re.compile(r"标准|比例|政策(?!内|范围)|起付线|封顶|交多少|缴多少|规定")
# A payment in the collection months before a policy year belongs to that year ("2016年12月交的" -> 2017).
_COLLECTION = re.compile(r"(?<!\d)(20\d{2})\s*年\s*(9|10|11|12)\s*月[^,。,;!?]{0,8}?(交|缴|参保)")


# "明年我家三口交高档要多少钱": a future year asks for that year's figures even with the asker in between.
_NEXT_YEAR_ASK = re.compile(r"(明年|下一年|下年度)[^,。,;!?]{0,16}?(交多少|缴多少|多少钱|标准|涨|报销比例|起付线|封顶线)")


_REWARD_STORY = re.compile(r"零报销|没报销过|没报过销|一分钱(都)?没报|没用医保报|连续参保|连着交|一直交|每年都(在|交)")


_MENTIONED_YEAR = re.compile(r"今年|去年|前年|(?<!\d)(20\d{2})\s*年(?!度?[\d一二三四五六七八九十])")


def mentioned_years(norm: str, current_year: int) -> list[int]:
    """Every year the text names, in a story or not ("我妈去年在平阳住院" -> last year)."""
    if "年" not in norm:
        return []  # 今年, 去年, 前年 and 2024年 all need it
    out = []
    for m in _MENTIONED_YEAR.finditer(norm):
        year = int(m.group(1)) if m.group(1) else current_year + _RELATIVE[m.group()]
        out.append(year)
    return list(dict.fromkeys(out))


def find_years(norm: str, current_year: int) -> list[int]:
    if "年" not in norm:
        return []  # every pattern below needs a 年 (2024年, 21年度, 明年, 下一年, 去年, 前年)
    collected = {m.start(1): int(m.group(1)) + 1 for m in _COLLECTION.finditer(norm)}
    # a payment in the collection months names the policy year it pays for, story or not ("我2016年12月交的")
    years = [collected.get(m.start(1), int(m.group(1))) for m in _YEAR4.finditer(norm)
             if m.start(1) in collected or not _in_story(norm, m.end())]
    years += [2000 + int(m.group(1)) for m in _YEAR2.finditer(norm)]
    if not _REWARD_STORY.search(norm):  # "今年一分钱没报销过,明年额度能涨吗": next year's reward, not next year's rules
        years += [current_year + _RELATIVE[m.group(1)] for m in _RELATIVE_ASK.finditer(norm)]
        years += [current_year + 1 for m in _NEXT_YEAR_ASK.finditer(norm) if m.group(1) in ("明年", "下一年", "下年度")]
    return list(dict.fromkeys(years))


def _in_story(norm: str, end: int) -> bool:
    clause = re.split(r"[,。,;!?]", norm[end:], maxsplit=1)[0]
    return bool(_STORY_AFTER.match(clause)) and not _RULE_WORDS.search(clause)


def analyse(text: str, tokenizer: Tokenizer, gazetteer: Gazetteer, current_year: int) -> Query:
    norm = normalize(text)
    mentions = gazetteer.find(norm, normalized=True, boundaries=tokenizer.boundaries(norm))
    places = list(dict.fromkeys(m.division for m in mentions))
    tokens = tokenizer.query_tokens(text)
    if _HOW.search(norm):
        tokens += [t for t in HOW_TERMS if t not in tokens]
    if _BRING.search(norm):
        tokens += [t for t in BRING_TERMS if t not in tokens]
    if _WHEN.search(norm):
        tokens += [t for t in WHEN_TERMS if t not in tokens]
    if LATE.search(norm) and "中途" not in tokens:
        tokens.append("中途")  # "2017年5月份才办的": the texts' 年度中途参保
    for pattern, term in _PEOPLE_TERMS:  # "刚生了娃" is the texts' 新生儿, "上学的孩子" their 学生
        if pattern.search(norm) and term not in tokens:
            tokens.append(term)
    return Query(
        text=text,
        norm=norm,
        tokens=tokens,
        places=places,
        years=find_years(norm, current_year),
        traditional=is_traditional(text),
    )
