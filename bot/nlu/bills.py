"""Money amounts in a resident's message: the bill (or several), what the fund already paid this year, a
part the asker calls 自费, and a monthly 缴费基数 - each told apart from years, counts and rule thresholds."""

from __future__ import annotations

import re
from decimal import Decimal

from bot.text.numbers import find_numbers


def extract_amount(norm: str, years: list[int]) -> Decimal | None:
    """The bill: the largest money-like number that is not a year, a count or a percentage."""
    bills = extract_bills(norm, years)
    return max(bills) if bills else None


# Several bills in one year: "上半年花了1.2万,下半年又花了1.8万", "住了两次院,一次8000一次1.2万".
SEVERAL = re.compile(r"又|再|两次|二次|第二次|加起来|一共|合计|全年|分别|一次.{1,8}一次")


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
