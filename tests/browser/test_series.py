"""Series in a real browser: set up, change, pause, resume, end; propose and accept."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from showup.meetings.models import Series
from tests.browser.helpers import accept_confirms, sign_in
from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(transactional_db: None) -> dict[str, Any]:
    manager = PersonFactory.create(
        name="Max Manager", email="max@example.com", timezone="Europe/Berlin"
    )
    report = PersonFactory.create(
        name="Riley Report",
        email="riley@example.com",
        manager=manager,
        timezone="America/New_York",
    )
    return {"manager": manager, "report": report}


def fill_schedule(page: Any, *, cadence: str, day: str, at: str) -> None:
    page.get_by_label("How often").select_option(cadence)
    page.get_by_label("First date").fill(day) if page.get_by_label(
        "First date"
    ).count() else page.get_by_label("Applies from").fill(day)
    page.get_by_label("Time", exact=True).fill(at)


def test_a_manager_sets_up_changes_pauses_resumes_and_ends_a_series(
    page: Any, live_server: Any, team: dict[str, Any]
) -> None:
    accept_confirms(page)
    sign_in(page, live_server, "max@example.com")
    assert page.get_by_text("No 1:1 series").is_visible()
    page.get_by_role("link", name="Set up", exact=True).click()
    assert not page.get_by_label("Custom rule").is_visible()
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    fill_schedule(page, cadence="weekly", day=day, at="10:00")
    page.get_by_role("button", name="Set it up").click()
    page.get_by_text("Your 1:1 is set up.").wait_for()
    assert page.get_by_role("heading", name="1:1 with Riley Report").is_visible()

    page.get_by_role("link", name="Change schedule").click()
    page.get_by_label("How often").select_option("custom")
    page.get_by_label("Custom rule").fill("FREQ=WEEKLY;BYDAY=MO,TH")
    page.get_by_label("Applies from").fill((timezone.localdate() + timedelta(days=7)).isoformat())
    page.get_by_label("Time", exact=True).fill("15:30")
    page.get_by_role("button", name="Change it").click()
    page.get_by_text("FREQ=WEEKLY;BYDAY=MO,TH").first.wait_for()

    page.get_by_role("button", name="Pause").click()
    page.get_by_text("Paused. Nothing is scheduled").wait_for()
    page.get_by_role("link", name="Resume").click()
    page.get_by_role("button", name="Resume").click()
    page.get_by_text("Resumed. Welcome back.").wait_for()

    page.get_by_role("button", name="End").click()
    page.get_by_text("Ended. The history stays").wait_for()
    statuses = list(Series.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["ended", "ended", "ended"]
    page.screenshot(path="test-artifacts/pair-page.png", full_page=True)


def test_a_report_proposes_and_the_manager_accepts(
    page: Any, browser: Any, live_server: Any, team: dict[str, Any]
) -> None:
    sign_in(page, live_server, "riley@example.com")
    page.get_by_role("link", name="Set up a 1:1").first.click()
    page.get_by_role("link", name="Propose").click()
    fill_schedule(
        page,
        cadence="biweekly",
        day=(timezone.localdate() + timedelta(days=3)).isoformat(),
        at="09:00",
    )
    page.get_by_role("button", name="Send the proposal").click()
    page.get_by_text("Proposed. Max will see it").wait_for()

    manager_context = browser.new_context()
    manager_page = manager_context.new_page()
    sign_in(manager_page, live_server, "max@example.com")
    assert manager_page.get_by_text("Riley Report proposed a 1:1").is_visible()
    manager_page.get_by_role("button", name="Accept").click()
    manager_page.get_by_text("Accepted.").wait_for()
    manager_context.close()
    assert Series.objects.get().status == Series.Status.ACTIVE
