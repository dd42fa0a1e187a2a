"""Plain-text renderings of a reply: for chat clients (OpenAI-compatible endpoint) and for a terminal."""

from __future__ import annotations

from bot.schemas import ChatReply, Citation


def where(c: Citation, sep: str = "·") -> str:
    return sep.join(x for x in (c.region, f"{c.year}年" if c.year else None) if x)


def _options(reply: ChatReply) -> list[str]:
    return ["可选:" + " / ".join(reply.clarify.options)] if reply.clarify and reply.clarify.options else []


def chat_text(reply: ChatReply) -> str:
    """The answer, clarify options and the cited quotes, as one message for a chat front-end."""
    head = "\n\n".join([reply.answer, *_options(reply)])
    if not reply.citations:
        return head
    sources = [f"[{c.n}] 《{c.title}》{'(' + where(c) + ')' if where(c) else ''}:{c.quote}" for c in reply.citations]
    return head + "\n\n来源:\n" + "\n".join(sources)


def render_text(reply: ChatReply) -> str:
    """For people at a terminal: the answer, options, sources with file and passage ids, and status."""
    out = [reply.answer, *_options(reply)]
    if reply.citations:
        out += ["", "来源:"]
        for c in reply.citations:
            out.append(f"  [{c.n}] 《{c.title}》 {where(c, ' · ')} ({c.source}, {c.passage_id})")
            out.append(f"      “{c.quote}”")
    if reply.suggestions:
        out += ["", "您可以问:" + ";".join(reply.suggestions)]
    out += ["", f"(status={reply.status}, intent={reply.intent}, confidence={reply.confidence:.2f})"]
    return "\n".join(out)
