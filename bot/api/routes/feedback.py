"""POST /api/feedback: thumbs up/down on a reply, stored durably in SQLite."""

from __future__ import annotations

from fastapi import APIRouter

from bot.api.deps import StoreDep
from bot.api.models import ErrorResponse, FeedbackRequest, FeedbackResponse
from bot.core.errors import NotFound

router = APIRouter(tags=["feedback"])


@router.post("/api/feedback", response_model=FeedbackResponse,
             responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})
def feedback(body: FeedbackRequest, store: StoreDep) -> FeedbackResponse:
    if not store.has_exchange(body.request_id):
        raise NotFound("找不到这条回答,无法记录评价。")
    comment = body.comment.strip() if body.comment else None
    return FeedbackResponse(ok=True, feedback_id=store.add(body.request_id, body.rating, comment or None, body.reason))
