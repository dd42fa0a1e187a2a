"""POST /api/feedback: thumbs up/down (and an optional reason) on a reply, committed before 200."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request

from bot.api.models import ErrorResponse, FeedbackRequest, FeedbackResponse
from bot.core.errors import NotFound
from bot.core.ids import is_issued
from bot.core.pii import mask_pii
from bot.store import StoreUnavailable

router = APIRouter(tags=["feedback"])


@router.post("/api/feedback", response_model=FeedbackResponse,
             responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse},
                        503: {"model": ErrorResponse}})
def feedback(body: FeedbackRequest, request: Request,
             idempotency_key: Annotated[str | None, Header(max_length=128)] = None) -> FeedbackResponse:
    state = request.app.state
    store = state.store
    if store is None:
        raise StoreUnavailable("暂时无法保存评价,请稍后再试。", detail=state.store_error)
    try:
        # Ids this deployment issued are recognised by their signature: no database read, and any
        # replica accepts feedback even before the answering replica has logged the exchange.
        if not is_issued(body.request_id, state.request_key) and not store.has_exchange(body.request_id):
            raise NotFound("找不到这条回答,无法记录评价。")
        comment = mask_pii(body.comment.strip()) if body.comment else None
        key = body.idempotency_key or idempotency_key or None  # the field wins when both are sent
        fid = store.add(body.request_id, body.rating, comment or None, reason=body.reason, idempotency_key=key)
    except StoreUnavailable as exc:
        if state.writer is not None:
            state.writer.note_failure("feedback", exc.detail)
        raise StoreUnavailable("暂时无法保存评价,请稍后再试。", detail=exc.detail) from exc
    return FeedbackResponse(ok=True, feedback_id=fid)
