"""A company's first month in a real browser: the pages issue 21 fixed, as people reach them."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from showup.agendas.services import talking_point_add
from showup.calendars.models import Connection, Question, SyncedEvent
from showup.meetings.models import Occurrence
from showup.meetings.services import occurrence_hold
from showup.notifications.links import unsubscribe_url
from showup.notifications.models import Preference
from tests.browser.helpers import sign_in
from tests.factories import PersonFactory, weekly_series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(transactional_db: None) -> dict[str, Any]:
    manager = PersonFactory.create(name="Max Manager", email="max@example.com", is_admin=True)
    report = PersonFactory.create(name="Riley Report", email="riley@example.com", manager=manager)
    return {"manager": manager, "report": report}


def test_one_click_unsubscribe_says_exactly_what_stopped(
    page: Any, live_server: Any, team: dict[str, Any]
) -> None:
    report = team["report"]
    Preference.objects.create(person=report, invitations_enabled=True)
    page.goto(
        unsubscribe_url(person_id=report.pk).replace("http://127.0.0.1:8000", live_server.url)
    )
    page.get_by_role("heading", name="Stop all mail from Showup?").wait_for()
    assert page.get_by_text("Calendar invitations by e-mail").is_visible()
    page.get_by_role("button", name="Stop all of these").click()
    page.get_by_role("heading", name="Showup sends you no more of these").wait_for()
    text = page.locator("main, body").first.inner_text()
    assert "Calendar invitations by e-mail" in text
    assert "invitations still arrive" not in text.lower()  # it used to say so, after stopping them
    assert Preference.objects.get(person=report).invitations_enabled is False


def test_only_someone_with_reports_is_offered_the_monday_digest(
    page: Any, live_server: Any, team: dict[str, Any]
) -> None:
    sign_in(page, live_server, "riley@example.com")
    page.goto(f"{live_server.url}/settings/reminders/")
    page.get_by_role("heading", name="Reminders").first.wait_for()
    assert page.get_by_label("A Monday digest of what to act on for your reports").count() == 0
    page.context.clear_cookies()
    sign_in(page, live_server, "max@example.com")
    page.goto(f"{live_server.url}/settings/reminders/")
    assert page.get_by_label("A Monday digest of what to act on for your reports").is_visible()


def test_an_admin_page_links_to_its_guide_inside_showup(
    page: Any, live_server: Any, team: dict[str, Any]
) -> None:
    sign_in(page, live_server, "max@example.com")
    page.goto(f"{live_server.url}/admin/sso/")
    page.get_by_role("link", name="the single sign-on guide").click()
    page.wait_for_url(f"{live_server.url}/help/sso/")
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert "docs/sso.md" not in page.content()


def test_search_leads_to_the_1_1_that_shows_a_carried_over_point(
    page: Any, live_server: Any, team: dict[str, Any]
) -> None:
    manager, report = team["manager"], team["report"]
    series = weekly_series(manager, report, first_day=timezone.localdate() - timedelta(days=3))
    past, following = Occurrence.objects.filter(series=series).order_by("start")[:2]
    talking_point_add(occurrence=past, author=report, text="Conference budget", is_private=False)
    occurrence_hold(occurrence=past, by=manager)
    sign_in(page, live_server, "riley@example.com")
    page.goto(f"{live_server.url}/search/?q=conference")
    page.get_by_role("link", name="1:1 with Max Manager").first.click()
    # The point waits on the next 1:1 now, not on the one it was written for.
    page.get_by_text("Conference budget").first.wait_for()
    assert page.url.endswith(f"/occurrences/{following.pk}/")


def test_home_shows_an_open_question_from_the_synced_calendar(
    page: Any, live_server: Any, team: dict[str, Any]
) -> None:
    manager, report = team["manager"], team["report"]
    series = weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=3))
    deleted = Occurrence.objects.filter(series=series).order_by("start")[1]
    connection = Connection.objects.create(
        person=report, calendar_url="https://calendar.example.com/riley/work/", credentials="-"
    )
    event = SyncedEvent.objects.create(
        connection=connection, series=series, uid=series.calendar_uid, href="x.ics", written=""
    )
    Question.objects.create(
        event=event, occurrence=deleted, kind=Question.Kind.REMOVED, showup_start=deleted.start
    )
    sign_in(page, live_server, "riley@example.com")
    assert page.get_by_text("Your calendar and Showup disagree about 1 date").is_visible()
    page.get_by_role("link", name="answer it").click()
    page.get_by_text("Removed in your calendar").first.wait_for()
