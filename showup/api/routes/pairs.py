"""The caller, their pairs, series and occurrences with outcomes."""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from showup.api.pagination import PageIn, page_of
from showup.api.present import (
    occurrence_out,
    pair_out,
    person_out,
    series_or_none,
    series_out,
    summary_out,
)
from showup.api.routes.common import answers, caller
from showup.api.schemas import (
    MeOut,
    OccurrenceDetailOut,
    OccurrencePage,
    PairDetailOut,
    PairPage,
    SeriesOut,
    SeriesPage,
)
from showup.insights.selectors import member_pulse
from showup.meetings import selectors

router = Router(tags=["pairs"])


@router.get("/me", response=answers(ok=MeOut), url_name="me")
def me(request: HttpRequest) -> dict[str, Any]:
    person = caller(request)
    return {
        "id": person.pk,
        "name": person.name,
        "email": person.email,
        "timezone": person.timezone,
        "manager": person_out(person.manager),
    }


@router.get("/pairs", response=answers(ok=PairPage), url_name="pairs")
def pairs(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The pairs the caller holds 1:1s in, as manager or as report."""
    mine = selectors.pairs_of(caller(request)).select_related("lead", "member").order_by("pk")
    return page_of(mine, page, pair_out)


@router.get("/pairs/{id:pair_id}", response=answers(ok=PairDetailOut), url_name="pair")
def pair(request: HttpRequest, pair_id: int) -> dict[str, Any]:
    """One pair with its current series and its counts."""
    reader = caller(request)
    found = selectors.pair_get(person=reader, pair_id=pair_id)
    return {
        **pair_out(found),
        "series": series_or_none(selectors.current_series(pair=found, reader=reader)),
        "summary": summary_out(selectors.summary_of(pair=found, reader=reader)),
    }


@router.get("/pairs/{id:pair_id}/series", response=answers(ok=SeriesPage), url_name="series")
def pair_series(request: HttpRequest, pair_id: int, page: Query[PageIn]) -> dict[str, Any]:
    """Every series the pair had, newest first: a change of rule starts a new one."""
    reader = caller(request)
    found = selectors.pair_get(person=reader, pair_id=pair_id)
    return page_of(selectors.series_of_pair(pair=found, reader=reader), page, series_out)


@router.get("/series/{id:series_id}", response=answers(ok=SeriesOut), url_name="series-one")
def series(request: HttpRequest, series_id: int) -> dict[str, Any]:
    return series_out(selectors.series_get(person=caller(request), series_id=series_id))


@router.get(
    "/pairs/{id:pair_id}/occurrences",
    response=answers(ok=OccurrencePage),
    url_name="occurrences",
)
def occurrences(
    request: HttpRequest,
    pair_id: int,
    page: Query[PageIn],
    when: Literal["past", "ahead"] = "past",
) -> dict[str, Any]:
    """The pair's 1:1s with their outcomes: the past newest first, or those ahead soonest first."""
    reader = caller(request)
    found = selectors.pair_get(person=reader, pair_id=pair_id)
    now = timezone.now()
    dates = (
        selectors.pair_past(pair=found, reader=reader, now=now)
        if when == "past"
        else selectors.pair_ahead(pair=found, reader=reader, now=now).select_related("outcome_by")
    )
    return page_of(dates, page, occurrence_out)


@router.get(
    "/occurrences/{id:occurrence_id}",
    response=answers(ok=OccurrenceDetailOut),
    url_name="occurrence",
)
def occurrence(request: HttpRequest, occurrence_id: int) -> dict[str, Any]:
    """One 1:1 with its outcome, and the report's check-in and rating of it."""
    reader = caller(request)
    found = selectors.occurrence_get(person=reader, occurrence_id=occurrence_id)
    pulse = member_pulse(occurrence=found, reader=reader)  # none where the page asks none
    return {
        **occurrence_out(found),
        "check_in": pulse.check_in.score if pulse.check_in else None,
        "rating": pulse.rating.score if pulse.rating else None,
    }
