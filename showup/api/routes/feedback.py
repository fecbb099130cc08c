"""Feedback between the two people of a pair, upward included."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from showup.api.pagination import PageIn, page_of
from showup.api.present import feedback_out
from showup.api.routes.common import answers, caller
from showup.api.schemas import FeedbackIn, FeedbackOut, FeedbackPage
from showup.feedback import selectors, services
from showup.meetings import selectors as meetings

router = Router(tags=["feedback"])


@router.get("/pairs/{id:pair_id}/feedback", response=answers(ok=FeedbackPage), url_name="feedback")
def pair_feedback(request: HttpRequest, pair_id: int, page: Query[PageIn]) -> dict[str, Any]:
    """Feedback either way in the pair, newest first: only the two of them read it."""
    reader = caller(request)
    pair = meetings.pair_get(person=reader, pair_id=pair_id)
    given = selectors.feedback_of_pair(pair=pair, reader=reader).order_by("-created_at", "-pk")
    return page_of(given, page, feedback_out)


@router.post(
    "/pairs/{id:pair_id}/feedback",
    response=answers(created=FeedbackOut),
    url_name="feedback-give",
)
def feedback_give(request: HttpRequest, pair_id: int, feedback: FeedbackIn) -> Status:
    """Gives praise or a suggestion to the other person of the pair, optionally tied to a 1:1."""
    person = caller(request)
    pair = meetings.pair_get(person=person, pair_id=pair_id)
    occurrence = (
        meetings.occurrence_get(person=person, occurrence_id=feedback.occurrence_id)
        if feedback.occurrence_id
        else None
    )
    given = services.feedback_give(
        pair=pair, giver=person, kind=feedback.kind, text=feedback.text, occurrence=occurrence
    )
    return Status(201, feedback_out(given))
