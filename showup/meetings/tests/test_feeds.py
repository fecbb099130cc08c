import io
import logging
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import recurring_ical_events
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from showup.core.logs import RedactSecrets
from showup.core.models import FormKey
from showup.meetings import feeds, services
from showup.meetings.models import Occurrence, Series
from showup.meetings.schedule import Schedule
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

State = Occurrence.State
START = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)
YEAR_END = START + timedelta(days=365)
NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
ALLOWED_PROPERTIES = {
    "UID",
    "DTSTAMP",
    "SUMMARY",
    "URL",
    "DESCRIPTION",
    "LOCATION",
    "DTSTART",
    "DTEND",
    "RRULE",
    "EXDATE",
    "RECURRENCE-ID",
}


@pytest.fixture
def manager(db: None) -> Person:
    return PersonFactory.create(name="Max Manager", timezone="Europe/Berlin")


@pytest.fixture
def report(manager: Person) -> Person:
    return PersonFactory.create(name="Riley Report", manager=manager, timezone="America/New_York")


def a_year_of_history(manager: Person, report: Person) -> list[Series]:
    """A weekly series from January, with skips, cancellations, moves, and a change of rule in September."""
    series = weekly_series(manager, report, first_day=date(2026, 1, 5), now=START)
    occurrences = list(series.occurrences.order_by("start"))
    for occurrence in occurrences[:20]:
        services.occurrence_hold(occurrence=occurrence, by=manager, now=occurrence.end)
    services.occurrence_skip(
        occurrence=occurrences[20], by=report, now=occurrences[20].start - timedelta(days=1)
    )
    services.occurrence_cancel(
        occurrence=occurrences[21], by=manager, now=occurrences[21].start - timedelta(hours=3)
    )
    services.occurrence_reschedule(
        occurrence=occurrences[22],
        by=report,
        new_start=occurrences[22].start + timedelta(days=2, hours=5),
        now=occurrences[22].start - timedelta(days=1),
    )
    services.occurrence_reschedule(
        occurrence=occurrences[27],
        by=manager,
        new_start=occurrences[27].start + timedelta(hours=1),
        now=NOW,
    )
    services.occurrence_cancel(occurrence=occurrences[28], by=manager, now=NOW)
    services.occurrence_skip(occurrence=occurrences[29], by=report, now=NOW)
    schedule = Schedule(
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        first_day=date(2026, 9, 3),
        at=time(15, 0),
        timezone="Europe/Berlin",
    )
    changed = services.series_change(
        series=series, schedule=schedule, by=manager, from_day=date(2026, 9, 3), now=NOW
    )
    later = list(changed.occurrences.order_by("start"))
    services.occurrence_cancel(occurrence=later[3], by=report, now=NOW)
    services.occurrence_reschedule(
        occurrence=later[5], by=report, new_start=later[5].start - timedelta(days=1), now=NOW
    )
    return [series, changed]


def showup_occurrences(person: Person) -> set[datetime]:
    """What Showup shows as happening (not skipped, not cancelled) in the year, at its actual time."""
    occurrences = Occurrence.objects.filter(
        pair__member=person, start__gte=START, start__lt=YEAR_END
    ).exclude(state__in=[State.SKIPPED, State.CANCELLED])
    return {occurrence.start for occurrence in occurrences}


def expanded_feed(person: Person) -> set[datetime]:
    calendar = Calendar.from_ical(feeds.feed_calendar(person=person))
    events = recurring_ical_events.of(calendar).between(START, YEAR_END)
    return {event.DTSTART.astimezone(UTC) for event in events}


def test_the_feed_expands_to_exactly_the_occurrences_showup_shows(
    manager: Person, report: Person
) -> None:
    a_year_of_history(manager, report)
    shown = showup_occurrences(report)
    assert len(shown) > 35
    assert expanded_feed(report) == shown
    assert expanded_feed(manager) == shown


def test_the_feed_holds_the_schedule_and_nothing_else(manager: Person, report: Person) -> None:
    a_year_of_history(manager, report)
    calendar = Calendar.from_ical(feeds.feed_calendar(person=report))
    events = list(calendar.walk("VEVENT"))
    assert {name for event in events for name in event} <= ALLOWED_PROPERTIES
    assert {str(event["SUMMARY"]) for event in events} == {"1:1 with Max Manager"}
    assert all(str(event["DESCRIPTION"]).startswith("Open in Showup: http") for event in events)
    assert {component.name for component in calendar.subcomponents} == {"VEVENT", "VTIMEZONE"}
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_the_uids_are_stable(manager: Person, report: Person) -> None:
    a_year_of_history(manager, report)
    first = Calendar.from_ical(feeds.feed_calendar(person=report))
    second = Calendar.from_ical(feeds.feed_calendar(person=report))
    assert [str(event["UID"]) for event in first.walk("VEVENT")] == [
        str(event["UID"]) for event in second.walk("VEVENT")
    ]


def test_a_proposal_is_not_in_the_calendar(manager: Person, report: Person) -> None:
    pair, _ = services.pair_between(proposer=report, other=manager)
    schedule = Schedule(
        rule="FREQ=WEEKLY;BYDAY=TU", first_day=date(2026, 3, 3), at=time(9), timezone="UTC"
    )
    services.series_create(pair=pair, schedule=schedule, by=report, immediate=False, now=START)
    assert not Calendar.from_ical(feeds.feed_calendar(person=report)).walk("VEVENT")


def feed_path(token: str) -> str:
    return reverse("meetings:feed", args=[token])


def test_the_feed_is_read_without_signing_in_and_is_cacheable(
    client: Client, manager: Person, report: Person
) -> None:
    weekly_series(manager, report, first_day=date.today())
    token = feeds.feed_token_issue(person=report)
    response = client.get(feed_path(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    again = client.get(feed_path(token), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_rotated_token_answers_404_at_once(client: Client, report: Person) -> None:
    old = feeds.feed_token_issue(person=report)
    new = feeds.feed_token_issue(person=report)
    assert client.get(feed_path(old)).status_code == 404
    assert client.get(feed_path(new)).status_code == 200


def test_tokens_are_long_random_and_stored_hashed(report: Person) -> None:
    token = feeds.feed_token_issue(person=report)
    assert len(token) >= 43  # 256 bits, URL-safe base64
    stored = report.calendar_feed.token_hash
    assert token not in stored
    assert len(stored) == 64


def test_a_stopped_feed_and_a_deactivated_person_answer_404(
    client: Client, report: Person
) -> None:
    token = feeds.feed_token_issue(person=report)
    report.is_active = False
    report.save()
    assert client.get(feed_path(token)).status_code == 404
    report.is_active = True
    report.save()
    feeds.feed_stop(person=report)
    assert client.get(feed_path(token)).status_code == 404


def test_the_token_never_reaches_the_log(client: Client, report: Person) -> None:
    handler = next(
        handler
        for handler in logging.getLogger("django").handlers
        if any(isinstance(f, RedactSecrets) for f in handler.filters)
    )
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    original = handler.setStream(stream)
    try:
        token = feeds.feed_token_issue(person=report)
        client.get(feed_path(token + "x"))  # a 404 is logged with its path
    finally:
        handler.setStream(original)
    assert "Not Found: /calendar/feed/[redacted].ics" in stream.getvalue()
    assert token not in stream.getvalue()


def test_the_calendar_page_shows_a_new_address_once(client: Client, report: Person) -> None:
    client.force_login(report)
    response = client.post(reverse("meetings:calendar-issue"))
    html = response.content.decode()
    assert "/calendar/feed/" in html
    assert response["Cache-Control"] == "no-store"
    assert "/calendar/feed/" not in client.get(reverse("meetings:calendar")).content.decode()


def test_a_resent_address_form_does_not_keep_the_address(client: Client, report: Person) -> None:
    client.force_login(report)
    page = client.get(reverse("meetings:calendar")).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page)
    assert once
    first = client.post(reverse("meetings:calendar-issue"), {"once": once.group(1)})
    address = re.search(r"/calendar/feed/([A-Za-z0-9_-]+)", first.content.decode())
    assert address
    resent = client.post(reverse("meetings:calendar-issue"), {"once": once.group(1)})
    assert address.group(1) not in resent.content.decode()
    kept = repr(list(FormKey.objects.values_list("body", flat=True)))
    assert address.group(1) not in kept


def test_a_single_occurrence_downloads_as_an_invite(
    client: Client, manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=date.today() + timedelta(days=1))
    occurrence = series.occurrences.order_by("start").first()
    assert occurrence is not None
    client.force_login(report)
    response = client.get(reverse("meetings:occurrence-invite", args=[occurrence.pk]))
    [event] = Calendar.from_ical(response.content).events
    assert occurrence.start == event.DTSTART
    assert str(event["SUMMARY"]) == "1:1 with Max Manager"
    assert "attachment" in response["Content-Disposition"]


def test_an_invite_for_someone_else_s_1_1_is_404(
    client: Client, manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=date.today() + timedelta(days=1))
    occurrence = series.occurrences.first()
    assert occurrence is not None
    client.force_login(PersonFactory.create())
    assert (
        client.get(reverse("meetings:occurrence-invite", args=[occurrence.pk])).status_code == 404
    )


def test_feed_queries_do_not_grow_with_history(
    manager: Person, report: Person, django_assert_max_num_queries: Any
) -> None:
    a_year_of_history(manager, report)
    with django_assert_max_num_queries(3):
        feeds.feed_calendar(person=report)
