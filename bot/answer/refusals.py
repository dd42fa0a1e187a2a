"""Fixed replies for questions the corpus cannot answer (no digits of their own)."""

from __future__ import annotations

from bot.retrieval.scope import Scope

CAN_DO = "我可以回答各地医保的缴费标准、报销比例、参保办理、异地就医、定点选点等问题。"
SUGGESTED = ["潍坊居民医保一年交多少钱", "平阳县县级医院住院花了2万能报多少", "中山怎么选定点医院"]


def places_text(places: list[str], limit: int = 40) -> str:
    shown = places[:limit]
    more = "等" if len(places) > limit else ""
    return "、".join(shown) + more


def scope_refusal(scope: Scope, covered: list[str]) -> tuple[str, list[str]]:
    """(answer, suggestions) for a place or year the corpus lacks."""
    place = scope.place.name if scope.place else None
    if scope.problem == "only_narrower_places":
        text = (
            f"抱歉,资料库里没有{place}全市(全省)统一的医保政策,只有其下辖地区的资料:"
            f"{places_text(scope.narrower)}。如果您在这些地方参保,请告诉我具体地区。"
        )
        return text, [f"{p}的医保政策" for p in scope.narrower[:3]]
    if scope.problem == "place_not_covered":
        text = (
            f"抱歉,资料库里没有{place}的医保政策,我不能用其他地方的规定来回答。"
            f"目前收录的地区有:{places_text(covered)}。{place}的政策请咨询当地医保部门或国家医保服务平台。"
        )
        return text, [f"{p}的医保政策" for p in covered[:3]]
    if scope.problem == "year_not_covered":
        where = place or "相关地区"
        have = "、".join(f"{y}年" for y in scope.years_available)
        text = f"抱歉,资料库里没有{where}{scope.year}年的政策。"
        if have:
            text += f"目前只有{have}的资料,可以问我那一年的规定;最新标准请以当地医保部门公布为准。"
        elif scope.unknown_year_docs:
            text += "现有资料没有写明年份,无法确认是否适用于该年度,请以当地医保部门公布为准。"
        return text, []
    raise ValueError(f"no refusal for scope problem {scope.problem!r}")


def no_evidence() -> str:
    return "抱歉,我在资料库里没有找到能回答这个问题的内容,不想凭猜测回答。" + CAN_DO


def not_stated(stated: Exception, intent: str, confidence: float):
    """A refusal for a detail the rule file lacks and no text states either (a hospital level the place's
    text never names); None for the others, which the passages may answer."""
    from bot.rules.calculator import LevelNotStated
    from bot.schemas import ChatReply

    if not isinstance(stated, LevelNotStated):
        return None
    return ChatReply(status="refuse", answer=f"抱歉,{stated},我不能用其他级别医院的标准来估计。" + CAN_DO,
                     intent=intent, confidence=confidence)


def no_evidence_on(topic: str) -> str:
    return (f"抱歉,资料库里的文章没有讲到{topic},我不能拿不相关的内容凑答案。"
            "这方面请咨询当地医保经办机构或国家医保服务平台。" + CAN_DO)


_OFF_TOPIC = {
    "commercial_insurance": "抱歉,商业保险(如百万医疗险、重疾险、车险)的投保和理赔不属于基本医保,我回答不了,请咨询您的保险公司。",
    "medical_advice": "抱歉,我不能提供看病用药方面的建议,身体不适请及时到医院就诊,听从医生的意见。",
    "other_insurance": "抱歉,养老、失业、工伤保险和住房公积金不属于医保,我回答不了,请咨询当地社保或公积金部门。",
    "abroad": "抱歉,资料库只收录国内部分地区的基本医保政策,国外就医和国外的医疗保险我回答不了。",
}


def off_topic(reason: str | None = None) -> str:
    return _OFF_TOPIC.get(reason or "", "抱歉,这个问题不属于医保范围,我回答不了。") + CAN_DO
