"""One 1:1 through a long life, held in three kinds of calendar at once, which never disagree.

The manager syncs a CalDAV calendar (a real Radicale server) and so gets no
invitations; the report takes invitations by e-mail (read back over SMTP and
applied the way a calendar app does); both subscribe to their feed. After each
step every calendar shows exactly the dates Showup lists for the pair, and
each 1:1 series is one event under one UID in all of them.
"""

import uuid
from collections.abc import Callable
from datetime import datetime, time, timedelta
from email.message import EmailMessage

import pytest
from django.db.models import QuerySet
from django.utils import timezone
from icalendar import Calendar

from showup.calendars.models import Connection
from showup.calendars.tests.helpers import (
    YEAR,
    connect,
    days_ahead,
    expanded_starts,
    read_calendars,
    sync,
)
from showup.calendars.tests.radicale_server import Radicale
from showup.invitations.preferences import company_default_set
from showup.invitations.tests.helpers import MailCalendar, expanded
from showup.mail.services import mail_deliver_due
from showup.meetings import services as meetings
from showup.meetings.feeds import feed_calendar
from showup.meetings.models import Occurrence, Pair, Series
from showup.meetings.schedule import Schedule
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series
from tests.smtp import Inbox

State = Occurrence.State
pytestmark = pytest.mark.django_db


class Everyone:
    """The pair's calendars: the manager's CalDAV and feed, the report's mail and feed."""

    def __init__(self, radicale: Radicale, url: str, connection: Connection, smtp: Inbox) -> None:
        self.radicale, self.url, self.connection, self.smtp = radicale, url, connection, smtp
        self.mail = MailCalendar()
        self.read = 0

    def agree(self, pair: Pair, step: str) -> None:
        sync(self.connection)
        mail_deliver_due(worker="test")
        for message in self.smtp.messages[self.read :]:
            if not is_invitation(message):  # a notice, such as "moved your 1:1"
                continue
            assert message["To"] == pair.member.email, "a synced calendar gets no invitations"
            self.mail.receive(message)
        self.read = len(self.smtp.messages)
        now = timezone.now()
        window = (now, now + YEAR)
        showup = dates_in_showup(pair, *window)
        caldav = read_calendars(self.radicale, "max", self.url)
        feeds = {person.pk: feed_of(person) for person in (pair.lead, pair.member)}
        assert expanded_starts(caldav) == showup, step
        assert self.mail.starts(*window) == showup, step
        for feed in feeds.values():
            assert expanded(feed, *window) == showup, step
        # One UID per series everywhere: the same events in each calendar, under the same UIDs.
        uids = {str(event["UID"]) for calendar in caldav for event in calendar.events}
        assert set(self.mail.held) == uids, step
        for feed in feeds.values():
            assert {str(event["UID"]) for event in feed.events} == uids, step
        assert uids == set(in_a_calendar(pair).values_list("calendar_uid", flat=True)), step


def is_invitation(message: EmailMessage) -> bool:
    return any(part.get_content_type() == "text/calendar" for part in message.walk())


def feed_of(person: Person) -> Calendar:
    return Calendar.from_ical(feed_calendar(person=person))


def dates_in_showup(pair: Pair, since: datetime, until: datetime) -> set[datetime]:
    return set(
        Occurrence.objects.filter(pair=pair, start__gte=since, start__lt=until)
        .exclude(state__in=[State.SKIPPED, State.CANCELLED])
        .values_list("start", flat=True)
    )


def in_a_calendar(pair: Pair) -> QuerySet[Series]:
    """The pair's series that have a date to show."""
    series = Series.objects.filter(pair=pair).exclude(
        status__in=[Series.Status.PROPOSED, Series.Status.DECLINED]
    )
    return series.exclude(
        pk__in=[s.pk for s in series if s.ends_at and s.ends_at <= s.first_start]
    )


def upcoming(series: Series) -> list[Occurrence]:
    return list(
        Occurrence.objects.filter(series=series, state=State.SCHEDULED).order_by("original_start")
    )


def thursdays_from(days: int) -> Schedule:
    return Schedule(
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        first_day=days_ahead(days),
        at=time(15, 0),
        timezone="Europe/Berlin",
    )


@pytest.fixture
def pair_calendars(
    radicale: Radicale, new_calendar: Callable[[str], str], smtp: Inbox
) -> tuple[Person, Person, Everyone]:
    manager = PersonFactory.create(name="Max Manager", email="max@example.com")
    report = PersonFactory.create(name="Riley Report", email="riley@example.com", manager=manager)
    company_default_set(by_default=True, by=manager)
    url = new_calendar("max")
    connection = connect(manager, url, "max")
    return manager, report, Everyone(radicale, url, connection, smtp)


def test_every_calendar_holds_showup_s_dates_after_each_step(
    pair_calendars: tuple[Person, Person, Everyone],
) -> None:
    manager, report, calendars = pair_calendars
    first = weekly_series(manager, report, first_day=days_ahead(3))
    pair = first.pair
    calendars.agree(pair, "set up")

    dates = upcoming(first)
    meetings.occurrence_reschedule(
        occurrence=dates[1], by=report, new_start=dates[1].start + timedelta(hours=3)
    )
    calendars.agree(pair, "moved")
    meetings.occurrence_skip(occurrence=dates[2], by=report)
    calendars.agree(pair, "skipped")
    meetings.occurrence_cancel(occurrence=dates[3], by=manager, reason="Offsite")
    calendars.agree(pair, "cancelled")
    meetings.occurrence_restore(occurrence=dates[3], by=manager)
    calendars.agree(pair, "put back on")

    # A change from a later day: the Mondays until then stay, under the old event.
    changed = meetings.series_change(
        series=first, schedule=thursdays_from(30), by=manager, from_day=days_ahead(30)
    )
    calendars.agree(pair, "changed from a later day")

    # Paused before the change starts: the pending schedule leaves every calendar,
    # the Mondays still ahead stay in all of them, as they do in Showup.
    meetings.series_pause(series=changed, by=report)
    assert dates_in_showup(pair, timezone.now(), timezone.now() + YEAR)
    calendars.agree(pair, "paused with a change pending")

    resumed = meetings.series_resume(series=changed, by=report, from_day=days_ahead(45))
    calendars.agree(pair, "resumed")
    moved = upcoming(resumed)[0]
    meetings.occurrence_reschedule(
        occurrence=moved, by=manager, new_start=moved.start - timedelta(days=1)
    )
    calendars.agree(pair, "moved after resuming")

    meetings.series_end(series=resumed, by=manager)
    calendars.agree(pair, "ended")
    assert dates_in_showup(pair, timezone.now(), timezone.now() + YEAR) == {
        o.start for o in upcoming(first)
    }


def test_the_uids_are_random_not_the_series_ids(
    pair_calendars: tuple[Person, Person, Everyone],
) -> None:
    manager, report, _ = pair_calendars
    series = weekly_series(manager, report, first_day=days_ahead(3))
    other = weekly_series(manager, PersonFactory.create(manager=manager), first_day=days_ahead(3))
    assert series.calendar_uid != other.calendar_uid
    random_part, host = series.calendar_uid.split("@")
    assert uuid.UUID(random_part).version == 4
    assert host == "127.0.0.1"
