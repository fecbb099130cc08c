"""Calendars that are behind: someone turned invitations on after their 1:1 was set up."""

from datetime import UTC, date, datetime, time

import pytest

from showup.invitations.preferences import company_default_set
from showup.invitations.services import invitations_catch_up
from showup.invitations.tests.helpers import deliver, events, invitation
from showup.mail.models import OutboxMessage
from showup.mail.services import mail_deliver_due
from showup.meetings.models import Series
from showup.meetings.schedule import Schedule
from showup.meetings.services import (
    occurrence_cancel,
    occurrence_skip,
    series_change,
    series_pause,
)
from showup.notifications.models import Preference
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series
from tests.smtp import Inbox

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
MAX = "max@example.com"
RILEY = "riley@example.com"


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager", email=MAX)
    report = PersonFactory.create(name="Riley Report", email=RILEY, manager=manager)
    return weekly_series(manager, report, first_day=date(2026, 3, 9), now=T0)


def turn_on(person: Person) -> None:
    Preference.objects.update_or_create(person=person, defaults={"invitations_enabled": True})


def test_when_the_company_turns_them_on_every_current_1_1_reaches_both_calendars_once(
    series: Series, smtp: Inbox
) -> None:
    assert not OutboxMessage.objects.exists()
    company_default_set(by_default=True, by=series.pair.lead)
    received = deliver(smtp, lambda: invitations_catch_up(now=T0))
    assert set(received) == {MAX, RILEY}
    calendar = invitation(received[RILEY])
    assert calendar.method == "REQUEST"
    assert received[RILEY]["Subject"] == "Invitation: 1:1 with Max Manager, every Monday"
    assert "next on Monday 9 March at 10:00" in received[RILEY].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert deliver(smtp, lambda: invitations_catch_up(now=T0)) == {}


def test_someone_who_turns_them_on_later_gets_the_event_as_it_stands_and_nobody_else_does(
    series: Series, smtp: Inbox
) -> None:
    turn_on(series.pair.lead)
    assert set(deliver(smtp, lambda: invitations_catch_up(now=T0))) == {MAX}
    skipped = series.occurrences.order_by("start")[1]
    skip = deliver(smtp, lambda: occurrence_skip(occurrence=skipped, by=series.pair.lead, now=T0))
    assert set(skip) == {MAX}
    assert deliver(smtp, lambda: invitations_catch_up(now=T0)) == {}  # the lead saw the skip
    turn_on(series.pair.member)
    received = deliver(smtp, lambda: invitations_catch_up(now=T0))
    assert set(received) == {RILEY}
    [master] = events(invitation(received[RILEY]))
    assert master.exdates == [skipped.original_start]
    assert master.sequence == 3  # above the skip's 2, which the report never had
    # The lead's calendar holds the same event: nobody is behind, nothing goes again.
    assert deliver(smtp, lambda: invitations_catch_up(now=T0)) == {}


def test_a_paused_1_1_is_not_sent_to_a_calendar(series: Series, smtp: Inbox) -> None:
    series_pause(series=series, by=series.pair.lead, now=T0)
    company_default_set(by_default=True, by=series.pair.lead)
    assert deliver(smtp, lambda: invitations_catch_up(now=T0)) == {}


def test_a_date_cancelled_before_the_catch_up_sends_the_whole_event_to_a_calendar_without_it(
    series: Series, smtp: Inbox
) -> None:
    """A CANCEL of one date means nothing to a calendar that never got the event.

    It used to go at SEQUENCE 1 and count as holding the event, so the catch-up
    skipped that calendar for good.
    """
    turn_on(series.pair.lead)  # before the catch-up ran: his calendar holds nothing yet
    Preference.objects.update_or_create(
        person=series.pair.member, defaults={"invitations_enabled": False}
    )
    cancelled = series.occurrences.order_by("start")[1]
    received = deliver(
        smtp, lambda: occurrence_cancel(occurrence=cancelled, by=series.pair.lead, now=T0)
    )
    assert set(received) == {MAX}
    calendar = invitation(received[MAX])
    assert calendar.method == "REQUEST"  # the whole event as it stands
    [master] = events(calendar)
    assert master.exdates == [cancelled.original_start]
    assert deliver(smtp, lambda: invitations_catch_up(now=T0)) == {}  # now he holds it
    # One who already held it gets just the date's CANCEL.
    another = series.occurrences.order_by("start")[2]
    received = deliver(
        smtp, lambda: occurrence_cancel(occurrence=another, by=series.pair.lead, now=T0)
    )
    assert invitation(received[MAX]).method == "CANCEL"


def test_after_a_change_from_a_later_day_the_catch_up_sends_both_events_one_by_one(
    series: Series, smtp: Inbox
) -> None:
    """The old schedule keeps its dates until the change: a calendar that is behind needs both."""
    changed = series_change(
        series=series,
        schedule=Schedule(
            rule="FREQ=WEEKLY;BYDAY=TH",
            first_day=date(2026, 4, 2),
            at=time(10, 0),
            timezone="Europe/Berlin",
        ),
        by=series.pair.lead,
        from_day=date(2026, 4, 1),
        now=T0,
    )
    turn_on(series.pair.member)
    before = len(smtp.messages)
    invitations_catch_up(now=T0)
    mail_deliver_due(worker="test")
    arrived = [invitation(message) for message in smtp.messages[before:]]
    assert [str(calendar["METHOD"]) for calendar in arrived] == ["REQUEST", "REQUEST"]
    uids = [{str(event["UID"]) for event in events(calendar)} for calendar in arrived]
    assert sorted(uids, key=str) == sorted(
        [{series.calendar_uid}, {changed.calendar_uid}], key=str
    )
    assert deliver(smtp, lambda: invitations_catch_up(now=T0)) == {}
    # Once the old schedule's last date has passed, only the current event is current.
    later = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)
    turn_on(series.pair.lead)
    received = deliver(smtp, lambda: invitations_catch_up(now=later))
    [only] = events(invitation(received[MAX]))
    assert str(only["UID"]) == changed.calendar_uid
