"""Money questions (contribution / reimbursement): pick the place's rule file, run the calculator,
and reply with the working and a citation for every parameter - or ask for the missing detail."""

from __future__ import annotations

import re

from bot.answer.compose import year_label
from bot.rules.calculator import MARK, Missing, NotStated, Result, contribution, money, rate_of_base, tier_difference
from bot.rules.reimbursement import reimbursement
from bot.rules.registry import benefit_of
from bot.rules.schema import Cited, RuleFile
from bot.schemas import Calculation, CalcStep, Citation, Clarify
from bot.nlu.slots import Slots

_OUT_OF_POCKET = re.compile(r"自付|自费多少|自己[还要得再需]{0,3}(出|付|掏|负担|花|承担|拿)|个人[还要得再需]{0,3}(出|付|负担|掏|承担)|掏多少|要出多少|出多少钱|负担多少|剩下|[还再]得?(出|掏|付)多少")


class CitationMaker:
    """Numbers the cited parameters of a calculation as [n] citations."""

    def __init__(self, retriever) -> None:
        self.retriever = retriever
        self.items: list[Citation] = []

    def cite(self, c: Cited | None) -> int | None:
        if c is None:
            return None
        for item in self.items:
            if item.passage_id == c.passage and item.quote == c.quote:
                return item.n
        hit = self.retriever.get(c.passage)
        if hit is None:
            return None
        quote = _whole_sentence(hit.text, c.quote if c.quote in hit.text else _verbatim(hit.text, c.quote))
        for item in self.items:
            if item.passage_id == hit.passage_id and item.quote == quote:
                return item.n  # two parameters from one sentence share its citation
        n = len(self.items) + 1
        self.items.append(Citation(n=n, passage_id=hit.passage_id, source=hit.source, title=hit.title,
                                   quote=quote, region=hit.region, year=hit.year))
        return n


def _whole_sentence(text: str, quote: str) -> str:
    """The sentence(s) of the passage around a parameter's quote, so a reader checks it in context."""
    from bot.answer.extract import split_sentences

    at = text.find(quote)
    if at < 0:
        return quote
    spans = [(a, b) for a, b in split_sentences(text) if a < at + len(quote) and b > at]
    if not spans:
        return quote
    lo, hi = min(at, spans[0][0]), max(at + len(quote), spans[-1][1])
    return text[lo:hi] if hi - lo <= 200 else quote


def _verbatim(text: str, quote: str) -> str:
    """The passage's own characters for a quote that matched ignoring whitespace."""
    target = "".join(quote.split())
    for i in range(len(text)):
        j, k = i, 0
        while j < len(text) and k < len(target):
            if text[j].isspace():
                j += 1
                continue
            if text[j] != target[k]:
                break
            j += 1
            k += 1
        if k == len(target):
            return text[i:j]
    return quote


_TIER_DIFF = re.compile(r"(高档|二档|第二档|低档|一档|第一档).{0,6}(比|跟|和|与).{0,6}(低档|一档|第一档|高档|二档|第二档)"
                        r".{0,12}(多(?!少)|差|贵|便宜|少交|少掏)|(高档|二档)和(低档|一档)(差|相差)")


def asks_tier_difference(norm: str) -> bool:
    """"选高档比低档多交多少": the gap between tiers, not a contribution."""
    return bool(_TIER_DIFF.search(norm))


def compute(rules: RuleFile, intent: str, slots: Slots, norm: str) -> Result:
    if intent == "contribution":
        if _TIER_DIFF.search(norm):
            return tier_difference(rules, slots)
        if rules.contribution.rate_of_base is not None and not rules.contribution.tiers:
            return rate_of_base(rules, slots, norm)
        return contribution(rules, slots)
    care = slots.care or "inpatient"
    benefit = benefit_of(rules, care, norm)
    if benefit is None:
        raise NotStated(f"{rules.region}的资料没有写这种治疗的报销规定")
    result = reimbursement(rules, benefit, slots, norm, bool(_OUT_OF_POCKET.search(norm)))
    if slots.care is None:
        result.assumptions.insert(0, f"问题没有说明是住院还是门诊,按{benefit.name}计算。")
    return result


def calculation_reply_parts(rules: RuleFile, result: Result, cites: CitationMaker, current_year: int):
    steps = [CalcStep(label=s.label, formula=s.formula, value=float(s.value), citation=cites.cite(s.cite))
             for s in result.steps]
    for cited in result.extras.get("marks", []):  # "资料写明…资助参保{mark}": the note's marker
        result.assumptions = [a.replace(MARK, f"[{cites.cite(cited)}]", 1) if MARK in a else a
                              for a in result.assumptions]
    calc = Calculation(kind=result.kind, amount=float(result.amount), region=rules.region, year=rules.year,
                       steps=steps, assumptions=result.assumptions)
    if result.extras.get("lookup"):
        quoted = _quoted_parameters(cites, steps, result.steps)
        mark = f"[{steps[0].citation}]" if steps and steps[0].citation else ""
        head = quoted or f"{result.summary}{mark}"
        lines = [f"根据{rules.region}({year_label(rules.year)})的规定:{head}。"]
        if quoted:
            lines.append(f"即{result.summary}。")
        if rules.year and rules.year < current_year:
            lines.append(f"提示:这是{rules.year}年的标准,之后可能已经调整,请以当地医保部门最新公布为准。")
        elif not rules.year:
            lines.append("提示:原文没有写明年份,标准可能已经调整,请以当地医保部门最新公布为准。")
        return "\n".join(lines), calc
    lines = [f"按{rules.region}({year_label(rules.year)})的规定估算:{result.summary}。"]
    if result.kind == "reimbursement" and result.amount == result.extras.get("out_of_pocket") and \
            result.amount != result.extras.get("reimbursed"):
        detail = re.sub(r",个人自付约[\d.]+元$", "", result.summary)
        lines[0] = f"按{rules.region}({year_label(rules.year)})的规定估算:个人自付约{money(result.amount)}元({detail})。"
    lines.append("计算过程:")
    for s in steps:
        mark = f"[{s.citation}]" if s.citation else ""
        is_parameter = not any(op in s.formula for op in ("×", "−", "+", "min(", "按问题")) and _fmt(s.value) in s.formula
        unit = "%" if "%" in s.formula and "比例" in s.label else ""
        lines.append(f"· {s.label}:{s.formula}{'' if is_parameter else ' = ' + _fmt(s.value) + unit}{mark}")
    if result.assumptions:
        lines.append("说明:" + "".join(result.assumptions))
    lines.append("以上为估算,实际以医保经办机构结算为准。")
    if rules.year and rules.year < current_year:
        lines.append(f"提示:这是{rules.year}年的标准,之后可能已经调整,请以当地医保部门最新公布为准。")
    elif not rules.year:
        lines.append("提示:原文没有写明年份,标准可能已经调整,请以当地医保部门最新公布为准。")
    return "\n".join(lines), calc


def _quoted_parameters(cites: CitationMaker, steps: list[CalcStep], sources: list) -> str | None:
    """The text's own words stating the looked-up parameters ("每人每年基金最高支付限额15万元"), each with
    its marker: the cited sentence when it is short enough to lead, else the rule file's quote inside it
    ("起付线 500 元 / 年" of a long table row)."""
    from bot.answer.extract import strip_label

    parts: list[str] = []
    for st, src in zip(steps, sources):
        n = st.citation
        item = next((i for i in cites.items if i.n == n), None) if n else None
        if item is None:
            continue
        text = item.quote
        if len(text) > 120:  # a long table row: the rule file's quote inside it
            quote = getattr(src.cite, "quote", None)
            if not quote or quote not in item.quote:
                return None
            text = quote
        part = strip_label(text).rstrip("。;;,,") + f"[{n}]"
        if part not in parts:
            parts.append(part)
    return ";".join(parts) or None


RATES_HEAD = "城乡居民医保个人缴费:"  # the rates reply's first line says this after the place and year


def rates_reply_text(rules: RuleFile, cites: CitationMaker, current_year: int, norm: str = "") -> str:
    """"潍坊居民医保交多少" with nobody counted and no tier: the file's rates, each with its citation
    (the subsidy first when that is what is asked)."""
    c = rules.contribution
    subsidy_at = re.search(r"财政|政府补|补助|补贴", norm)
    # "个人交多少,财政补多少": the individual rate was asked first and leads
    own_at = re.search(r"(个人|自己|每人)[^,。,;?]{0,6}?(交|缴|出|掏|付|拿)[^,。,;?]{0,4}?(多少|几)", norm)
    if c.subsidy is not None and subsidy_at and not (own_at and own_at.start() < subsidy_at.start()):
        head = f"{rules.region}({year_label(rules.year)})城乡居民医保财政补助每人{money(c.subsidy.amount)}元[{cites.cite(c.subsidy)}]。"
        rest = rates_reply_text(rules.model_copy(update={"contribution": c.model_copy(update={"subsidy": None})}),
                                cites, current_year)
        return head + "\n" + rest
    verbatim = _one_sentence_for_all_tiers(rules, cites)
    if verbatim:  # the text's own sentence states every tier: quote it rather than restate it
        parts = [verbatim]
    else:
        parts = [f"{name}每人每年{money(m.amount)}元[{cites.cite(m)}]" for name, m in c.tiers.items()]
    said: set[str] = set()
    for name, cat in c.categories.items():
        if name in c.tiers and cat.amount == c.tiers[name].amount:
            continue  # 宁波's only tier is its 中小学生 category: said once
        sharing = [n for n, other in c.categories.items() if other.quote == cat.quote]
        if len(sharing) > 1 and all(n in cat.quote for n in sharing):
            if cat.quote not in said:  # 潍坊: "学生、儿童统一按低档缴费,享受高档待遇", in the text's words once
                said.add(cat.quote)
                parts.append(f"{cat.quote}[{cites.cite(cat)}]")
            continue
        what = f"每人{money(cat.amount)}元" if cat.amount is not None else f"按{cat.tier}缴费"
        if cat.benefit_tier and cat.benefit_tier != cat.tier:
            what += f",享受{cat.benefit_tier}待遇"
        parts.append(f"{name}{what}[{cites.cite(cat)}]")
    lines = [f"{rules.region}({year_label(rules.year)}){RATES_HEAD}" + ";".join(parts) + "。"]
    if c.subsidy is not None:
        lines.append(f"财政另外补助每人{money(c.subsidy.amount)}元[{cites.cite(c.subsidy)}],不需个人缴纳。")
    choose = "、各选哪一档" if len(c.tiers) > 1 else ""
    lines.append(f"告诉我家里几口人{choose},我可以帮您算出一共交多少。")
    if rules.year and rules.year < current_year:
        lines.append(f"提示:这是{rules.year}年的标准,之后可能已经调整,请以当地医保部门最新公布为准。")
    elif not rules.year:
        lines.append("提示:原文没有写明年份,标准可能已经调整,请以当地医保部门最新公布为准。")
    return "\n".join(lines)


def _one_sentence_for_all_tiers(rules: RuleFile, cites: CitationMaker) -> str | None:
    """"一档:140元/人.年,二档:350元/人.年": the sentence of the text that states all the tiers, with its
    citation, when one short sentence does."""
    tiers = list(rules.contribution.tiers.values())
    if len(tiers) < 2 or len({t.passage for t in tiers}) != 1:
        return None
    before = len(cites.items)
    numbers = {cites.cite(t) for t in tiers}
    if len(numbers) != 1:
        del cites.items[before:]  # not one sentence: the tiers are cited one by one below
        return None
    n = numbers.pop()
    item = next((i for i in cites.items if i.n == n), None)
    if item is None or len(item.quote) > 120 or not all(money(t.amount) in item.quote for t in tiers):
        return None
    from bot.answer.extract import strip_label

    return strip_label(item.quote).rstrip("。;;,,") + f"[{n}]"


def _fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def clarify_parts(rules: RuleFile | None, missing: Missing, cites: CitationMaker) -> tuple[str, Clarify]:
    marks = "".join(f"[{n}]" for n in dict.fromkeys(cites.cite(c) for c in missing.cites if c is not None) if n)
    prefix = f"{rules.region}{year_label(rules.year)}:" if rules else ""
    options_line = "、".join(missing.options)
    text = f"{prefix}{missing.question}" + (f"(可选:{options_line}){marks}" if missing.options else marks)
    return text, Clarify(question=missing.question, slot=missing.slot, options=missing.options)


__all__ = ["CitationMaker", "Missing", "NotStated", "compute", "calculation_reply_parts", "clarify_parts"]
