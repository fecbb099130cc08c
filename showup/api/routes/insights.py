"""The report's check-in and rating of a 1:1, and a pair's numbers over a period."""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from showup.actions.selectors import follow_through
from showup.api.present import numbers_out, summary_out
from showup.api.routes.common import answers, caller
from showup.api.schemas import FollowThroughOut, InsightsOut, ScoreIn, ScoreOut
from showup.insights import selectors, services
from showup.meetings import selectors as meetings

router = Router(tags=["check-ins and insights"])


@router.put(
    "/occurrences/{id:occurrence_id}/check-in",
    response=answers(ok=ScoreOut),
    url_name="check-in",
)
def check_in(request: HttpRequest, occurrence_id: int, answer: ScoreIn) -> dict[str, Any]:
    """How the report is before the 1:1, 1 to 5. Only the report answers; answering again changes it."""
    person = caller(request)
    occurrence = meetings.occurrence_get(person=person, occurrence_id=occurrence_id)
    recorded = services.check_in_record(occurrence=occurrence, by=person, score=answer.score)
    return {"occurrence_id": occurrence.pk, "score": recorded.score}


@router.put(
    "/occurrences/{id:occurrence_id}/rating", response=answers(ok=ScoreOut), url_name="rating"
)
def rating(request: HttpRequest, occurrence_id: int, answer: ScoreIn) -> dict[str, Any]:
    """How useful the 1:1 was, 1 to 5, once it was held. Only the report rates."""
    person = caller(request)
    occurrence = meetings.occurrence_get(person=person, occurrence_id=occurrence_id)
    recorded = services.rating_record(occurrence=occurrence, by=person, score=answer.score)
    return {"occurrence_id": occurrence.pk, "score": recorded.score}


@router.get("/pairs/{id:pair_id}/insights", response=answers(ok=InsightsOut), url_name="insights")
def pair_insights(
    request: HttpRequest, pair_id: int, period: Literal["4w", "12w", "26w", "52w"] = "12w"
) -> dict[str, Any]:
    """The pair's numbers over the period, from the weekly rollups: what the pair's insights page shows."""
    reader = caller(request)
    pair = meetings.pair_get(person=reader, pair_id=pair_id)
    since = selectors.period_start(period, timezone.now())
    numbers = selectors.numbers_by_pair(pairs=[pair.pk], since=since).get(
        pair.pk, selectors.Numbers()
    )
    records = follow_through(pair=pair, reader=reader, today=timezone.localdate())
    return {
        "pair_id": pair.pk,
        "period": period,
        "since": since,
        "numbers": numbers_out(numbers),
        "summary": summary_out(meetings.summary_of(pair=pair, reader=reader)),
        "lead_follow_through": _record(records[pair.lead_id]),
        "member_follow_through": _record(records[pair.member_id]),
    }


def _record(record: Any) -> FollowThroughOut:
    return FollowThroughOut(
        on_time=record.on_time, late=record.late, overdue=record.overdue, open=record.open
    )
