"""Every API read runs the same number of queries with 10 or 200 past 1:1s: lists come a page at a time."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from showup.actions.models import ActionItem
from showup.api.services import token_issue
from showup.feedback.services import feedback_give
from showup.meetings.models import Series
from tests.api_world import TokenClient
from tests.test_query_counts import series_with_history

# Pinned budgets, each with the token's two queries (find it, count the request).
BUDGETS = {
    "me": 3,
    "pairs": 4,
    "pair": 5,
    "series": 5,
    "series-one": 3,
    "past": 5,
    "ahead": 5,
    "occurrence": 5,
    "agenda": 5,
    "notes": 4,
    "pair-actions": 5,
    "occurrence-actions": 5,
    "feedback": 5,
    "insights": 7,
    "attention": 21,  # the team view the Insights page reads (rules, timelines, ratings) and the token
    "search": 5,
}


def urls(series: Series) -> dict[str, str]:
    now = timezone.now()
    upcoming = series.occurrences.filter(start__gt=now).order_by("start")[0]
    pair = f"/api/v1/pairs/{series.pair_id}"
    here = f"/api/v1/occurrences/{upcoming.pk}"
    return {
        "me": "/api/v1/me",
        "pairs": "/api/v1/pairs",
        "pair": pair,
        "series": f"{pair}/series",
        "series-one": f"/api/v1/series/{series.pk}",
        "past": f"{pair}/occurrences?limit=100",
        "ahead": f"{pair}/occurrences?when=ahead&limit=100",
        "occurrence": here,
        "agenda": f"{here}/agenda",
        "notes": f"{here}/notes",
        "pair-actions": f"{pair}/actions?state=all&limit=100",
        "occurrence-actions": f"{here}/actions",
        "feedback": f"{pair}/feedback?limit=100",
        "insights": f"{pair}/insights?period=52w",
        "search": "/api/v1/search?q=career&limit=100",
        "attention": "/api/v1/attention",
    }


def count_queries(client: TokenClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [10, 200])
def test_api_queries_do_not_grow_with_history(settings: Any, weeks: int) -> None:
    settings.API_RATE_LIMIT = 1000
    series = series_with_history(weeks)
    lead, member = series.pair.lead, series.pair.member
    for _ in range(3):
        feedback_give(pair=series.pair, giver=member, kind="praise", text="Thank you")
    ActionItem.objects.filter(pk__in=ActionItem.objects.values("pk")[:3]).update(
        done_at=timezone.now()
    )
    issued = token_issue(
        person=lead, name="counts", scope="read", expires_in_days=7, now=timezone.now()
    )
    client = TokenClient(issued.secret)
    counts = {name: count_queries(client, url) for name, url in urls(series).items()}
    assert counts == BUDGETS
