"""What a money reply says about years: "今年交多少" is answered by the newest standard with a line saying this
year's is not in the texts; a story's own year ("我妈去年在平阳住院…") is not the rule's, and the reply says
so; where the place's text states that very year's figure ("2020年新入学…缴费标准为83元/人"), it leads."""

from __future__ import annotations

import re
from decimal import Decimal

from bot.answer.compose import tidy, under_headline
from bot.answer.extract import split_sentences
from bot.retrieval.query import THIS_YEAR_ASK, mentioned_years
from bot.rules.calculator import money
from bot.schemas import CalcStep, Calculation, ChatReply, Citation
from bot.text.normalize import normalize

_CARRY_OVER = re.compile(r"(没用完|用不完|没花完|剩下|剩的|结余|余额)[^,。,;??]{0,10}(明年|下一年|次年|下年|结转|接着用|留)")
_PER_PERSON = re.compile(r"(\d+(?:\.\d+)?)\s*元\s*/\s*人")
_TOTAL_Q = re.compile(r"一共|总共|合计|加起来|两项|两样|加上")
MIN_SHARED_WEIGHT = 6.0  # question words a year's figure sentence must share to be about what is asked


def with_current_year_note(bot, query, reply: ChatReply) -> ChatReply:
    """"伊春一家三口今年交多少": the newest standard the texts state answers, and the reply says right after
    its headline that this year's own standard is not in the texts."""
    year, current = reply.year, bot.settings.current_year
    if reply.status != "answer" or not year or year in query.years:
        return reply
    for asked in [y for y in query.years if y != year] if reply.calculation is not None else []:
        figure = story_year_figure(bot, query, reply, asked)  # "2020年新入学的学生交多少" in a 2021 text
        if figure is not None:
            return figure
    if THIS_YEAR_ASK.search(query.parts[-1]):
        if year >= current:
            return reply
        note = f"说明:资料里最新的是{year}年的标准;{current}年的标准资料里没有,请以当地医保部门公布为准。"
    else:
        # "我妈去年在平阳县医院住了次院…": the story's year is not the rule's; say so under the headline
        same = " ".join(reply.calculation.assumptions) if reply.calculation else ""
        story = [y for y in mentioned_years(query.parts[-1], current) if y != year and f"与{y}年相同" not in same]
        if _CARRY_OVER.search(query.parts[-1]):
            story = []  # "今年没用完明年还能用吗": a question about carrying the money over, not a dated story
        if reply.calculation is None or not story:
            return reply
        figure = story_year_figure(bot, query, reply, story[0])
        if figure is not None:
            return figure
        note = (f"说明:您说的是{story[0]}年的事,资料里只有{year}年的标准,以上按{year}年的标准估算;"
                f"{story[0]}年的标准请以当地医保部门公布为准。")
    return reply.model_copy(update={"answer": under_headline(reply.answer, note)})


def story_year_figure(bot, query, reply: ChatReply, year: int) -> ChatReply | None:
    """The reply led by the sentence of the cited text that states `year`'s own figure for what is asked
    ("孩子2020年9月转来读初中…一共交多少" -> "2020年新入学市外户籍学生的…缴费标准为83元/人…"), the
    computation with the text's standing rule after it; None when the text states no such figure."""
    pattern = re.compile(rf"{year}年[^。;;]{{0,40}}?\d+(\.\d+)?\s*(万元|元)")
    words = {t for t in query.tokens if not t.isdigit()}
    weight = bot.index.bm25.term_weight
    docs = list(dict.fromkeys(bot.retriever.get(c.passage_id).doc_id for c in reply.citations
                              if bot.retriever.get(c.passage_id) is not None))
    best = None
    for doc in docs:
        for hit in bot.retriever.doc_passages(doc):
            for a, b in split_sentences(hit.text):
                text = hit.text[a:b]
                if not pattern.search(normalize(text)):
                    continue
                score = sum(weight(t) for t in words.intersection(bot.tokenizer.tokens(text)))
                if score >= MIN_SHARED_WEIGHT and (best is None or score > best[0]):
                    best = (score, hit, text)
    if best is None:
        return None
    _, hit, text = best
    n = len(reply.citations) + 1
    cite = Citation(n=n, passage_id=hit.passage_id, source=hit.source, title=hit.title, quote=text.strip(),
                    region=hit.region, year=hit.year)
    quoted = f"{tidy(text.strip())}[{n}]"
    amounts = _PER_PERSON.findall(normalize(text))
    if _TOTAL_Q.search(query.parts[-1]) and len(amounts) >= 2 and reply.calculation is not None:
        # "居民医保加补充医保一共交多少": the year's own figures added up, each from the quoted sentence; the
        # standing rule of another year does not answer it
        parts = [Decimal(a) for a in amounts]
        total = sum(parts)
        calc = Calculation(kind=reply.calculation.kind, amount=float(total), region=reply.calculation.region,
                           year=year, steps=[*(CalcStep(label=f"{year}年原文所列第{i}项", formula=f"每人{money(p)}元",
                                                        value=float(p), citation=n) for i, p in enumerate(parts, 1)),
                                             CalcStep(label="合计", formula=" + ".join(money(p) for p in parts),
                                                      value=float(total))])
        own = cite.model_copy(update={"n": 1})
        answer = (f"按原文写明的{year}年标准,每人合计约{money(total)}元({' + '.join(money(p) for p in parts)})。\n"
                  f"{tidy(text.strip())}[1]\n以上为估算,实际以医保经办机构结算为准。\n"
                  f"提示:这是{year}年的标准,之后可能已经调整,请以当地医保部门最新公布为准。")
        calc = calc.model_copy(update={"steps": [st.model_copy(update={"citation": 1 if st.citation else None})
                                                 for st in calc.steps]})
        return reply.model_copy(update={"answer": answer, "citations": [own], "calculation": calc, "year": year})
    lead = (f"原文写明了{year}年的标准:{quoted}\n"
            f"以下是按{reply.year}年的一般标准估算的,{year}年的情况以上面这句原文为准:")
    return reply.model_copy(update={"answer": lead + "\n" + reply.answer, "citations": [*reply.citations, cite]})
