"""The org's numbers are kept between views, and follow any change in the company."""

from datetime import timedelta

import pytest
from django.utils import timezone

from showup.insights import selectors
from showup.insights.org import org_view
from showup.meetings import services as meetings
from tests.factories import PersonFactory, weekly_series


@pytest.mark.django_db
def test_a_kept_org_view_follows_a_1_1_held_anywhere() -> None:
    now = timezone.now()
    manager = PersonFactory.create(name="Max Manager")
    reports = [PersonFactory.create(manager=manager) for _ in range(3)]
    series = weekly_series(
        manager,
        reports[0],
        first_day=(now - timedelta(weeks=3)).date(),
        now=now - timedelta(weeks=3),
    )
    admin = PersonFactory.create(is_admin=True)
    since = selectors.period_start("12w", now)

    def held() -> int:
        view = org_view(viewer=admin, since=since, now=now)
        assert view is not None
        assert view.total is not None
        return view.total.numbers.held

    before = held()
    first = series.occurrences.filter(end__lt=now).order_by("start")[0]
    meetings.occurrence_hold(occurrence=first, by=manager)
    assert held() == before + 1
