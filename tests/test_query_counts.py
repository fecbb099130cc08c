"""Every page of a pair runs the same number of queries with 10 or 1,000 past 1:1s."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.history.index import index_upsert
from showup.insights.rollups import rollups_rebuild_all
from showup.meetings.models import Occurrence, Series
from showup.meetings.services import series_keep_window
from showup.notes.models import Note
from tests.factories import PersonFactory, weekly_series

# Pinned budgets: a change that adds a query per row of history fails here.
# A page's first rendering (nothing kept yet):
BUDGETS = {
    "pages:home": 15,  # the calendar's open questions (outside the kept body); the gap rule (meetings/gaps.py): active series, the dates that count
    "pages:pair": 11,  # the gap rule: the dates that count
    "pages:occurrence": 23,
    "agendas:agenda": 7,
    "actions:list": 6,
    "history:timeline": 9,
    "history:search": 6,
    "history:print": 8,  # the open action items, agreed in a 1:1 or not
    "history:export": 8,
    "insights:pair": 11,
    "insights:team": 23,  # + the last year of each pair's dates and points, + draft reviews, + moves, feedback, career plans and talks, commitments (issue 24)
    "insights:org": 9,  # the gap rule: the dates that count; career talks; new joiners
}

# The same pages seen again, their bodies kept: session, person, and what keys the body.
KEPT_BUDGETS = {
    "pages:home": 4,  # and the calendar's open questions, asked on every view
    "pages:pair": 4,
    "pages:occurrence": 3,
    "history:timeline": 4,
    "history:search": 3,
    "insights:team": 4,
    "insights:org": 4,
}


def series_with_history(weeks: int) -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    start = timezone.now() - timedelta(weeks=weeks)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    series_keep_window(series=series)
    past = list(series.occurrences.filter(end__lt=timezone.now()))
    Occurrence.objects.filter(pk__in=[occurrence.pk for occurrence in past]).update(
        state=Occurrence.State.HELD, outcome_by=manager
    )
    TalkingPoint.objects.bulk_create(
        TalkingPoint(
            pair=series.pair,
            occurrence=occurrence,
            author=report,
            text=f"Career point {occurrence.pk}",
            discussed_at=occurrence.end,
        )
        for occurrence in past
    )
    Note.objects.bulk_create(
        Note(occurrence=occurrence, body=f"**Notes** {occurrence.pk}", version=1)
        for occurrence in past
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            pair=series.pair,
            occurrence=occurrence,
            owner=manager,
            text=f"Follow up {occurrence.pk}",
            created_by=report,
        )
        for occurrence in past
    )
    for point in TalkingPoint.objects.all():
        index_upsert(
            kind="point",
            object_id=point.pk,
            pair=series.pair,
            occurrence=point.occurrence,
            private_to=None,
            body=point.text,
        )
    rollups_rebuild_all()
    return series


def urls(series: Series) -> dict[str, str]:
    upcoming = series.occurrences.filter(start__gt=timezone.now()).order_by("start")[0]
    return {
        "pages:home": reverse("pages:home"),
        "pages:pair": reverse("pages:pair", args=[series.pair_id]),
        "pages:occurrence": reverse("pages:occurrence", args=[upcoming.pk]),
        "agendas:agenda": reverse("agendas:agenda", args=[upcoming.pk]),
        "actions:list": reverse("actions:list", args=[upcoming.pk]),
        "history:timeline": reverse("history:timeline", args=[series.pair_id]),
        "history:search": reverse("history:search") + "?q=career",
        "history:print": reverse("history:print", args=[series.pair_id]),
        "history:export": reverse("history:export", args=[series.pair_id]),
        "insights:pair": reverse("insights:pair", args=[series.pair_id]) + "?period=52w",
        "insights:team": reverse("insights:team") + "?period=52w",
        "insights:org": reverse("insights:org") + "?period=52w",
    }


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            url, HTTP_HX_REQUEST="true" if "/agenda/" in url or "/actions/" in url else ""
        )
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [10, 1000])
def test_queries_do_not_grow_with_history(client: Client, weeks: int) -> None:
    series = series_with_history(weeks)
    assert series.occurrences.filter(end__lt=timezone.now()).count() >= weeks - 1
    client.force_login(series.pair.lead)
    counts = {name: count_queries(client, url) for name, url in urls(series).items()}
    assert counts == BUDGETS
    seen_again = {name: count_queries(client, url) for name, url in urls(series).items()}
    assert seen_again == {**BUDGETS, **KEPT_BUDGETS}
