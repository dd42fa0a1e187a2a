"""GET /api/passages/{passage_id}: a cited passage in context (document, neighbours)."""

from __future__ import annotations

from fastapi import APIRouter, Path

from bot.api.deps import BotDep
from bot.api.models import ErrorResponse, PassageDetail
from bot.core.errors import NotFound

router = APIRouter(tags=["passages"])


@router.get("/api/passages/{passage_id}", response_model=PassageDetail, responses={404: {"model": ErrorResponse}})
def get_passage(passage_id: str = Path(max_length=64), *, bot: BotDep) -> PassageDetail:
    hit = bot.retriever.get(passage_id)
    if hit is None:
        raise NotFound("没有找到这段原文,可能资料库已经更新。")
    siblings = bot.retriever.doc_passages(hit.doc_id)
    ids = [s.passage_id for s in siblings]
    i = ids.index(hit.passage_id)
    neighbours = [
        {"passage_id": s.passage_id, "text": s.text, "position": "previous" if j < i else "next"}
        for j, s in enumerate(siblings)
        if abs(j - i) == 1
    ]
    return PassageDetail(
        passage_id=hit.passage_id, source=hit.source, title=hit.title, region=hit.region, year=hit.year,
        text=hit.text, start=hit.start, end=hit.end,
        previous=ids[i - 1] if i > 0 else None, next=ids[i + 1] if i + 1 < len(ids) else None,
        neighbours=neighbours, url=_document_url(bot, hit.doc_id),
    )


def _document_url(bot, doc_id: str) -> str | None:
    """The original page's address when the document's front matter gives one (http/https only)."""
    doc = next((d for d in bot.index.documents if d.get("doc_id") == doc_id), None)
    url = (doc or {}).get("url")
    return url if isinstance(url, str) and url.startswith(("https://", "http://")) else None
