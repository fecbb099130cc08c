"""One round of two-way sync between Showup and a person's CalDAV calendar.

First read, then write. For each series, the event as Showup last wrote
it (`SyncedEvent.written`) is the common ancestor: a date that differs from it
in the calendar was changed by the person there, a date that differs from it
in Showup was changed in Showup. One side changed: the other follows (a move
becomes a reschedule by the person, a removal becomes a question, since only
they know whether it was cancelled or skipped). Both changed: a conflict
question, and until it is answered the calendar keeps its version and Showup
its own. Every write carries If-Match, so an edit made in the calendar while
Showup worked is read on the next round, never overwritten.
"""

from collections.abc import Callable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar

from showup.calendars import dav
from showup.calendars.events import EventFacts, Fact, event_facts, series_calendar
from showup.calendars.in_calendar import (
    changeable,
    series_in_calendar,
    series_occurrences,
    stamps_by_person,
)
from showup.calendars.models import Connection, Question, SyncedEvent
from showup.calendars.secrets import credentials_open
from showup.calendars.signals import question_asked
from showup.meetings.errors import MeetingError
from showup.meetings.feeds import REMOVED_FROM_CALENDAR, has_dates
from showup.meetings.models import Occurrence, Series
from showup.meetings.services import occurrence_reschedule
from showup.people.models import Person

Kind = Question.Kind
HOLDS_WHOLE_EVENT = [Kind.SERIES_REMOVED, Kind.SERIES_CHANGED]


def remote_of(connection: Connection) -> dav.Remote:
    username, password = credentials_open(connection.credentials)
    return dav.Remote(url=connection.calendar_url, username=username, password=password)


def connection_sync(
    *,
    connection: Connection,
    now: datetime | None = None,
    keep_claim: Callable[[], None] = lambda: None,
) -> None:
    """Reads the person's changes from their calendar and writes Showup's; raises CalendarError."""
    now = now or timezone.now()
    stamp = stamps_by_person([connection.person_id])[connection.person_id]
    remote = remote_of(connection)
    state = remote.state()
    # The state read before Showup writes: any change after this point, ours
    # included, makes the next round read every event again.
    unchanged = state.known and (state.sync_token, state.ctag) == (
        connection.sync_token,
        connection.ctag,
    )
    events = {event.series_id: event for event in connection.events.all()}
    for series in series_in_calendar(connection.person):
        _series_sync(
            connection, remote, series, events.get(series.pk), read=not unchanged, now=now
        )
        keep_claim()
    Connection.objects.filter(pk=connection.pk).update(
        sync_token=state.sync_token, ctag=state.ctag
    )
    # Only if nobody asked for another push meanwhile (an answer to a question does).
    Connection.objects.filter(pk=connection.pk, pushed_stamp=connection.pushed_stamp).update(
        pushed_stamp=stamp
    )


def _series_sync(
    connection: Connection,
    remote: dav.Remote,
    series: Series,
    event: SyncedEvent | None,
    *,
    read: bool,
    now: datetime,
) -> None:
    if not has_dates(series):  # stopped before its first date: nothing to show
        _event_remove(remote, event)
        return
    if event is not None and event.uid != series.calendar_uid:
        # Written before the series took its invitations' UID on upgrade: one event
        # per 1:1 in every calendar means this copy goes and the series' own comes.
        _event_remove(remote, event)
        event = None
    if event is None:
        _event_create(connection, remote, series)
        return
    if event.left_out or _holds_whole_event(event):
        return
    if not event.etag:  # the person asked for it back after removing it
        _event_write(event, remote, series, stored=remote.get(event.href))
        return
    stored = remote.get(event.href) if read else dav.Stored(ics=event.written, etag=event.etag)
    if stored is None:
        _ask(event, kind=Kind.SERIES_REMOVED)
        return
    if stored.etag != event.etag and _read_back(event, series, stored, now=now):
        return
    _event_write(event, remote, series, stored=stored)


def _event_remove(remote: dav.Remote, event: SyncedEvent | None) -> None:
    """The series' event leaves the calendar (if Showup wrote it there)."""
    if event is None:
        return
    if event.etag:
        stored = remote.get(event.href)
        if stored is not None:
            remote.delete(event.href, etag=stored.etag)
    event.delete()


def _holds_whole_event(event: SyncedEvent) -> bool:
    return event.questions.filter(answered_at__isnull=True, kind__in=HOLDS_WHOLE_EVENT).exists()


def _event_create(connection: Connection, remote: dav.Remote, series: Series) -> None:
    uid = series.calendar_uid
    event = SyncedEvent(connection=connection, series=series, uid=uid)
    event.href = remote.href_of(uid)
    # An event left behind by an earlier connection to this calendar is taken over.
    _event_write(event, remote, series, stored=remote.get(event.href))


def _event_write(
    event: SyncedEvent, remote: dav.Remote, series: Series, *, stored: dav.Stored | None
) -> None:
    """Writes Showup's version (with the calendar's where a question is open) if it differs."""
    ics = _event_ics(event, series)
    if stored is not None and same_event(ics, stored.ics):
        event.etag, event.written = stored.etag, stored.ics
    else:
        event.etag = remote.put(event.href, ics, etag=stored.etag if stored else None)
        event.written = ics
    event.written_at = timezone.now()
    event.save()


def _event_ics(event: SyncedEvent, series: Series) -> str:
    held: dict[datetime, Fact] = {}
    if event.pk:
        open_questions = event.questions.filter(answered_at__isnull=True, occurrence__isnull=False)
        for question in open_questions.select_related("occurrence"):
            assert question.occurrence is not None  # filtered above
            held[question.occurrence.original_start] = question.calendar_start
    return series_calendar(
        series=series,
        person=event.connection.person,
        occurrences=series_occurrences(series),
        held=held,
    ).decode()


def _read_back(event: SyncedEvent, series: Series, stored: dav.Stored, *, now: datetime) -> bool:
    """Records what the person changed in the calendar; True when the event must wait for an answer."""
    base, theirs = event_facts(event.written), event_facts(stored.ics)
    if not theirs.same_series(base):
        _ask(event, kind=Kind.SERIES_CHANGED)
        return True
    person = event.connection.person
    for occurrence in changeable(series_occurrences(series), now):
        _date_read_back(event, occurrence, base, theirs, person=person, now=now)
    return False


def _date_read_back(
    event: SyncedEvent,
    occurrence: Occurrence,
    base: EventFacts,
    theirs: EventFacts,
    *,
    person: Person,
    now: datetime,
) -> None:
    was = base.fact(occurrence.original_start, base=base)
    calendar = theirs.fact(occurrence.original_start, base=base)
    if calendar == was:
        return
    asked = event.questions.filter(answered_at__isnull=True, occurrence=occurrence).first()
    if (
        asked is not None
    ):  # changed again in the calendar before the answer: the newest fact stands
        asked.calendar_start = calendar
        asked.save(update_fields=["calendar_start"])
        return
    showup = None if occurrence.state in REMOVED_FROM_CALENDAR else occurrence.start
    if showup == calendar:
        return
    if showup != was or occurrence.state != Occurrence.State.SCHEDULED:
        _ask(event, kind=Kind.CONFLICT, occurrence=occurrence, calendar=calendar)
    elif calendar is None:
        _ask(event, kind=Kind.REMOVED, occurrence=occurrence, calendar=None)
    else:
        _reschedule_or_ask(event, occurrence, calendar, person=person, now=now)


def _reschedule_or_ask(
    event: SyncedEvent, occurrence: Occurrence, start: datetime, *, person: Person, now: datetime
) -> None:
    try:
        with transaction.atomic():
            occurrence_reschedule(
                occurrence=occurrence,
                by=person,
                new_start=start,
                reason="Moved in their calendar.",
                now=now,
            )
    except MeetingError:  # moved into the past, or changed in Showup a moment ago
        _ask(event, kind=Kind.CONFLICT, occurrence=occurrence, calendar=start)


def _ask(
    event: SyncedEvent,
    *,
    kind: str,
    occurrence: Occurrence | None = None,
    calendar: datetime | None = None,
) -> None:
    if event.questions.filter(answered_at__isnull=True, occurrence=occurrence).exists():
        return
    showup_state = occurrence.state if occurrence else ""
    showup_start = occurrence.start if occurrence else None
    question = Question.objects.create(
        event=event,
        occurrence=occurrence,
        kind=kind,
        calendar_start=calendar,
        showup_start=showup_start,
        showup_state=showup_state,
    )
    question_asked.send(sender=Question, question=question)


def same_event(ours: str, theirs: str) -> bool:
    """Whether two texts of an event say the same, however the server re-serialised it."""
    return _meaning(ours) == _meaning(theirs)


def _meaning(ics: str) -> set[tuple[str, str, str, str]]:
    said = set()
    for event in Calendar.from_ical(ics).events:
        occurrence = str(event.RECURRENCE_ID or "")
        for name, value in event.property_items(recursive=False):
            if name in ("BEGIN", "END", "DTSTAMP"):
                continue
            tzid = str(getattr(value, "params", {}).get("TZID", ""))
            said.add((occurrence, name, tzid, _ical(value)))
    return said


def _ical(value: object) -> str:
    to_ical = getattr(value, "to_ical", None)
    raw = to_ical() if to_ical else str(value)
    return raw.decode() if isinstance(raw, bytes) else str(raw)
