"""Who is in the household a contribution question is about: members by category.

Categories: 成人 (adults and the elderly), 儿童 (pre-school children), 学生 (pupils), 大学生 (students insured
through their college), 新生儿 (born this year), 困难群体 (低保/特困/五保/孤儿/重度残疾: the groups rule files
exempt or subsidise). "全家三口人" gives a size; named members ("我和老伴", "上小学的孙子", "我爸是二级残疾")
give categories; a size larger than the named members adds adults, a smaller one caps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.text.numbers import parse_chinese

_NUM = r"[一二两俩仨三四五六七八九十\d]"
_FAMILY = re.compile(rf"(?:一家|全家|家里|我家|家)({_NUM})口(?!子)|({_NUM})口(?:人|之家)|([两俩三四五六七八九十2-9])个人|({_NUM})人(?:家庭|之家)")
_COUNTED = re.compile(
    rf"({_NUM}+)\s*(?:个|位|名)?\s*(大人|成人|成年人|老人|孩子|小孩|儿童|娃|学生|大学生|中小学生|小学生|初中生|高中生|宝宝|孙子|孙女)")
_COUNTED_KIND = {
    "大人": "成人", "成人": "成人", "成年人": "成人", "老人": "成人",
    "孩子": "儿童", "小孩": "儿童", "儿童": "儿童", "娃": "儿童", "宝宝": "儿童", "孙子": "儿童", "孙女": "儿童",
    "学生": "学生", "中小学生": "学生", "小学生": "学生", "初中生": "学生", "高中生": "学生", "大学生": "大学生",
}
# "一个三岁的娃", "一个刚上幼儿园的娃", "一个读初中的儿子": a counted child with what they do.
_COUNTED_KID = re.compile(
    rf"(?:({_NUM}+)\s*个|(仨|俩)|(?<=[有加])个)\s*([^,。,;个]{{0,6}}?)(?:的)?"
    rf"(?:娃|孩子|小孩|宝宝|孙子|孙女|儿子|女儿|闺女|弟弟|妹妹|侄子|侄女|外甥女|外甥)")
_SCHOOL_COUNTED = re.compile(
    rf"({_NUM}+)\s*个\s*(?:[^,。,;个]{{0,6}}?)(上大学|读大学|上大专|读大专|上学|读书|上小学|上初中|上高中|读初中|读高中|读小学)")
ADULT_NAMES = r"老婆|老公|太太|先生|对象|妻子|丈夫|爱人|儿媳妇|儿媳|女婿|媳妇|老伴|我爸|我妈|父亲|母亲|爸爸|妈妈|公公|婆婆|爷爷|奶奶|姥姥|姥爷|外公|外婆|岳父|岳母"
_PARENTS = ("我爸", "我妈", "爸爸", "妈妈", "父亲", "母亲")
_IN_PAIR = {"爸妈": _PARENTS, "父母": _PARENTS, "公婆": ("公公", "婆婆"), "爷爷奶奶": ("爷爷", "奶奶"),
            "姥姥姥爷": ("姥姥", "姥爷"), "外公外婆": ("外公", "外婆"), "岳父母": ("岳父", "岳母")}
# With grandchildren in the household, the asker's sons and daughters are adults ("儿子儿媳交高档,孙子上幼儿园").
_GRANDCHILD = re.compile(r"孙子|孙女|外孙")
_GROWN_CHILD = r"儿子|女儿|闺女"
ADULT_PAIRS = r"爸妈|父母|夫妻|两口子|小两口|老两口|我们俩|我俩|公婆|岳父母|爷爷奶奶|姥姥姥爷|外公外婆"
_KID = re.compile(r"(?:大|小|二|老)?(孩子|儿子|女儿|闺女|娃|孙子|孙女|外孙女|外孙|宝宝|小孩|二宝|大宝|三宝|老二|老三)")
_UNIVERSITY = re.compile(r"大学|大专|研究生|本科|大中专|高职|技校|中专|职高|职业高中|卫校")
_SCHOOL = re.compile(r"上学|读书|小学|初中|高中|中学|念书|在校|学生|初[一二三]|高[一二三]|[一二三四五六]年级")
_NEWBORN = re.compile(r"刚出生|刚生|新生儿|刚上户口|刚落户|满月|今年出生|今年生|今年[^,。,;]{0,8}?生了|添了个|刚添了|新添了|又添了")
_EXEMPT_HOUSEHOLD = re.compile(r"低保(家庭|户)|特困(家庭|户|供养)|五保户|建档立卡(户|家庭|贫困户)?|贫困户")
# "我妈是低保户" in a family of three: the household word names one member's status.
_MEMBER_IS_HOUSEHOLD = re.compile(rf"(?:{ADULT_NAMES}|我哥|我姐|我弟|我妹|哥哥|姐姐|弟弟|妹妹)(?:是|属于|为)(?:低保|特困|五保|建档立卡|贫困)")
_EXEMPT_MEMBER = re.compile(
    rf"({ADULT_NAMES}|我)(?:是|属于|为)?(?:一级|二级|一二级|重度)?(?:残疾|低保|特困|五保|孤儿)|(?:一级|二级|重度)残疾|低保|特困|五保|孤儿")
_RELATIVE_AFTER = r"(?!们|妈|爸|老|爱|媳|丈|妻|儿|女|孩|公|婆|爷|奶|岳|孙|姥|外|家)"
_EXEMPT_WORDS = re.compile(r"[一二三四]级残疾|重度残疾|残疾|低保|特困|五保|孤儿|三无|建档立卡|贫困户")
_ASKER = re.compile(rf"我和|我跟|(?:和我|还有我|加上我|加我|连我){_RELATIVE_AFTER}")
_ASKER_TOO = re.compile(r"我(?!们|老婆|老公|爱人|媳妇|丈夫|妻子|家|们家|的|妈|爸|父|母|儿|女|孩|公公|婆婆|爷|奶|岳|孙|姥|外)")
_TWO = re.compile(r"俩人|两人|两个人|二人")
# the newborn first: "大儿子上高中、小儿子是今年生的" is a pupil and a newborn
_SINGLE_KIND = {"新生儿": _NEWBORN, "大学生": _UNIVERSITY, "学生": _SCHOOL}


@dataclass
class People:
    total: int | None = None
    kinds: dict[str, int] = field(default_factory=dict)
    explicit: bool = False  # the message said who or how many
    assumptions: list[str] = field(default_factory=list)
    exempt_words: list[str] = field(default_factory=list)  # how the asker named the exempt group (一级残疾, 低保)
    whole: int | None = None  # the household's stated total ("一共五个人", "全家四口"), not a number added

    def describe(self) -> str:
        if self.kinds:
            return "、".join(f"{k}{v}人" for k, v in self.kinds.items())
        return f"{self.total}人" if self.total else "1人"


def _count(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    if token == "俩":
        return 2
    if token == "仨":
        return 3
    return parse_chinese(token)


def _add(kinds: dict[str, int], kind: str, n: int) -> None:
    if n > 0:
        kinds[kind] = kinds.get(kind, 0) + n


def _move(kinds: dict[str, int], src: str, dst: str, n: int) -> None:
    n = min(n, kinds.get(src, 0))
    if n:
        kinds[src] -= n
        if not kinds[src]:
            del kinds[src]
        _add(kinds, dst, n)


def _kid_kind(qualifier: str) -> str:
    if _UNIVERSITY.search(qualifier):
        return "大学生"
    if _SCHOOL.search(qualifier):
        return "学生"
    if _NEWBORN.search(qualifier):
        return "新生儿"
    return "儿童"


def family_size(norm: str) -> int | None:
    m = _FAMILY.search(norm)
    return _count(next(g for g in m.groups() if g)) if m else None


_WHOLE = re.compile(rf"(?:一共|总共|共|全家|一家|我家|家里|合计|总计|加起来)[^,。,;]{{0,3}}?({_NUM})\s*(?:口|个人|人)")


def _whole(norm: str) -> int | None:
    m = _WHOLE.search(norm)
    return _count(m.group(1)) if m else None


def named_adults(norm: str, grown_children: bool | None = None) -> int:
    """Adults the text names; `grown_children`: the household has grandchildren (default: this text says so)."""
    pairs = set(re.findall(ADULT_PAIRS, norm))
    adults = 2 * len(pairs)  # a member named twice is one member
    grown = bool(_GRANDCHILD.search(norm)) if grown_children is None else grown_children
    names = ADULT_NAMES + ("|" + _GROWN_CHILD if grown else "")
    singles = set(re.findall(names, re.sub(ADULT_PAIRS, "", norm)))
    # "加上我爸妈,我爸是一级残疾": 我爸 is one of the pair already counted
    singles -= {n for p in pairs for n in _IN_PAIR.get(p, ())}
    adults += len(singles)
    if _ASKER.search(norm) or (adults and _ASKER_TOO.search(norm)):
        adults += 1  # the asker counts themselves in ("我在潍坊交高档,老婆也交")
    return adults


# "不是低保也不是特困", "非低保户": a group the asker says they are NOT in.
_NEGATED = re.compile(r"(?:不是|不属于|并非|非|不算|没有|不在)[^,。,;()()]{0,3}(?:低保|特困|五保|残疾|孤儿|贫困|建档)[^,。,;()()]*")
_GRADUATED = re.compile(r"(?:大学|大专|研究生|本科|高中|中专)毕业")  # "大学毕业回来": no longer a student


# "老伴让我问问…": the one who sent the question is not a member asked about
_MESSENGER = re.compile(rf"(?:{ADULT_NAMES}|儿子|女儿|闺女|孩子)(?:让|叫|托|要|催)我(?:来|帮忙|帮他|帮她)?(?:问|打听|查|咨询)")
# "今年到底要不要给孩子交": the story names the mother, the question one member
_FOR_ONE_CHILD = re.compile(r"(?:给|帮|替)(?:这个|我家|我们家)?(?:孩子|娃|宝宝|小孩|孙子|孙女|外孙|小孙子|小孙女)"
                            r"(?:交|缴|办|参保|上)")
_CHILD_KINDS = ("新生儿", "儿童", "学生", "大学生")
_ALL_OF_THEM = re.compile(r"一共|总共|全家|一家|都|加起来|合计|我们|两个|俩")


def extract_people(norm: str) -> People:
    norm = _GRADUATED.sub("毕业", _NEGATED.sub("", _MESSENGER.sub("", norm)))
    people = _extract_people(norm)
    if _FOR_ONE_CHILD.search(norm) and not _ALL_OF_THEM.search(norm) and not family_size(norm):
        kids = {k: n for k, n in people.kinds.items() if k in _CHILD_KINDS}
        if len(kids) == 1 and sum(kids.values()) == 1 and len(people.kinds) > 1:
            people.kinds, people.total = kids, 1  # "要不要给孩子交": only the child is asked about
    return people


def _extract_people(norm: str) -> People:
    kinds: dict[str, int] = {}
    counted_kids = []
    grouped = 0  # children counted together ("俩孩子"), whose schools may follow one by one
    for m in _COUNTED.finditer(norm):
        kind, n = _COUNTED_KIND[m.group(2)], _count(m.group(1)) or 0
        if kind == "儿童" and n == 1:  # "一个孩子上初中": what the child does follows in the same clause
            kind = _kid_kind(re.split(r"[,。,;]", norm[m.end():], maxsplit=1)[0][:8])
        grouped += n if kind == "儿童" and n > 1 else 0
        _add(kinds, kind, n)
        counted_kids.append(m.span())
    for m in _COUNTED_KID.finditer(norm):
        if any(a <= m.start() < b for a, b in counted_kids):
            continue  # "两个娃" was counted above
        kind = _kid_kind(m.group(3))
        if kind == "儿童":  # "一个孩子上初中": what the child does follows in the same clause
            kind = _kid_kind(re.split(r"[,。,;]", norm[m.end():], maxsplit=1)[0][:8])
        n = (_count(m.group(1) or m.group(2)) if m.group(1) or m.group(2) else 1) or 1  # "还有个…的弟弟": one
        grouped += n if kind == "儿童" and n > 1 else 0
        _add(kinds, kind, n)
        counted_kids.append(m.span())
    for m in _SCHOOL_COUNTED.finditer(norm):
        if any(a <= m.start() < b for a, b in counted_kids):
            continue  # "一个读小学的女儿" is counted once
        kind, n = "大学生" if "大" in m.group(2) else "学生", _count(m.group(1)) or 1
        if kinds.get("儿童") and grouped:
            _move(kinds, "儿童", kind, n)  # "俩孩子,一个上初中一个上小学": the same two children
            grouped -= n
        else:
            _add(kinds, kind, n)
    if "成人" not in kinds:
        adults = named_adults(norm)
        if adults and (kinds or re.search(ADULT_NAMES, norm) or adults >= 2):
            kinds["成人"] = adults
    kid_words = {m.group(0) for m in _KID.finditer(norm)}  # "大儿子…小儿子": two sons
    if _GRANDCHILD.search(norm):
        kid_words = {w for w in kid_words if w.lstrip("大小二老") not in ("儿子", "女儿", "闺女")}
    if (kinds or family_size(norm)) and kid_words and not any(k in kinds for k in ("儿童", "学生", "大学生", "新生儿")):
        _add(kinds, "儿童", 1 if kid_words <= {"孩子", "娃", "小孩", "宝宝", "小孩子", "小娃", "小宝宝"} else len(kid_words))
    # A child's school or birth tells their category ("孩子上初中", "读大专的儿子", "刚上户口的小孙子").
    if "儿童" in kinds:
        for kind, pattern in _SINGLE_KIND.items():
            if kind not in kinds and "儿童" in kinds and pattern.search(norm):
                _move(kinds, "儿童", kind, kinds["儿童"] if kind == "学生" else 1)
    people = _apply_exemptions(norm, kinds)
    exempt_words = _EXEMPT_WORDS.findall(norm)
    family = family_size(norm)
    if family and kinds:
        named = sum(kinds.values())
        if named < family:
            _add(kinds, "成人", family - named)  # "四口人…两个娃在上学": the others are adults
        elif named > family and kinds.get("成人", 0) > named - family and "口" in norm:
            kinds["成人"] -= named - family  # "五口之家:爷爷奶奶、我们两口子…闺女": the asker is one of them
    if kinds:
        return People(total=sum(kinds.values()), kinds=kinds, explicit=True, assumptions=people,
                      exempt_words=exempt_words, whole=_whole(norm))
    if family:
        return People(total=family, explicit=True, whole=_whole(norm))
    if _TWO.search(norm):
        return People(total=2, explicit=True)
    for kind, words in (("大学生", _UNIVERSITY), ("新生儿", _NEWBORN), ("困难群体", _EXEMPT_MEMBER)):
        if words.search(norm):
            return People(total=1, kinds={kind: 1}, explicit=True, exempt_words=exempt_words)
    if re.search(r"学生|小学|初中|高中|儿童|孩子|小孩", norm):
        return People(total=1, kinds={"学生" if _SCHOOL.search(norm) else "儿童": 1}, explicit=True)
    return People()


def _apply_exemptions(norm: str, kinds: dict[str, int]) -> list[str]:
    """低保家庭: every member; "我爸是二级残疾": that member. Returns the assumptions made."""
    one_member = _MEMBER_IS_HOUSEHOLD.search(norm) and (family_size(norm) or sum(kinds.values())) > 1
    if _EXEMPT_HOUSEHOLD.search(norm) and not one_member:
        family = family_size(norm) or sum(kinds.values()) or 1
        kinds.clear()
        kinds["困难群体"] = family
        return ["按全家都属于困难群体(低保、特困等)计算。"]
    if (_EXEMPT_MEMBER.search(norm) or one_member) and kinds:
        source = "成人" if "成人" in kinds else next(iter(kinds))
        _move(kinds, source, "困难群体", 1)
        return ["按家中1人属于困难群体(低保、特困、重度残疾等)计算。"]
    if _EXEMPT_MEMBER.search(norm):
        kinds["困难群体"] = 1
    return []


def has_grandchildren(norm: str) -> bool:
    return bool(_GRANDCHILD.search(norm))
