"""Slot extraction from a resident's message: scheme, tier, people, bill amount, care type, hospital
level words, referral. Places and years come from bot.retrieval.query (shared with retrieval)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from bot.nlu.household import People, extract_people, has_grandchildren, named_adults
from bot.nlu.bills import SEVERAL, extract_already, extract_base, extract_bills, extract_self_paid

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
    "special": ["透析", "血透", "腹透", "门特", "门诊特殊", "特殊门诊", "慢特病", "两病", "先天性心脏病", "先心病", "白血病"],
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

LATE = _LATE = re.compile(r"补缴|补交|晚交|迟交|逾期|错过|过了(集中)?缴费期|过了集中|集中缴费期(以)?后|[5-9六七八九]月份?(以后|之后|后)?(才|再)|(?<![\d〇零一二三四五六七八九十])年中(?![小学专职])|中途")


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
    bills: list[Decimal] = field(default_factory=list)  # several bills in one year, when the asker lists them
    long_term: bool = False  # registered as living elsewhere long-term (treated as local where the rule says so)
    with_subsidy: bool = False  # the asker wants individual + government share together
    already: Decimal | None = None  # what the fund has already paid this year ("已经报了13万")
    tier_groups: dict[str, int] = field(default_factory=dict)  # adults per tier when they differ
    self_paid: Decimal | None = None  # part of the bill the asker says is 自费 / outside the policy scope
    base: Decimal | None = None  # a monthly 缴费基数 (or wage) the asker states


def _care(norm: str) -> str | None:
    """The kind of care; a special-disease word wins over the setting it happens in ("门诊透析")."""
    if any(w in norm for w in CARE_WORDS["special"]):
        return "special"
    return _first(norm, CARE_WORDS)


def _first(norm: str, table: dict[str, list[str]]) -> str | None:
    hits = [(norm.find(w), key) for key, words in table.items() for w in words if w in norm]
    return min(hits)[1] if hits else None


_CHOOSE = re.compile(r"(选|交|缴|按|买|参保|都是|都选|都交)(的)?(了)?$")


def _chosen_tier(norm: str) -> str | None:
    """The tier the asker chose: one named right after 选/交/按 wins over tiers they only quote
    ("一档280、二档380,我和媳妇交二档"); otherwise the first named."""
    mentions = sorted((m.start(), key) for key, words in TIER_WORDS.items() for w in words if w in norm
                      for m in re.finditer(re.escape(w), norm))
    chosen = [(pos, key) for pos, key in mentions if _CHOOSE.search(norm[max(0, pos - 4):pos])]
    if len({key for _, key in chosen}) > 1:  # "想交二档,小孩能单独交一档吗": the asked-about tier is not the choice
        chosen = [(pos, key) for pos, key in chosen if not _ASKS_IF.search(_clause_at(norm, pos))] or chosen
    if chosen:
        return chosen[-1][1]
    return mentions[0][1] if mentions else None


_CLAUSE = re.compile(r"[,,;;。]")
_ASKS_IF = re.compile(r"吗|能不能|可不可以|能否|行不行|可以不|[能可]以?单独")


def _clause_at(norm: str, pos: int) -> str:
    starts = [m.end() for m in re.finditer(r"[,,;;。??!!]", norm[:pos])]
    end = re.search(r"[,,;;。??!!]", norm[pos:])
    return norm[(starts[-1] if starts else 0):(pos + end.start() if end else len(norm))]
_SMALL = {"两": 2, "俩": 2, "二": 2, "三": 3, "四": 4}
_ADULT_COUNT = re.compile(r"([两俩二三四2-4])个(?:大人|成人|老人)")


def tier_groups(norm: str) -> dict[str, int]:
    """"我跟老伴交低档,儿子儿媳交高档": adults per tier, when different adults choose different tiers."""
    groups: dict[str, int] = {}
    grown = has_grandchildren(norm)
    for clause in _CLAUSE.split(norm):
        keys = {key for key, words in TIER_WORDS.items() if any(w in clause for w in words)}
        if len(keys) != 1:
            continue
        m = _ADULT_COUNT.search(clause)
        n = _SMALL.get(m.group(1)) or int(m.group(1)) if m else named_adults(clause, grown)
        if not n and re.match(r"我(?!们|家)", clause):
            n = 1
        if n:
            key = keys.pop()
            groups[key] = groups.get(key, 0) + n
    return groups if len(groups) > 1 else {}


def extract(norm: str, years: list[int]) -> Slots:
    tier = _chosen_tier(norm)
    levels = [key for key, words in LEVEL_WORDS.items() if any(w in norm for w in words)]
    referred = None
    if _NEG.search(norm):
        referred = False
    elif _POS.search(norm):
        referred = True
    bills = extract_bills(norm, years)
    return Slots(
        scheme=_first(norm, SCHEME_WORDS),
        tier=tier,
        people=extract_people(norm),
        amount=max(bills) if bills else None,  # extract_amount, from the one scan of the bills
        care=_care(norm),
        level_words=levels,
        referred=referred,
        remote=bool(_REMOTE.search(norm)),
        already=extract_already(norm),
        tier_groups=tier_groups(norm),
        self_paid=extract_self_paid(norm),
        base=extract_base(norm),
        late=bool(_LATE.search(norm)),
        bills=_several_bills(norm, years, bills),
        long_term=bool(_LONG_TERM.search(norm)),
        with_subsidy=bool(_WITH_SUBSIDY.search(norm)),
    )


_WITH_SUBSIDY = re.compile(r"(加上|连同|加|和|跟)(政府|财政)(补|给|出)|(个人|自己)和(政府|财政)(一共|加起来|合计)|人均筹资|筹资标准|总筹资")
_LONG_TERM = re.compile(r"长期异地|异地长期|长期居住|异地居住|异地安置|常住外地|长期在外")


def _several_bills(norm: str, years: list[int], bills: list[Decimal] | None = None) -> list[Decimal]:
    bills = extract_bills(norm, years) if bills is None else bills
    return bills if len(bills) > 1 and SEVERAL.search(norm) else []


# "再加上我爸妈呢", "孙子读小学也跟着一起交": people added to the household asked about before
_ADDS_PEOPLE = re.compile(r"^(那|那么)?(再|还)?(加上|加|还有|另外|多)|也(跟着|一起|要)?(交|参保)|一起交|跟着交")


def _add_people(earlier: People, later: People) -> People:
    kinds = dict(earlier.kinds) if earlier.kinds else {"成人": earlier.total or 1}
    added = later.kinds or {"成人": later.total or 1}
    if later.whole and later.whole > sum(kinds.values()):
        # "那加上我爸妈呢?一共五个人": five in all, not five more; the named ones fill it, adults the rest
        room = later.whole - sum(kinds.values())
        added = {k: n for k, n in added.items() if k != "成人"}
        added["成人"] = max(room - sum(added.values()), 0)
    for kind, n in added.items():
        if n:
            kinds[kind] = kinds.get(kind, 0) + n
    return People(total=sum(kinds.values()), kinds=kinds, explicit=True,
                  assumptions=earlier.assumptions + later.assumptions,
                  exempt_words=earlier.exempt_words + later.exempt_words)


def _same_kind_of_child(earlier: People, later: People) -> People:
    """"那两个孩子呢" after "上初中的孩子交多少": the children are still pupils."""
    specific = [k for k in ("学生", "大学生", "新生儿") if k in earlier.kinds]
    if set(later.kinds) == {"儿童"} and len(specific) == 1 and "儿童" not in earlier.kinds:
        return People(total=later.total, kinds={specific[0]: later.kinds["儿童"]}, explicit=True,
                      assumptions=later.assumptions, exempt_words=later.exempt_words, whole=later.whole)
    return later


def _refines(earlier: People, later: People) -> bool:
    """"孩子在上小学呢" after "我们家三口人": says who some of the same members are, not a new household."""
    return bool(later.kinds) and later.whole is None and "成人" not in later.kinds \
        and (earlier.total or 1) > sum(later.kinds.values())


def _refine_people(earlier: People, later: People) -> People:
    kinds = dict(later.kinds)
    rest = (earlier.total or 1) - sum(kinds.values())
    for kind, n in (earlier.kinds or {"成人": earlier.total or 1}).items():
        keep = min(n - kinds.get(kind, 0), rest) if kind in kinds else min(n, rest)
        if kind not in later.kinds and keep > 0:
            kinds[kind] = kinds.get(kind, 0) + keep
            rest -= keep
    if rest > 0:
        kinds["成人"] = kinds.get("成人", 0) + rest
    return People(total=sum(kinds.values()), kinds=kinds, explicit=True,
                  assumptions=earlier.assumptions + later.assumptions,
                  exempt_words=earlier.exempt_words + later.exempt_words)


def overlay(earlier: Slots, later: Slots, adds_people: bool = False) -> Slots:
    """A follow-up's slots over the earlier question's: what the follow-up states replaces what was said
    before ("那二档呢", "换成县级医院呢", "如果是5万呢", "那三口人呢"), people it adds are added
    ("加上我爸妈呢"); the rest is kept."""
    people = earlier.people
    if later.people.explicit:
        if adds_people:
            people = _add_people(earlier.people, later.people)
        elif _refines(earlier.people, later.people):
            people = _refine_people(earlier.people, later.people)
        else:
            people = _same_kind_of_child(earlier.people, later.people)
    return Slots(
        scheme=later.scheme or earlier.scheme,
        tier=later.tier or earlier.tier,
        people=people,
        amount=later.amount if later.amount is not None else earlier.amount,
        care=later.care or earlier.care,
        level_words=later.level_words or earlier.level_words,
        referred=later.referred if later.referred is not None else earlier.referred,
        remote=later.remote or (earlier.remote and not later.level_words),
        late=later.late or earlier.late,
        bills=later.bills if later.amount is not None else earlier.bills,
        long_term=later.long_term or earlier.long_term,
        with_subsidy=later.with_subsidy or earlier.with_subsidy,
        already=later.already if later.already is not None else earlier.already,
        tier_groups=later.tier_groups or _added_tier_group(earlier, later, adds_people)
        or ({} if later.tier else earlier.tier_groups),
        self_paid=later.self_paid if later.amount is not None or later.self_paid is not None else earlier.self_paid,
        base=later.base if later.base is not None else earlier.base,
    )


def _added_tier_group(earlier: Slots, later: Slots, adds_people: bool) -> dict[str, int]:
    """"我和老婆都交高档" then "再加上我爸妈呢,他俩交低档": the added adults on their tier, the others on theirs."""
    if not (adds_people and later.tier and earlier.tier and later.tier != earlier.tier):
        return {}
    before = earlier.tier_groups or {earlier.tier: earlier.people.kinds.get("成人", 0)}
    added = later.people.kinds.get("成人", 0) if later.people.kinds else (later.people.total or 0)
    if not added or not all(before.values()):
        return {}
    groups = dict(before)
    groups[later.tier] = groups.get(later.tier, 0) + added
    return groups


def extract_thread(parts: list[str], years: list[int]) -> Slots:
    """Slots of a conversation thread: each message's slots laid over the earlier ones in order."""
    slots = extract(parts[0], years)
    for part in parts[1:]:
        slots = overlay(slots, extract(part, years), bool(_ADDS_PEOPLE.search(part)))
    return slots
