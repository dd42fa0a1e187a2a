"""Plain-text rendering of a reply for people at a terminal."""

from __future__ import annotations

from bot.schemas import ChatReply


def render_text(reply: ChatReply) -> str:
    out = [reply.answer]
    if reply.clarify and reply.clarify.options:
        out.append("可选:" + " / ".join(reply.clarify.options))
    if reply.calculation:
        out.append("")
        out.append("计算过程:")
        for step in reply.calculation.steps:
            cite = f" [{step.citation}]" if step.citation else ""
            out.append(f"  {step.label}: {step.formula} = {step.value:g}{cite}")
    if reply.citations:
        out.append("")
        out.append("来源:")
        for c in reply.citations:
            where = " · ".join(x for x in (c.region, f"{c.year}年" if c.year else None) if x)
            out.append(f"  [{c.n}] 《{c.title}》 {where} ({c.source}, {c.passage_id})")
            out.append(f"      “{c.quote}”")
    if reply.suggestions:
        out.append("")
        out.append("您可以问:" + ";".join(reply.suggestions))
    out.append("")
    out.append(f"(status={reply.status}, intent={reply.intent}, confidence={reply.confidence:.2f})")
    return "\n".join(out)
