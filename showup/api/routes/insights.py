"""The report's check-in and rating of a 1:1, and a pair's numbers over a period."""

from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from showup.actions.selectors import follow_through
from showup.api.present import numbers_out, summary_out
from showup.api.routes.common import answers, caller
from showup.api.schemas import AttentionOut, FollowThroughOut, InsightsOut, ScoreIn, ScoreOut
from showup.insights import selectors, services
from showup.insights.team import team_view
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


@router.get("/attention", response=answers(ok=list[AttentionOut]), url_name="attention")
def attention(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's attention list about their own reports, as the Insights page and the Monday
    digest show it: the same rules, most urgent first. Empty for someone who leads nobody."""
    manager = caller(request)
    now = timezone.now()
    since = selectors.period_start(selectors.DEFAULT_PERIOD, now)
    view = team_view(manager=manager, since=since, now=now)
    return [
        {
            "kind": entry.kind,
            "severity": entry.severity,
            "person_id": entry.person.pk,
            "named_ids": [person.pk for person in entry.named],
            "title": entry.title,
            "detail": entry.detail,
            "action": entry.action,
            "url": settings.BASE_URL + entry.url,
        }
        for entry in view.attention
    ]


def _record(record: Any) -> FollowThroughOut:
    return FollowThroughOut(
        on_time=record.on_time, late=record.late, overdue=record.overdue, open=record.open
    )
