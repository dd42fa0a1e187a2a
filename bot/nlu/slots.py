"""Slot extraction from a resident's message: scheme, tier, people, bill amount, care type, hospital
level words, referral. Places and years come from bot.retrieval.query (shared with retrieval)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from bot.text.numbers import find_numbers, parse_chinese

TIER_WORDS = {
    "一档": ["第一档", "一档", "1档", "一挡", "第1档"],
    "二档": ["第二档", "二档", "2档", "二挡", "第2档"],
    "高档": ["高档", "高挡", "高的那档", "贵的那档"],
    "低档": ["低档", "低挡", "低的那档", "便宜的那档", "最低档"],
}
SCHEME_WORDS = {
    "职工医保": ["职工医保", "职工基本医疗保险", "职工医疗保险", "单位交", "上班族"],
    "灵活就业": ["灵活就业", "个体户", "自由职业"],
    "城乡居民医保": ["居民医保", "城乡居民", "居民医疗保险", "新农合", "合作医疗", "农村医保"],
}
CARE_WORDS = {
    "special": ["透析", "血透", "腹透", "门特", "门诊特殊", "特殊门诊", "慢特病"],
    "inpatient": ["住院", "住了", "入院", "住一次院", "开刀", "手术"],
    "outpatient": ["门诊", "看病拿药", "拿药", "挂号", "看门诊", "药店"],
}
# Generic hospital-level words; each region's rule file maps its own level names and aliases.
LEVEL_WORDS = {
    "乡镇卫生院": ["乡镇卫生院", "镇卫生院", "乡卫生院", "卫生院", "社区卫生服务中心", "社区医院", "村卫生室"],
    "一级": ["一级"],
    "二级": ["二级"],
    "三级": ["三级", "三甲"],
    "县级": ["县级医院", "县医院", "县人民医院", "县中医院", "县里"],
    "市级": ["市级医院", "市医院", "市人民医院", "市中心医院", "市里"],
    "省级": ["省级医院", "省医院", "省人民医院", "省城"],
}
_NEG = re.compile(r"(没|未|不|无)[^,。,;!?]{0,6}?(转诊|转院)")
_POS = re.compile(r"转诊|转院|转过来|开了转院")
_REMOTE = re.compile(r"异地|外地|外省|县外|市外|省外|外市")

# People
_FAMILY = re.compile(r"(?:一家|全家)([一二两三四五六七八九十\d])口|([一二两三四五六七八九十\d])口(?:人|之家)?|([一二两三四五六七八九十\d])个人")
_KINDS = {
    "成人": ["大人", "成人", "成年人", "老人", "老婆", "老公", "妻子", "丈夫", "爱人", "媳妇", "我爸", "我妈",
            "父亲", "母亲", "爸爸", "妈妈", "公公", "婆婆", "爷爷", "奶奶", "夫妻", "两口子", "我"],
    "儿童": ["孩子", "小孩", "儿童", "娃", "宝宝", "儿子", "女儿", "少儿", "未成年"],
    "学生": ["学生", "中小学生", "小学生", "初中生", "高中生"],
    "大学生": ["大学生", "大中专", "研究生", "本科生", "大专生", "上大学", "读大学", "大专"],
    "新生儿": ["新生儿", "刚出生", "满月"],
    "困难群体": ["低保", "特困", "五保", "孤儿", "重度残疾", "脱贫", "建档立卡"],
}
_COUNTED = re.compile(r"([一二两俩三四五六七八九十\d]+)\s*(?:个|位|名)?\s*(大人|成人|成年人|老人|孩子|小孩|儿童|娃|学生|大学生|中小学生|小学生|初中生|高中生|宝宝)")


@dataclass
class People:
    total: int | None = None
    kinds: dict[str, int] = field(default_factory=dict)
    explicit: bool = False  # the message said how many people

    def describe(self) -> str:
        if self.kinds:
            return "、".join(f"{k}{v}人" for k, v in self.kinds.items())
        return f"{self.total}人" if self.total else "1人"


_LATE = re.compile(r"补缴|补交|晚交|迟交|逾期|错过|过了(集中)?缴费期|过了集中|集中缴费期(以)?后|[5-9六七八九]月份?(才|再)|年中|中途")


@dataclass
class Slots:
    scheme: str | None = None
    tier: str | None = None
    people: People = field(default_factory=People)
    amount: Decimal | None = None
    care: str | None = None
    level_words: list[str] = field(default_factory=list)
    referred: bool | None = None
    remote: bool = False
    late: bool = False


def _count(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    if token in ("俩",):
        return 2
    return parse_chinese(token)


_ADULT_NAMES = r"老婆|老公|妻子|丈夫|爱人|媳妇|老伴|我爸|我妈|父亲|母亲|爸爸|妈妈|公公|婆婆|爷爷|奶奶|岳父|岳母"
_ADULT_PAIRS = r"爸妈|父母|夫妻|两口子|老两口|我们俩|我俩|公婆|岳父母"
_SCHOOL_COUNTED = re.compile(r"([一二两俩三四五六七八九十\d]+)\s*个\s*(上大学|读大学|上大专|读大专|上学|读书|上小学|上初中|上高中|读初中|读高中|读小学)")
_KID_NAMES = r"孩子|儿子|女儿|闺女|娃"


def extract_people(norm: str) -> People:
    kinds: dict[str, int] = {}
    for m in _COUNTED.finditer(norm):
        n = _count(m.group(1))
        word = m.group(2)
        kind = next((k for k, words in _KINDS.items() if word in words), "成人")
        if n:
            kinds[kind] = kinds.get(kind, 0) + n
    for m in _SCHOOL_COUNTED.finditer(norm):
        kind = "大学生" if "大" in m.group(2) else "学生"
        kinds[kind] = kinds.get(kind, 0) + (_count(m.group(1)) or 1)
    # People named without a count: "我和老婆还有我妈", "夫妻俩加两个娃", "我跟老伴俩人"
    if "成人" not in kinds:
        adults = 2 * len(re.findall(_ADULT_PAIRS, norm))
        adults += len(re.findall(_ADULT_NAMES, re.sub(_ADULT_PAIRS, "", norm)))
        if re.search(r"我和|我跟|和我|还有我|加上我|加我", norm) or (
                adults and re.search(r"我(?!老婆|老公|爱人|媳妇|丈夫|妻子|家|们家|的|妈|爸|父|母|儿|女|孩|公公|婆婆|爷|奶|岳)", norm)):
            adults += 1  # the asker, when they count themselves in ("我在潍坊交高档,老婆也交")
        if adults and (kinds or len(re.findall(_ADULT_NAMES, norm)) or adults >= 2):
            kinds["成人"] = adults
    if "成人" in kinds and not any(k in kinds for k in ("儿童", "学生", "大学生", "新生儿")):
        kids = len(set(re.findall(_KID_NAMES, norm)))  # "孩子…孩子上初中" is one child
        if kids:
            kinds["儿童"] = kids
    if "儿童" in kinds and re.search(r"上学|读书|小学|初中|高中|中学|念书|在校", norm):
        kinds["学生"] = kinds.get("学生", 0) + kinds.pop("儿童")  # school children are 学生
    fm = _FAMILY.search(norm)
    family = _count(next(g for g in fm.groups() if g)) if fm else None
    if family and kinds and sum(kinds.values()) < family and "成人" not in kinds:
        kinds["成人"] = family - sum(kinds.values())  # "四口人…两个娃在上学": the others are adults
    if kinds:
        return People(total=sum(kinds.values()), kinds=kinds, explicit=True)
    if family:
        return People(total=family, explicit=True)
    if re.search(r"俩人|两人|两个人|二人", norm):
        return People(total=2, explicit=True)
    for kind in ("大学生", "学生", "新生儿", "困难群体", "儿童"):
        if any(w in norm for w in _KINDS[kind]):
            return People(total=1, kinds={kind: 1}, explicit=True)
    return People()


def extract_amount(norm: str, years: list[int]) -> Decimal | None:
    """The bill: the largest money-like number that is not a year, a count or a percentage."""
    best = None
    for n in find_numbers(norm):
        after = norm[n.end : n.end + 2]
        if after[:1] in ("%", "%", "年", "口", "个", "人", "岁", "月", "日", "天", "号", "次", "档", "级", "倍"):
            continue
        if n.text.isdigit() and int(n.text) in years and norm[n.end : n.end + 1] in ("年", "", "度"):
            continue
        if n.value < 10 and not re.search(r"[万千]", n.text + after):
            continue
        before = norm[max(0, n.start - 2) : n.start]
        if before in ("超过", "高于", "低于", "不足", "达到") or re.match(r"元?(以上|以下|的部分|那部分)", norm[n.end : n.end + 4]):
            continue  # a threshold in the rules, not the asker's bill
        if best is None or n.value > best:
            best = n.value
    return best


def _first(norm: str, table: dict[str, list[str]]) -> str | None:
    hits = [(norm.find(w), key) for key, words in table.items() for w in words if w in norm]
    return min(hits)[1] if hits else None


def extract(norm: str, years: list[int]) -> Slots:
    tier = None
    for key, words in TIER_WORDS.items():
        if any(w in norm for w in words):
            tier = key
            break
    levels = [key for key, words in LEVEL_WORDS.items() if any(w in norm for w in words)]
    referred = None
    if _NEG.search(norm):
        referred = False
    elif _POS.search(norm):
        referred = True
    return Slots(
        scheme=_first(norm, SCHEME_WORDS),
        tier=tier,
        people=extract_people(norm),
        amount=extract_amount(norm, years),
        care=_first(norm, CARE_WORDS),
        level_words=levels,
        referred=referred,
        remote=bool(_REMOTE.search(norm)),
        late=bool(_LATE.search(norm)),
    )
