"""What the tests do as the person in their own calendar app, and as an independent reader."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events
from caldav.collection import Calendar as DavCalendar
from django.utils import timezone
from icalendar import Calendar, Event

from showup.calendars import services
from showup.calendars.models import Connection
from showup.calendars.tests.conftest import USERS, dav_client
from showup.calendars.tests.radicale_server import Radicale
from showup.meetings.models import Occurrence, Series
from showup.people.models import Person

BERLIN = ZoneInfo("Europe/Berlin")
YEAR = timedelta(days=366)


def days_ahead(days: int) -> date:
    return (timezone.now() + timedelta(days=days)).astimezone(BERLIN).date()


def connect(person: Person, url: str, user: str) -> Connection:
    return services.connection_connect(person=person, url=url, username=user, password=USERS[user])


def sync(connection: Connection) -> Connection:
    """One sync round as the worker does it; fails the test if the sync recorded an error."""
    connection.refresh_from_db()
    assert services.connection_sync_claimed(connection=connection, worker="test-worker")
    connection.refresh_from_db()
    assert connection.last_error == ""
    return connection


def calendar_of(radicale: Radicale, user: str, url: str) -> DavCalendar:
    return dav_client(radicale, user).calendar(url=url)


def read_calendars(radicale: Radicale, user: str, url: str) -> list[Calendar]:
    return [Calendar.from_ical(item.data) for item in events_of(calendar_of(radicale, user, url))]


def events_of(calendar: DavCalendar) -> list[Any]:
    events = calendar.events()
    assert isinstance(events, list)  # the synchronous client
    return events


def expanded_starts(calendars: list[Calendar]) -> set[datetime]:
    """Every instance the calendar shows in the coming year, in UTC (recurring-ical-events)."""
    now = timezone.now()
    return {
        instance.start.astimezone(UTC)
        for calendar in calendars
        for instance in recurring_ical_events.of(calendar).between(now, now + YEAR)
    }


def showup_starts(series: Series) -> set[datetime]:
    """What Showup shows as happening in the coming year for this series."""
    now = timezone.now()
    occurrences = Occurrence.objects.filter(
        series=series, start__gte=now, start__lt=now + YEAR
    ).exclude(state__in=[Occurrence.State.SKIPPED, Occurrence.State.CANCELLED])
    return {occurrence.start for occurrence in occurrences}


def edit_in_calendar(
    radicale: Radicale, user: str, url: str, change: Callable[[Calendar], None]
) -> None:
    """The person changes the (only) event in their calendar app."""
    (item,) = events_of(calendar_of(radicale, user, url))
    calendar = Calendar.from_ical(item.data)
    change(calendar)
    item.data = calendar.to_ical().decode()
    item.save()


def master(calendar: Calendar) -> Event:
    return next(e for e in calendar.events if e.RECURRENCE_ID is None)


def move_in(occurrence: Occurrence, to: datetime) -> Callable[[Calendar], None]:
    """What a calendar app writes when one date of a series is dragged elsewhere: an override."""

    def change(calendar: Calendar) -> None:
        main = master(calendar)
        override = Event()
        for name in ("UID", "SUMMARY", "URL", "DESCRIPTION", "LOCATION", "DTSTAMP"):
            if name in main:
                override[name] = main[name]
        override.add("recurrence-id", occurrence.original_start.astimezone(BERLIN))
        override.add("dtstart", to.astimezone(BERLIN))
        override.add("dtend", (to + timedelta(minutes=30)).astimezone(BERLIN))
        calendar.add_component(override)

    return change


def delete_in(occurrence: Occurrence) -> Callable[[Calendar], None]:
    """What a calendar app writes when one date of a series is deleted: an EXDATE."""

    def change(calendar: Calendar) -> None:
        master(calendar).add("exdate", occurrence.original_start.astimezone(BERLIN))

    return change
