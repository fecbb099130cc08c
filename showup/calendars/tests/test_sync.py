"""Two-way sync against a real Radicale server; read back with the caldav library and recurring-ical-events."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.urls import reverse
from icalendar import Calendar

from showup.calendars import jobs
from showup.calendars.dav import UNREACHABLE
from showup.calendars.models import Connection, Question, SyncedEvent
from showup.calendars.tests.helpers import (
    BERLIN,
    connect,
    days_ahead,
    delete_in,
    edit_in_calendar,
    expanded_starts,
    master,
    move_in,
    read_calendars,
    showup_starts,
    sync,
)
from showup.calendars.tests.radicale_server import Radicale
from showup.core.tests.outbound_servers import (
    MODES,
    REDIRECTS,
    Trap,
    listener,
    network,
    redirect_trap,
    redirector,
)
from showup.mail.models import OutboxMessage
from showup.meetings import services as meetings
from showup.meetings.feeds import feed_token_issue
from showup.meetings.models import Occurrence, OccurrenceMove, Series
from showup.meetings.schedule import Schedule
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

__all__ = ["listener", "network", "redirect_trap", "redirector"]  # fixtures, used by name

State = Occurrence.State
ALLOWED_PROPERTIES = {
    "UID", "DTSTAMP", "SUMMARY", "URL", "DESCRIPTION", "LOCATION",
    "DTSTART", "DTEND", "RRULE", "EXDATE", "RDATE", "RECURRENCE-ID",
}  # fmt: skip


@pytest.fixture
def manager(db: None) -> Person:
    return PersonFactory.create(name="Max Manager")


@pytest.fixture
def report(manager: Person) -> Person:
    return PersonFactory.create(name="Riley Report", manager=manager)


def upcoming(series: Series) -> list[Occurrence]:
    return list(Occurrence.objects.filter(series=series).order_by("original_start"))


def test_it_writes_each_series_as_one_event_and_keeps_it_up_to_date(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))

    (calendar,) = read_calendars(radicale, "riley", url)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == series.calendar_uid
    assert str(event["SUMMARY"]) == "1:1 with Max Manager"
    assert set(event.keys()) <= ALLOWED_PROPERTIES
    assert expanded_starts([calendar]) == showup_starts(series)

    dates = upcoming(series)
    moved_to = dates[1].start + timedelta(hours=3)
    meetings.occurrence_reschedule(occurrence=dates[1], by=manager, new_start=moved_to)
    meetings.occurrence_cancel(occurrence=dates[2], by=manager)
    jobs.push_changes()  # the worker's push job: it sees the pair stamp rise
    calendars = read_calendars(radicale, "riley", url)
    assert expanded_starts(calendars) == showup_starts(series)
    assert moved_to in expanded_starts(calendars)
    assert dates[2].start not in expanded_starts(calendars)

    etag = SyncedEvent.objects.get(connection=connection).etag
    sync(connection)  # nothing changed: nothing is written again
    assert SyncedEvent.objects.get(connection=connection).etag == etag


def test_a_changed_schedule_ends_the_old_event_and_starts_a_new_one(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    schedule = Schedule(
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        first_day=days_ahead(21),
        at=time(15, 0),
        timezone="Europe/Berlin",
    )
    changed = meetings.series_change(
        series=series, schedule=schedule, by=manager, from_day=days_ahead(21)
    )
    sync(connection)

    calendars = read_calendars(radicale, "riley", url)
    by_uid = {str(event["UID"]): event for calendar in calendars for event in calendar.events}
    assert set(by_uid) == {series.calendar_uid, changed.calendar_uid}
    old, new = by_uid[series.calendar_uid], by_uid[changed.calendar_uid]
    assert "UNTIL" in old.rrules[0]
    assert [rule.to_ical().decode() for rule in new.rrules] == ["FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"]
    # No date before an event's own start (RDATE), which Outlook and some servers drop.
    assert not [event for event in by_uid.values() if "RDATE" in event]
    assert expanded_starts(calendars) == showup_starts(series) | showup_starts(changed)


def test_a_move_in_the_calendar_is_a_reschedule_by_that_person(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    moved = upcoming(series)[2]
    later = moved.start + timedelta(days=1, hours=2)

    edit_in_calendar(radicale, "riley", url, move_in(moved, later))
    sync(connection)

    moved.refresh_from_db()
    assert moved.start == later
    move = OccurrenceMove.objects.get(occurrence=moved)
    assert move.moved_by == report
    assert not Question.objects.exists()
    assert expanded_starts(read_calendars(radicale, "riley", url)) == showup_starts(series)


def test_a_deletion_in_the_calendar_asks_whether_it_was_cancelled_or_skipped(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    deleted = upcoming(series)[1]

    edit_in_calendar(radicale, "riley", url, delete_in(deleted))
    sync(connection)
    sync(connection)  # asked once, and the calendar keeps the deletion meanwhile

    question = Question.objects.get()
    assert (question.kind, question.occurrence, question.calendar_start) == (
        Question.Kind.REMOVED,
        deleted,
        None,
    )
    deleted.refresh_from_db()
    assert deleted.state == State.SCHEDULED
    assert deleted.start not in expanded_starts(read_calendars(radicale, "riley", url))


def test_a_question_reaches_home_and_the_person_s_mail_once(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    manager: Person,
    report: Person,
    sign_in: Callable[[Person], Any],
) -> None:
    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    home = sign_in(report).get(reverse("pages:home")).content.decode()
    assert "disagree" not in home
    deleted = upcoming(series)[1]
    edit_in_calendar(radicale, "riley", url, delete_in(deleted))
    sync(connection)
    sync(connection)

    (mail,) = OutboxMessage.objects.filter(kind="calendar-question")
    assert mail.recipient == report.email
    assert f"Your calendar and Showup disagree about your 1:1 with {manager.name}" == mail.subject
    assert "was deleted in your calendar" in mail.text_body
    home = sign_in(report).get(reverse("pages:home")).content.decode()
    assert "Your calendar and Showup disagree about 1 date." in home
    assert reverse("calendars:connection") in home


def test_a_moved_date_whose_override_is_deleted_asks_too(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=days_ahead(7))
    moved = upcoming(series)[1]
    meetings.occurrence_reschedule(
        occurrence=moved, by=manager, new_start=moved.start + timedelta(hours=2)
    )
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))

    def drop_override(calendar: Calendar) -> None:
        calendar.subcomponents = [c for c in calendar.subcomponents if "RECURRENCE-ID" not in c]

    edit_in_calendar(radicale, "riley", url, drop_override)
    sync(connection)
    assert Question.objects.get().kind == Question.Kind.REMOVED


def test_both_sides_changed_is_a_conflict_and_neither_is_overwritten(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    contested = upcoming(series)[3]
    in_showup = contested.start + timedelta(hours=1)
    in_calendar = contested.start + timedelta(hours=4)

    meetings.occurrence_reschedule(occurrence=contested, by=manager, new_start=in_showup)
    edit_in_calendar(radicale, "riley", url, move_in(contested, in_calendar))
    sync(connection)
    sync(connection)

    question = Question.objects.get()
    assert (question.kind, question.calendar_start, question.showup_start) == (
        Question.Kind.CONFLICT,
        in_calendar,
        in_showup,
    )
    contested.refresh_from_db()
    assert contested.start == in_showup  # Showup's fact kept in Showup
    starts = expanded_starts(read_calendars(radicale, "riley", url))
    assert in_calendar in starts  # the calendar's fact kept in the calendar
    assert in_showup not in starts


def test_a_concurrent_edit_in_the_calendar_is_never_overwritten(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    manager: Person,
    report: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The person edits the event between Showup's read and its write: If-Match refuses the write."""
    from showup.calendars import dav

    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    dates = upcoming(series)
    meetings.occurrence_cancel(occurrence=dates[1], by=manager)
    their_move = dates[4].start + timedelta(hours=5)
    read = dav.Remote.get

    def read_then_person_edits(self: dav.Remote, href: str) -> dav.Stored | None:
        stored = read(self, href)
        monkeypatch.setattr(dav.Remote, "get", read)
        edit_in_calendar(radicale, "riley", url, move_in(dates[4], their_move))
        return stored

    monkeypatch.setattr(dav.Remote, "get", read_then_person_edits)
    connection.sync_token = ""  # make the round read the event
    connection.save(update_fields=["sync_token", "ctag"])
    from showup.calendars import services

    assert services.connection_sync_claimed(connection=connection, worker="w")
    assert their_move in expanded_starts(read_calendars(radicale, "riley", url))

    sync(connection)  # the next round reads their edit, then writes Showup's
    dates[4].refresh_from_db()
    assert dates[4].start == their_move
    starts = expanded_starts(read_calendars(radicale, "riley", url))
    assert their_move in starts
    assert dates[1].start not in starts


def test_it_backs_off_while_the_server_is_down_and_recovers(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    from showup.calendars import services

    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    meetings.occurrence_cancel(occurrence=upcoming(series)[0], by=manager)
    radicale.stop()
    try:
        now = datetime.now(UTC)
        services.connection_sync_claimed(connection=connection, worker="w", now=now)
        connection.refresh_from_db()
        assert "could not be reached" in connection.last_error
        assert (connection.failures, connection.retry_at) == (1, now + timedelta(minutes=1))
        assert connection not in services.connections_changed(now=now)  # waits its turn
        later = now + timedelta(minutes=1)
        assert connection in services.connections_due(now=later, every=timedelta(minutes=5))
        services.connection_sync_claimed(connection=connection, worker="w", now=later)
        connection.refresh_from_db()
        assert (connection.failures, connection.retry_at) == (2, later + timedelta(minutes=2))
    finally:
        radicale.start()
    sync(connection)
    assert (connection.failures, connection.retry_at, connection.last_error) == (0, None, "")
    assert expanded_starts(read_calendars(radicale, "riley", url)) == showup_starts(series)


def test_a_connection_sees_only_its_own_persons_1on1s(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    other_report = PersonFactory.create(name="Sam Other", manager=manager)
    theirs = weekly_series(manager, report, first_day=days_ahead(7))
    not_theirs = weekly_series(manager, other_report, first_day=days_ahead(8))
    riley_url, sam_url, max_url = new_calendar("riley"), new_calendar("sam"), new_calendar("max")
    sync(connect(report, riley_url, "riley"))
    sync(connect(other_report, sam_url, "sam"))
    sync(connect(manager, max_url, "max"))

    def uids(user: str, url: str) -> set[str]:
        return {
            str(e["UID"]) for c in read_calendars(radicale, user, url) for e in c.walk("VEVENT")
        }

    assert uids("riley", riley_url) == {theirs.calendar_uid}
    assert uids("sam", sam_url) == {not_theirs.calendar_uid}
    assert uids("max", max_url) == {theirs.calendar_uid, not_theirs.calendar_uid}


def test_times_stay_right_across_a_dst_change_in_the_series_time_zone(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    change = next_dst_change(days_ahead(7))
    series = weekly_series(manager, report, first_day=change - timedelta(days=14), at=time(9, 30))
    url = new_calendar("riley")
    sync(connect(report, url, "riley"))

    starts = expanded_starts(read_calendars(radicale, "riley", url))
    assert starts == showup_starts(series)
    around = sorted(s for s in starts if abs((s.date() - change).days) <= 21)
    assert {s.astimezone(BERLIN).time() for s in around} == {time(9, 30)}
    assert len({s.astimezone(BERLIN).utcoffset() for s in around}) == 2


def next_dst_change(after: date) -> date:
    """The first day after `after` whose noon in Berlin has another UTC offset than the day before."""
    day = after
    while True:
        following = day + timedelta(days=1)
        noon = datetime.combine(day, time(12), BERLIN)
        if noon.utcoffset() != datetime.combine(following, time(12), BERLIN).utcoffset():
            return following
        day = following


def test_answering_a_deletion_as_skipped_records_it_by_the_person(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    from showup.calendars import services

    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    deleted = upcoming(series)[1]
    edit_in_calendar(radicale, "riley", url, delete_in(deleted))
    sync(connection)

    services.question_answer(question=Question.objects.get(), person=report, answer="skipped")
    deleted.refresh_from_db()
    assert (deleted.state, deleted.outcome_by) == (State.SKIPPED, report)
    sync(connection)
    calendars = read_calendars(radicale, "riley", url)
    assert expanded_starts(calendars) == showup_starts(series)
    assert not Question.objects.filter(answered_at__isnull=True).exists()


def test_answering_a_conflict_with_the_calendar_moves_it_in_showup(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    from showup.calendars import services

    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    contested = upcoming(series)[2]
    in_calendar = contested.start + timedelta(hours=4)
    meetings.occurrence_cancel(occurrence=contested, by=manager)
    edit_in_calendar(radicale, "riley", url, move_in(contested, in_calendar))
    sync(connection)

    services.question_answer(question=Question.objects.get(), person=report, answer="calendar")
    contested.refresh_from_db()
    assert (contested.state, contested.start) == (State.SCHEDULED, in_calendar)
    assert OccurrenceMove.objects.get(occurrence=contested).moved_by == report
    sync(connection)
    assert expanded_starts(read_calendars(radicale, "riley", url)) == showup_starts(series)


def test_removing_the_whole_event_asks_and_puts_it_back_when_told(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    from showup.calendars import services
    from showup.calendars.tests.helpers import calendar_of, events_of

    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    (item,) = events_of(calendar_of(radicale, "riley", url))
    item.delete()
    sync(connection)
    sync(connection)
    assert read_calendars(radicale, "riley", url) == []  # not written back over their deletion

    question = Question.objects.get()
    assert question.kind == Question.Kind.SERIES_REMOVED
    services.question_answer(question=question, person=report, answer="restore")
    sync(connection)
    assert expanded_starts(read_calendars(radicale, "riley", url)) == showup_starts(series)


def test_disconnecting_removes_showups_events_and_the_credentials(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    from showup.calendars import services
    from showup.calendars.models import Connection

    weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    sync(connect(report, url, "riley"))
    assert services.connection_disconnect(person=report)
    assert read_calendars(radicale, "riley", url) == []
    assert not Connection.objects.exists()
    assert not SyncedEvent.objects.exists()


def test_a_master_changed_in_the_calendar_holds_the_event_and_asks(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))

    def an_hour_later(calendar: Calendar) -> None:
        main = master(calendar)
        start, end = main.start, main.end
        del main["DTSTART"], main["DTEND"]
        main.add("dtstart", start + timedelta(hours=1))
        main.add("dtend", end + timedelta(hours=1))

    edit_in_calendar(radicale, "riley", url, an_hour_later)
    before = read_calendars(radicale, "riley", url)[0].to_ical()
    sync(connection)
    question = Question.objects.get()
    assert question.kind == Question.Kind.SERIES_CHANGED
    assert read_calendars(radicale, "riley", url)[0].to_ical() == before

    from showup.calendars import services

    services.question_answer(question=question, person=report, answer="showup")
    sync(connection)
    sync(connection)
    assert expanded_starts(read_calendars(radicale, "riley", url)) == showup_starts(series)
    assert Question.objects.count() == 1  # not asked again


def test_connecting_another_calendar_moves_the_events_there(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    series = weekly_series(manager, report, first_day=days_ahead(7))
    first, second = new_calendar("riley"), new_calendar("riley")
    sync(connect(report, first, "riley"))
    connection = sync(connect(report, second, "riley"))
    assert read_calendars(radicale, "riley", first) == []
    assert expanded_starts(read_calendars(radicale, "riley", second)) == showup_starts(series)
    assert SyncedEvent.objects.get().connection == connection


def test_the_worker_round_writes_the_calendar(
    radicale: Radicale, new_calendar: Callable[[str], str], manager: Person, report: Person
) -> None:
    from showup.core.jobs import jobs_run_due

    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connect(report, url, "riley")
    ran = jobs_run_due(worker="test-worker")
    assert {"calendars.push-changes", "calendars.sync"} <= set(ran)
    assert expanded_starts(read_calendars(radicale, "riley", url)) == showup_starts(series)


def test_an_unchanged_calendar_is_not_read_again(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    manager: Person,
    report: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The collection's sync-token and ctag say whether anything changed there since the last round."""
    from showup.calendars import dav

    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(sync(connect(report, url, "riley")))
    reads: list[str] = []
    read = dav.Remote.get

    def counted(self: dav.Remote, href: str) -> dav.Stored | None:
        reads.append(href)
        return read(self, href)

    monkeypatch.setattr(dav.Remote, "get", counted)
    sync(connection)
    assert reads == []
    edit_in_calendar(radicale, "riley", url, delete_in(upcoming(series)[0]))
    sync(connection)
    assert len(reads) == 1
    assert Question.objects.get().kind == Question.Kind.REMOVED


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", REDIRECTS)
def test_a_sync_never_follows_a_redirect_to_a_refused_address(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    redirect_trap: Callable[..., Trap],
    manager: Person,
    report: Person,
    settings: Any,
    status: int,
    mode: str,
) -> None:
    from showup.calendars import services

    weekly_series(manager, report, first_day=days_ahead(7))
    connection = sync(connect(report, new_calendar("riley"), "riley"))
    trap = redirect_trap(status, mode, name="dav.example.net", path="/riley/work/")
    Connection.objects.filter(id=connection.id).update(calendar_url=trap.url)  # the server moved
    connection.refresh_from_db()
    services.connection_sync_claimed(connection=connection, worker="w")
    connection.refresh_from_db()
    assert connection.last_error == UNREACHABLE
    assert len(trap.first.received) == 1
    assert trap.listener.connections == 0


@pytest.mark.parametrize("stop", ["pause", "end"])
def test_stopping_a_1on1_before_its_first_date_empties_every_calendar_and_sync_goes_on(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    manager: Person,
    report: Person,
    client: Any,
    stop: str,
) -> None:
    """A rule ending before it starts (UNTIL < DTSTART) is refused by CalDAV servers: never write one."""
    series = weekly_series(manager, report, first_day=days_ahead(14))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    assert expanded_starts(read_calendars(radicale, "riley", url)) == showup_starts(series)

    getattr(meetings, f"series_{stop}")(series=series, by=manager)
    sync(connection)  # raised "UNTIL < DTSTART" from the server before

    assert expanded_starts(read_calendars(radicale, "riley", url)) == set()
    connection.refresh_from_db()
    assert connection.failures == 0
    token = feed_token_issue(person=report)
    feed = Calendar.from_ical(client.get(reverse("meetings:feed", args=[token])).content)
    assert expanded_starts([feed]) == set()
    for event in feed.walk("VEVENT"):
        for rule in (
            event.get("RRULE", [])
            if isinstance(event.get("RRULE"), list)
            else [event.get("RRULE")]
        ):
            if rule and "UNTIL" in rule:
                assert rule["UNTIL"][0] >= event.decoded("DTSTART")
