"""Slot extraction from a resident's message: scheme, tier, people, bill amount, care type, hospital
level words, referral. Places and years come from bot.retrieval.query (shared with retrieval)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from bot.nlu.household import People, extract_people, has_grandchildren, named_adults
from bot.text.numbers import find_numbers

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
    bills: list[Decimal] = field(default_factory=list)  # several bills in one year, when the asker lists them
    long_term: bool = False  # registered as living elsewhere long-term (treated as local where the rule says so)
    with_subsidy: bool = False  # the asker wants individual + government share together
    already: Decimal | None = None  # what the fund has already paid this year ("已经报了13万")
    tier_groups: dict[str, int] = field(default_factory=dict)  # adults per tier when they differ
    self_paid: Decimal | None = None  # part of the bill the asker says is 自费 / outside the policy scope
    base: Decimal | None = None  # a monthly 缴费基数 (or wage) the asker states


def extract_amount(norm: str, years: list[int]) -> Decimal | None:
    """The bill: the largest money-like number that is not a year, a count or a percentage."""
    bills = extract_bills(norm, years)
    return max(bills) if bills else None


# Several bills in one year: "上半年花了1.2万,下半年又花了1.8万", "住了两次院,一次8000一次1.2万".
_SEVERAL = re.compile(r"又|再|两次|二次|第二次|加起来|一共|合计|全年|分别|一次.{1,8}一次")


MAX_BILL = Decimal(10) ** 9


# "今年已经报了13万了", "前面几次已经补了68000": paid by the fund this year, not a bill.
_ALREADY = re.compile(r"(?:已经|已)[^,。,;\d]{0,6}?(?:报销|报|补|赔|支付)了?")


def _already_spans(norm: str) -> list[tuple[int, int]]:
    """The number right after "已经报了" (within a few characters), as a span."""
    ends = [m.end() for m in _ALREADY.finditer(norm)]
    if not ends:
        return []
    numbers = find_numbers(norm)
    return [(n.start, n.end) for e in ends for n in numbers[:] if e <= n.start <= e + 6][:len(ends)]


# "其中3000是自费药", "有3000块自费的", "自费药花了3000", "3000不在医保范围": a part of the bill the fund
# never pays.
_SELF_PAID_AFTER = re.compile(r"^\s*[元块]?(?:钱)?(?:的)?(?:是|属于|为|都是|算)?[^,。,;?]{0,3}?(自费|自付|目录外|丙类|不在(?:医保|政策)?(?:报销)?范围|不能报|报不了|不报销)")
_SELF_PAID_BEFORE = re.compile(r"(自费|目录外|丙类)[^,。,;?\d]{0,6}$")


def _is_self_paid(norm: str, n) -> bool:
    return bool(_SELF_PAID_AFTER.match(norm[n.end:n.end + 14]) or _SELF_PAID_BEFORE.search(norm[max(0, n.start - 8):n.start]))


def extract_self_paid(norm: str) -> Decimal | None:
    parts = [n.value for n in find_numbers(norm) if n.value >= 10 and _is_self_paid(norm, n)]
    return sum(parts, Decimal(0)) if parts else None


_BASE = re.compile(r"(?:缴费基数|基数|月工资|工资|月薪|月收入)[^,。,;?\d一二两三四五六七八九十]{0,8}")


def extract_base(norm: str) -> Decimal | None:
    ends = [m.end() for m in _BASE.finditer(norm)]
    for n in find_numbers(norm):
        if any(e <= n.start <= e + 6 for e in ends) and n.value >= 100:
            return n.value
    return None


def extract_already(norm: str) -> Decimal | None:
    spans = _already_spans(norm)
    for n in find_numbers(norm):
        if (n.start, n.end) in spans and n.value >= 10:
            return n.value
    return None


def extract_bills(norm: str, years: list[int]) -> list[Decimal]:
    """Every money-like number that is not a year, a count, a percentage or a rule's threshold."""
    bills: list[Decimal] = []
    already = _already_spans(norm)
    for n in find_numbers(norm):
        if any(a <= n.start < b for a, b in already):
            continue  # what the fund already paid this year
        if _is_self_paid(norm, n):
            continue  # "其中3000是自费药": part of the bill, not another bill
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
        if before[-1:] in ("领", "补", "赔") or re.match(r"[元块]?的?[^,。,;]{0,4}(补助|补贴|补偿|奖励|包干|定额)", norm[n.end : n.end + 8]):
            continue  # a benefit the asker names ("还能再领200块分娩补助吗"), not a bill
        if n.value >= MAX_BILL:
            continue  # not a bill anyone runs up (a typo or a test string)
        bills.append(n.value)
    return bills


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
    chosen = [key for pos, key in mentions if _CHOOSE.search(norm[max(0, pos - 4):pos])]
    if chosen:
        return chosen[-1]
    return mentions[0][1] if mentions else None


_CLAUSE = re.compile(r"[,,;;。]")
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
    return bills if len(bills) > 1 and _SEVERAL.search(norm) else []


_ADDS_PEOPLE = re.compile(r"^(那|那么)?(再|还)?(加上|加|还有|另外|多)")


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
        tier_groups=later.tier_groups or ({} if later.tier else earlier.tier_groups),
        self_paid=later.self_paid if later.amount is not None or later.self_paid is not None else earlier.self_paid,
        base=later.base if later.base is not None else earlier.base,
    )


def extract_thread(parts: list[str], years: list[int]) -> Slots:
    """Slots of a conversation thread: each message's slots laid over the earlier ones in order."""
    slots = extract(parts[0], years)
    for part in parts[1:]:
        slots = overlay(slots, extract(part, years), bool(_ADDS_PEOPLE.search(part)))
    return slots
