"""One round of two-way sync between Showup and a person's CalDAV calendar.

First read, then write. For each series chain, the event as Showup last wrote
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
from showup.calendars.chains import chain_occurrences, chains_of, changeable, stamps_by_person
from showup.calendars.events import (
    EventFacts,
    Fact,
    chain_calendar,
    chain_uid,
    chain_with_dates,
    event_facts,
)
from showup.calendars.models import Connection, Question, SyncedEvent
from showup.calendars.secrets import credentials_open
from showup.calendars.signals import question_asked
from showup.meetings.errors import MeetingError
from showup.meetings.feeds import REMOVED_FROM_CALENDAR
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
    events = {event.root_series_id: event for event in connection.events.all()}
    for chain in chains_of(connection.person):
        _chain_sync(
            connection, remote, chain, events.get(chain[0].pk), read=not unchanged, now=now
        )
        keep_claim()
    Connection.objects.filter(pk=connection.pk).update(
        sync_token=state.sync_token, ctag=state.ctag
    )
    # Only if nobody asked for another push meanwhile (an answer to a question does).
    Connection.objects.filter(pk=connection.pk, pushed_stamp=connection.pushed_stamp).update(
        pushed_stamp=stamp
    )


def _chain_sync(
    connection: Connection,
    remote: dav.Remote,
    chain: list[Series],
    event: SyncedEvent | None,
    *,
    read: bool,
    now: datetime,
) -> None:
    if not chain_with_dates(chain):  # stopped before its first date: nothing to show
        _chain_remove(remote, event)
        return
    if event is None:
        _chain_create(connection, remote, chain)
        return
    if event.left_out or _holds_whole_event(event):
        return
    if not event.etag:  # the person asked for it back after removing it
        _event_write(event, remote, chain, stored=remote.get(event.href))
        return
    stored = remote.get(event.href) if read else dav.Stored(ics=event.written, etag=event.etag)
    if stored is None:
        _ask(event, kind=Kind.SERIES_REMOVED)
        return
    if stored.etag != event.etag and _read_back(event, chain, stored, now=now):
        return
    _event_write(event, remote, chain, stored=stored)


def _chain_remove(remote: dav.Remote, event: SyncedEvent | None) -> None:
    """The chain's event leaves the calendar (if Showup wrote it there); a later resume writes it anew."""
    if event is None:
        return
    if event.etag:
        stored = remote.get(event.href)
        if stored is not None:
            remote.delete(event.href, etag=stored.etag)
    event.delete()


def _holds_whole_event(event: SyncedEvent) -> bool:
    return event.questions.filter(answered_at__isnull=True, kind__in=HOLDS_WHOLE_EVENT).exists()


def _chain_create(connection: Connection, remote: dav.Remote, chain: list[Series]) -> None:
    uid = chain_uid(chain[0])
    event = SyncedEvent(connection=connection, root_series=chain[0], uid=uid)
    event.href = remote.href_of(uid)
    # An event left behind by an earlier connection to this calendar is taken over.
    _event_write(event, remote, chain, stored=remote.get(event.href))


def _event_write(
    event: SyncedEvent, remote: dav.Remote, chain: list[Series], *, stored: dav.Stored | None
) -> None:
    """Writes Showup's version (with the calendar's where a question is open) if it differs."""
    ics = _event_ics(event, chain)
    if stored is not None and same_event(ics, stored.ics):
        event.etag, event.written = stored.etag, stored.ics
    else:
        event.etag = remote.put(event.href, ics, etag=stored.etag if stored else None)
        event.written = ics
    event.written_at = timezone.now()
    event.save()


def _event_ics(event: SyncedEvent, chain: list[Series]) -> str:
    held: dict[datetime, Fact] = {}
    if event.pk:
        open_questions = event.questions.filter(answered_at__isnull=True, occurrence__isnull=False)
        for question in open_questions.select_related("occurrence"):
            assert question.occurrence is not None  # filtered above
            held[question.occurrence.original_start] = question.calendar_start
    return chain_calendar(
        chain=chain,
        person=event.connection.person,
        occurrences=chain_occurrences(chain),
        held=held,
    ).decode()


def _read_back(
    event: SyncedEvent, chain: list[Series], stored: dav.Stored, *, now: datetime
) -> bool:
    """Records what the person changed in the calendar; True when the event must wait for an answer."""
    base, theirs = event_facts(event.written), event_facts(stored.ics)
    if not theirs.same_series(base):
        _ask(event, kind=Kind.SERIES_CHANGED)
        return True
    person = event.connection.person
    for occurrence in changeable(chain_occurrences(chain), now):
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
