"""Insights and their charts in a real browser, at desktop and phone widths."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from showup.insights.rollups import rollups_rebuild_all
from showup.insights.services import check_in_record, rating_record
from showup.meetings import services as meetings
from showup.meetings.models import Series
from tests.browser.helpers import sign_in
from tests.factories import PersonFactory, weekly_series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(transactional_db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager", email="max@example.com")
    start = timezone.now() - timedelta(weeks=12)
    first_series = None
    for index, name in enumerate(("Riley Report", "Sam Second", "Tia Third")):
        report = PersonFactory.create(name=name, manager=manager)
        series = weekly_series(manager, report, first_day=start.date(), now=start)
        first_series = first_series or series
        for number, occurrence in enumerate(
            series.occurrences.filter(end__lt=timezone.now()).order_by("start")
        ):
            if (number + index) % 5 == 0:
                meetings.occurrence_cancel(
                    occurrence=occurrence, by=manager, now=occurrence.start - timedelta(hours=3)
                )
            elif (number + index) % 7 == 0:
                meetings.occurrence_skip(occurrence=occurrence, by=report, now=occurrence.start)
            else:
                check_in_record(occurrence=occurrence, by=report, score=2 + (number % 4))
                meetings.occurrence_hold(occurrence=occurrence, by=manager, now=occurrence.end)
                rating_record(occurrence=occurrence, by=report, score=1 + (number + index) % 5)
    PersonFactory.create(name="Nola Noseries", manager=manager)
    rollups_rebuild_all()
    assert first_series is not None
    return first_series


@pytest.mark.parametrize("width", [1280, 390])
def test_the_manager_s_insights_read_well_at_any_width(
    page: Any, live_server: Any, team: Series, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "max@example.com")
    page.goto(f"{live_server.url}/insights/?period=26w")
    assert (
        page.locator(".attention li")
        .first.inner_text()
        .startswith("Nola Noseries has no 1:1 series")
    )
    timelines = page.locator("svg.timeline[role=img]")
    assert timelines.count() == 3
    assert "held" in (timelines.first.get_attribute("aria-label") or "")
    assert page.locator("svg.timeline").first.bounding_box()["width"] > 150
    page.screenshot(path=f"test-artifacts/insights-team-{width}.png", full_page=True)

    page.goto(f"{live_server.url}/pairs/{team.pair_id}/insights/?period=26w")
    trend = page.locator("svg.trend[role=img]")
    assert "check-in" in (trend.get_attribute("aria-label") or "")
    assert page.locator("svg.trend polyline").count() == 2
    page.screenshot(path=f"test-artifacts/insights-pair-{width}.png", full_page=True)
    page.emulate_media(media="print")
    assert page.locator("svg.timeline").is_visible()
