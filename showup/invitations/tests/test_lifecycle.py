"""A 1:1's whole life as two calendar apps see it: every invitation read back from the SMTP server.

After every step, each app holds exactly the dates Showup lists for the pair.

The series is weekly at 10:00 in Berlin and lives through both daylight saving
switches of 2026 (29 March and 25 October): the wall-clock time must stay
10:00 while the UTC time moves.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from showup.agendas.services import talking_point_add
from showup.invitations.preferences import company_default_set
from showup.invitations.tests.helpers import (
    MailCalendar,
    calendar_text,
    events,
    everything,
    expanded,
    invitation,
    recurrence_id,
)
from showup.mail.models import OutboxMessage
from showup.mail.services import mail_deliver_due
from showup.meetings.models import Occurrence, Series
from showup.meetings.schedule import Schedule
from showup.meetings.services import (
    occurrence_cancel,
    occurrence_reschedule,
    occurrence_restore,
    occurrence_skip,
    series_change,
    series_end,
    series_pause,
    series_resume,
)
from showup.notes.services import note_save
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series
from tests.smtp import Inbox

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
MAX = "max@example.com"
RILEY = "riley@example.com"
SECRETS = [
    "Shared-point-QX17",
    "Private-point-QX18",
    "Shared-note-QX19",
    "Private-note-QX20",
    "Skip-note-QX21",
]
CANCEL_REASON = "Reason-QX22"


@pytest.fixture
def people(db: None) -> tuple[Person, Person]:
    manager = PersonFactory.create(name="Max Manager", email=MAX)
    report = PersonFactory.create(
        name="Riley Report", email=RILEY, manager=manager, timezone="America/New_York"
    )
    company_default_set(by_default=True, by=manager)
    return manager, report


def berlin(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=BERLIN)


def on(series: Series, day: date) -> Occurrence:
    return Occurrence.objects.get(series=series, original_start=berlin(day))


def write_secrets(occurrence: Occurrence, manager: Person, report: Person) -> None:
    talking_point_add(occurrence=occurrence, author=report, text=SECRETS[0], is_private=False)
    talking_point_add(occurrence=occurrence, author=manager, text=SECRETS[1], is_private=True)
    note_save(occurrence=occurrence, by=report, private=False, body=SECRETS[2], base_version=0)
    note_save(occurrence=occurrence, by=manager, private=True, body=SECRETS[3], base_version=0)


def dates_in_showup(series: Series, since: datetime, until: datetime) -> set[datetime]:
    """Every 1:1 of the pair Showup lists between the two, whatever series it belongs to."""
    return set(
        Occurrence.objects.filter(pair_id=series.pair_id, start__gte=since, start__lt=until)
        .exclude(state__in=[Occurrence.State.SKIPPED, Occurrence.State.CANCELLED])
        .values_list("start", flat=True)
    )


class Calendars:
    """Both people's calendar apps, fed every invitation as it arrives over SMTP."""

    def __init__(self, smtp: Inbox) -> None:
        self.smtp = smtp
        self.apps = {MAX: MailCalendar(), RILEY: MailCalendar()}
        self.messages: list[EmailMessage] = []

    def deliver(self, change: Callable[[], object]) -> dict[str, list[Calendar]]:
        """Makes the change, lets the worker send, and applies what arrived, in order."""
        before = len(self.smtp.messages)
        change()
        mail_deliver_due(worker="test")
        received: dict[str, list[Calendar]] = {MAX: [], RILEY: []}
        for message in self.smtp.messages[before:]:
            address = str(message["To"])
            self.apps[address].receive(message)
            received[address].append(invitation(message))
            self.messages.append(message)
            check_message(invitation(message))
        return received

    def hold_what_showup_lists(self, series: Series) -> None:
        for app in self.apps.values():
            assert app.starts(*WINDOW) == dates_in_showup(series, *WINDOW)


def check_message(calendar: Calendar) -> None:
    for event in events(calendar):
        assert str(event.organizer) == "mailto:showup@localhost"
        assert sorted(str(a) for a in event.attendees) == [f"mailto:{MAX}", f"mailto:{RILEY}"]
        assert (event.description or "").startswith("Open in Showup: http")
        assert len((event.description or "").split()) == 4  # the words and the link only
        assert str(getattr(event.start, "tzinfo", None)) == "Europe/Berlin"
        assert "RDATE" not in event  # Outlook drops dates before DTSTART, and Showup needs none
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def only(received: dict[str, list[Calendar]], method: str) -> Calendar:
    """The one message each of the two received, the same for both; the report's."""
    assert [len(received[MAX]), len(received[RILEY])] == [1, 1]
    assert {
        str(calendar["METHOD"]) for calendars in received.values() for calendar in calendars
    } == {method}
    return received[RILEY][0]


def master(calendar: Calendar) -> Event:
    [event] = [event for event in events(calendar) if "RECURRENCE-ID" not in event]
    return event


def instance(calendar: Calendar) -> Event:
    """The message is one date alone: its own REQUEST or CANCEL, with its RECURRENCE-ID."""
    [event] = events(calendar)
    assert "RECURRENCE-ID" in event
    return event


WINDOW = (T0, datetime(2027, 3, 1, tzinfo=UTC))


def test_a_whole_life_keeps_both_calendars_holding_exactly_showup_s_dates(
    people: tuple[Person, Person], smtp: Inbox
) -> None:
    manager, report = people
    seen = Calendars(smtp)

    # Set up: weekly on Mondays at 10:00, Berlin time, from 9 March.
    holder: list[Series] = []
    received = seen.deliver(
        lambda: holder.append(weekly_series(manager, report, first_day=date(2026, 3, 9), now=T0)),
    )
    [series] = holder
    created = only(received, "REQUEST")
    assert [rule.to_ical() for rule in master(created).rrules] == [b"FREQ=WEEKLY;BYDAY=MO"]
    assert master(created).start == berlin(date(2026, 3, 9))
    assert master(created).uid == series.calendar_uid
    seen.hold_what_showup_lists(series)
    write_secrets(on(series, date(2026, 3, 16)), manager, report)
    spring = (T0, datetime(2026, 4, 27, tzinfo=UTC))
    starts = expanded(created, *spring)
    assert {start.astimezone(BERLIN).hour for start in starts} == {10}  # across the switch
    assert {start.hour for start in starts} == {9, 8}  # 10:00 CET, then 10:00 CEST

    # Moved: 23 March (winter time) to Tuesday 31 March at 11:00 (summer time), alone.
    moved_day = on(series, date(2026, 3, 23))
    received = seen.deliver(
        lambda: occurrence_reschedule(
            occurrence=moved_day,
            by=report,
            new_start=berlin(date(2026, 3, 31), 11),
            reason="Clash",
            now=T0,
        ),
    )
    moved = instance(only(received, "REQUEST"))
    assert recurrence_id(moved) == berlin(date(2026, 3, 23))
    assert moved.start == berlin(date(2026, 3, 31), 11)
    seen.hold_what_showup_lists(series)

    # Skipped: 6 April, the first Monday of summer time.
    skipped_day = on(series, date(2026, 4, 6))
    received = seen.deliver(
        lambda: occurrence_skip(occurrence=skipped_day, by=report, note=SECRETS[4], now=T0),
    )
    dropped = instance(only(received, "CANCEL"))
    assert recurrence_id(dropped) == berlin(date(2026, 4, 6))
    assert dropped.status == "CANCELLED"
    seen.hold_what_showup_lists(series)

    # Cancelled: 13 April, with a reason the e-mail may say but the calendar never keeps.
    cancelled_day = on(series, date(2026, 4, 13))
    received = seen.deliver(
        lambda: occurrence_cancel(
            occurrence=cancelled_day, by=manager, reason=CANCEL_REASON, now=T0
        ),
    )
    assert recurrence_id(instance(only(received, "CANCEL"))) == berlin(date(2026, 4, 13))
    assert CANCEL_REASON in everything(seen.messages[-1])
    assert CANCEL_REASON not in calendar_text(seen.messages[-1])
    seen.hold_what_showup_lists(series)

    # Restored: 13 April is back on, as a date of its own.
    received = seen.deliver(
        lambda: occurrence_restore(occurrence=cancelled_day, by=manager, now=T0),
    )
    assert recurrence_id(instance(only(received, "REQUEST"))) == berlin(date(2026, 4, 13))
    seen.hold_what_showup_lists(series)

    # Paused: the rule ends; the 1:1s held stay in the calendar, those ahead leave it.
    received = seen.deliver(
        lambda: series_pause(series=series, by=manager, now=datetime(2026, 4, 20, 6, tzinfo=UTC)),
    )
    paused = master(only(received, "REQUEST"))
    assert paused.rrules[0]["UNTIL"][0] < datetime(2026, 4, 20, 6, tzinfo=UTC)
    seen.hold_what_showup_lists(series)

    # Resumed from 4 May: a new series in Showup, a new event beside the paused one's.
    resumed_series: list[Series] = []
    received = seen.deliver(
        lambda: resumed_series.append(
            series_resume(
                series=series,
                by=report,
                from_day=date(2026, 5, 4),
                now=datetime(2026, 4, 27, 6, tzinfo=UTC),
            )
        ),
    )
    resumed = master(only(received, "REQUEST"))
    assert resumed.start == berlin(date(2026, 5, 4))
    assert resumed.uid == resumed_series[0].calendar_uid != series.calendar_uid
    seen.hold_what_showup_lists(series)

    # Changed from a later day: every other Thursday from 1 October. The old event
    # ends after its last Monday, the new one starts, each in its own message.
    changed_series: list[Series] = []
    received = seen.deliver(
        lambda: changed_series.append(
            series_change(
                series=resumed_series[0],
                schedule=thursdays(),
                by=manager,
                from_day=date(2026, 10, 1),
                now=datetime(2026, 9, 20, 6, tzinfo=UTC),
            )
        ),
    )
    assert [len(received[MAX]), len(received[RILEY])] == [2, 2]
    ending, starting = (master(calendar) for calendar in received[RILEY])
    assert ending.uid == resumed_series[0].calendar_uid
    assert starting.uid == changed_series[0].calendar_uid
    assert starting.start == berlin(date(2026, 10, 1))
    assert starting.location == "https://meet.example.com/max-riley"
    seen.hold_what_showup_lists(series)
    september = (datetime(2026, 9, 20, 6, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC))
    assert seen.apps[RILEY].starts(*september) == {
        berlin(date(2026, 9, 21)),
        berlin(date(2026, 9, 28)),
    }
    autumn = (datetime(2026, 9, 30, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    autumn_starts = seen.apps[RILEY].starts(*autumn)
    assert {start.astimezone(BERLIN).hour for start in autumn_starts} == {10}
    assert {start.hour for start in autumn_starts} == {8, 9}  # 10:00 CEST, then 10:00 CET

    # Paused before the change starts: only the new event goes; the two Mondays
    # still ahead under the old schedule stay, in Showup and in the calendars.
    received = seen.deliver(
        lambda: series_pause(
            series=changed_series[0], by=manager, now=datetime(2026, 9, 22, 6, tzinfo=UTC)
        ),
    )
    called_off = master(only(received, "CANCEL"))
    assert called_off.uid == changed_series[0].calendar_uid
    seen.hold_what_showup_lists(series)
    assert berlin(date(2026, 9, 28)) in seen.apps[MAX].starts(*september)

    # Resumed from 15 October, then ended on 20 November.
    again: list[Series] = []
    received = seen.deliver(
        lambda: again.append(
            series_resume(
                series=changed_series[0],
                by=report,
                from_day=date(2026, 10, 15),
                now=datetime(2026, 9, 23, 6, tzinfo=UTC),
            )
        ),
    )
    assert master(only(received, "REQUEST")).start == berlin(date(2026, 10, 15))
    seen.hold_what_showup_lists(series)
    received = seen.deliver(
        lambda: series_end(series=again[0], by=report, now=datetime(2026, 11, 20, 6, tzinfo=UTC)),
    )
    only(received, "REQUEST")
    seen.hold_what_showup_lists(series)

    # One message per change to each of the two (two for the change of schedule), nothing else.
    assert len(seen.messages) == 2 * 12
    assert not OutboxMessage.objects.exclude(kind__startswith="invitation-").exists()
    for message in seen.messages:
        text = everything(message)
        for secret in SECRETS:
            assert secret not in text


def thursdays() -> Schedule:
    return Schedule(
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        first_day=date(2026, 10, 1),
        at=time(10, 0),
        timezone="Europe/Berlin",
        location="https://meet.example.com/max-riley",
    )
