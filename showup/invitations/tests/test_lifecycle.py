"""A 1:1's whole life as two calendars see it: every invitation read back from the SMTP server.

The series is weekly at 10:00 in Berlin and lives through both daylight saving
switches of 2026 (29 March and 25 October): the wall-clock time must stay
10:00 while the UTC time moves.
"""

from datetime import UTC, date, datetime, time
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from showup.agendas.services import talking_point_add
from showup.invitations.preferences import company_default_set
from showup.invitations.tests.helpers import (
    calendar_text,
    deliver,
    events,
    everything,
    expanded,
    invitation,
    recurrence_id,
)
from showup.mail.models import OutboxMessage
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


class Calendars:
    """What both people received so far, checked message by message."""

    def __init__(self) -> None:
        self.uid: str | None = None
        self.sequence = -1
        self.messages: list[EmailMessage] = []

    def check(self, received: dict[str, EmailMessage], method: str) -> Calendar:
        assert set(received) == {MAX, RILEY}, "one message to each of the two people"
        calendars = [invitation(received[address]) for address in (MAX, RILEY)]
        sequences = set()
        for calendar in calendars:
            assert calendar.method == method
            for event in events(calendar):
                self.uid = self.uid or event.uid
                assert event.uid == self.uid
                sequences.add(event.sequence)
                assert str(event.organizer) == "mailto:showup@localhost"
                assert sorted(str(a) for a in event.attendees) == [
                    f"mailto:{MAX}",
                    f"mailto:{RILEY}",
                ]
                assert (event.description or "").startswith("Open in Showup: http")
                assert len((event.description or "").split()) == 4  # the words and the link only
                assert str(getattr(event.start, "tzinfo", None)) == "Europe/Berlin"
            assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
        [sequence] = sequences
        assert sequence > self.sequence
        self.sequence = sequence
        self.messages += received.values()
        return calendars[1]


def master(calendar: Calendar) -> Event:
    [event] = [event for event in events(calendar) if "RECURRENCE-ID" not in event]
    return event


def test_a_whole_life_applies_to_one_event_in_both_calendars(
    people: tuple[Person, Person], smtp: Inbox
) -> None:
    manager, report = people
    seen = Calendars()

    # Set up: weekly on Mondays at 10:00, Berlin time, from 9 March.
    holder: list[Series] = []
    received = deliver(
        smtp,
        lambda: holder.append(weekly_series(manager, report, first_day=date(2026, 3, 9), now=T0)),
    )
    [series] = holder
    created = seen.check(received, "REQUEST")
    assert [rule.to_ical() for rule in master(created).rrules] == [b"FREQ=WEEKLY;BYDAY=MO"]
    assert master(created).start == berlin(date(2026, 3, 9))
    write_secrets(on(series, date(2026, 3, 16)), manager, report)
    window = (T0, datetime(2026, 4, 27, tzinfo=UTC))
    starts = expanded(created, *window)
    assert {start.astimezone(BERLIN).hour for start in starts} == {10}  # across the switch
    assert {start.hour for start in starts} == {9, 8}  # 10:00 CET, then 10:00 CEST

    # Moved: 23 March (winter time) to Tuesday 31 March at 11:00 (summer time).
    moved_day = on(series, date(2026, 3, 23))
    received = deliver(
        smtp,
        lambda: occurrence_reschedule(
            occurrence=moved_day,
            by=report,
            new_start=berlin(date(2026, 3, 31), 11),
            reason="Clash",
            now=T0,
        ),
    )
    moved = seen.check(received, "REQUEST")
    [override] = [event for event in events(moved) if "RECURRENCE-ID" in event]
    assert recurrence_id(override) == berlin(date(2026, 3, 23))
    assert override.start == berlin(date(2026, 3, 31), 11)
    assert berlin(date(2026, 3, 31), 11) in expanded(moved, *window)
    assert berlin(date(2026, 3, 23)) not in expanded(moved, *window)

    # Skipped: 6 April, the first Monday of summer time.
    skipped_day = on(series, date(2026, 4, 6))
    received = deliver(
        smtp,
        lambda: occurrence_skip(occurrence=skipped_day, by=report, note=SECRETS[4], now=T0),
    )
    skipped = seen.check(received, "CANCEL")
    [dropped] = events(skipped)
    assert recurrence_id(dropped) == berlin(date(2026, 4, 6))
    assert dropped.status == "CANCELLED"

    # Cancelled: 13 April, with a reason the e-mail may say but the calendar never keeps.
    cancelled_day = on(series, date(2026, 4, 13))
    received = deliver(
        smtp,
        lambda: occurrence_cancel(
            occurrence=cancelled_day, by=manager, reason=CANCEL_REASON, now=T0
        ),
    )
    cancelled = seen.check(received, "CANCEL")
    assert [recurrence_id(event) for event in events(cancelled)] == [berlin(date(2026, 4, 13))]
    assert CANCEL_REASON in everything(received[RILEY])
    assert CANCEL_REASON not in calendar_text(received[RILEY])

    # Restored: 13 April is back on; the full event now drops only 6 April.
    received = deliver(
        smtp,
        lambda: occurrence_restore(occurrence=cancelled_day, by=manager, now=T0),
    )
    restored = seen.check(received, "REQUEST")
    assert master(restored).exdates == [berlin(date(2026, 4, 6))]
    shown = {
        occurrence.start
        for occurrence in series.occurrences.filter(
            start__gte=window[0], start__lt=window[1], state=Occurrence.State.SCHEDULED
        )
    }
    assert expanded(restored, *window) == shown

    # Paused: the event is called off as a whole.
    received = deliver(
        smtp,
        lambda: series_pause(series=series, by=manager, now=datetime(2026, 4, 20, 6, tzinfo=UTC)),
    )
    paused = seen.check(received, "CANCEL")
    [whole] = events(paused)
    assert "RECURRENCE-ID" not in whole
    assert whole.status == "CANCELLED"

    # Resumed from 4 May: a new series in Showup, the same event in the calendars.
    resumed_series: list[Series] = []
    received = deliver(
        smtp,
        lambda: resumed_series.append(
            series_resume(
                series=series,
                by=report,
                from_day=date(2026, 5, 4),
                now=datetime(2026, 4, 27, 6, tzinfo=UTC),
            )
        ),
    )
    resumed = seen.check(received, "REQUEST")
    assert master(resumed).start == berlin(date(2026, 5, 4))
    assert "EXDATE" not in master(resumed)

    # Changed: every other Thursday from 1 October, through the autumn switch.
    changed_series: list[Series] = []
    received = deliver(
        smtp,
        lambda: changed_series.append(
            series_change(
                series=resumed_series[0],
                schedule=Schedule(
                    rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
                    first_day=date(2026, 10, 1),
                    at=time(10, 0),
                    timezone="Europe/Berlin",
                    location="https://meet.example.com/max-riley",
                ),
                by=manager,
                from_day=date(2026, 10, 1),
                now=datetime(2026, 9, 20, 6, tzinfo=UTC),
            )
        ),
    )
    changed = seen.check(received, "REQUEST")
    assert master(changed).start == berlin(date(2026, 10, 1))
    assert master(changed).location == "https://meet.example.com/max-riley"
    autumn = (datetime(2026, 9, 30, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    autumn_starts = expanded(changed, *autumn)
    assert autumn_starts == {
        occurrence.start
        for occurrence in changed_series[0].occurrences.filter(
            start__gte=autumn[0], start__lt=autumn[1]
        )
    }
    assert {start.astimezone(BERLIN).hour for start in autumn_starts} == {10}
    assert {start.hour for start in autumn_starts} == {8, 9}  # 10:00 CEST, then 10:00 CET
    # The change starts on 1 October: the Mondays before it stay in the calendar until then.
    september = (datetime(2026, 9, 20, 6, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC))
    assert expanded(changed, *september) == {
        berlin(date(2026, 9, 21)),
        berlin(date(2026, 9, 28)),
    }

    # Ended.
    received = deliver(
        smtp,
        lambda: series_end(
            series=changed_series[0], by=report, now=datetime(2026, 11, 20, 6, tzinfo=UTC)
        ),
    )
    ended = seen.check(received, "CANCEL")
    assert "RECURRENCE-ID" not in events(ended)[0]

    # Eight changes and one set-up, one message each to each of the two, and nothing else.
    assert len(seen.messages) == 18
    assert not OutboxMessage.objects.exclude(kind__startswith="invitation-").exists()
    for message in seen.messages:
        text = everything(message)
        for secret in SECRETS:
            assert secret not in text
