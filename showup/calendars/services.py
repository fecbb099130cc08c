"""Connecting and disconnecting a calendar, syncing with backoff, and answering questions."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, Q, QuerySet, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Now
from django.utils import timezone

from showup.calendars import dav
from showup.calendars.errors import CalendarError
from showup.calendars.in_calendar import stamps_by_person
from showup.calendars.models import Connection, Question
from showup.calendars.secrets import (
    UNREADABLE,
    CredentialsUnreadable,
    credentials_open,
    credentials_seal,
)
from showup.calendars.sync import connection_sync, remote_of
from showup.meetings import services as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence
from showup.people.models import Person

logger = logging.getLogger(__name__)
Answer = Question.Answer
Kind = Question.Kind
# After a failed sync: wait one minute, then twice as long after each further failure, at most six hours.
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MOST = timedelta(hours=6)
# A connection whose password Showup could not read any more: it waits for the person, not a retry.
NEEDS_PASSWORD = Q(credentials="")


def connection_connect(*, person: Person, url: str, username: str, password: str) -> Connection:
    """Finds the calendar with these credentials; stores them, encrypted, only if it answers."""
    sealed = credentials_seal(username=username, password=password)  # refuses first if no key
    calendar_url, name = dav.Remote(url=url, username=username, password=password).discover()
    connection_disconnect(person=person)  # another calendar, or the same afresh
    return Connection.objects.create(
        person=person, calendar_url=calendar_url, calendar_name=name[:200], credentials=sealed
    )


def connection_disconnect(*, person: Person) -> bool:
    """Removes Showup's events from the calendar as far as it can, then forgets the connection."""
    connection = Connection.objects.filter(person=person).first()
    if connection is None:
        return False
    try:
        remote = remote_of(connection)
        for event in connection.events.all():
            remote.delete(event.href, etag="")
    except CalendarError:  # the server is away or the password changed: forget it anyway
        logger.info("could not remove the events of calendar connection %s", connection.pk)
    connection.delete()
    return True


def backoff(failures: int) -> timedelta:
    """How long to wait after `failures` failed syncs in a row (1, 2, 4 ... minutes, at most 6 hours)."""
    return min(BACKOFF_FIRST * 2 ** min(failures - 1, 20), BACKOFF_MOST)


def _sync_lease() -> CombinedExpression:
    """A sync's claim, renewed after each event: long enough for a few slow requests."""
    seconds = settings.WORKER_LEASE_SECONDS + 3 * settings.CALDAV_TIMEOUT_SECONDS
    return CombinedExpression(
        Now(), "+", Value(timedelta(seconds=seconds)), output_field=DateTimeField()
    )


def _claim(connection: Connection, worker: str) -> bool:
    """Two workers never sync one calendar at once: a move would be recorded twice."""
    free = Q(running_by="") | Q(lease_until__lt=Now())
    claimed = Connection.objects.filter(free, pk=connection.pk).update(
        running_by=worker, lease_until=_sync_lease()
    )
    return claimed == 1


def _renew(connection: Connection, worker: str) -> None:
    Connection.objects.filter(pk=connection.pk, running_by=worker).update(
        lease_until=_sync_lease()
    )


def connection_sync_claimed(
    *, connection: Connection, worker: str, now: datetime | None = None
) -> bool:
    """Syncs one connection unless another worker is syncing it; records the outcome. True if it ran."""
    if not _claim(connection, worker):
        return False
    now = now or timezone.now()
    error = ""
    try:
        connection_sync(
            connection=connection, now=now, keep_claim=lambda: _renew(connection, worker)
        )
    except dav.WriteRefused:
        error = "retry"  # an edit in the calendar crossed ours: read it on the next round
    except CredentialsUnreadable:
        _password_forget(Connection.objects.filter(pk=connection.pk, running_by=worker), now=now)
        return True
    except CalendarError as problem:
        error = str(problem)
    except Exception:  # a bug must not stop the other connections; recorded, retried with backoff
        logger.exception("calendar sync of connection %s failed", connection.pk)
        error = "Showup could not sync this calendar because of an error on its side."
    _record(connection, error, now=now, worker=worker)
    return True


def _record(connection: Connection, error: str, *, now: datetime, worker: str) -> None:
    mine = Connection.objects.filter(pk=connection.pk, running_by=worker)
    if not error:
        mine.update(
            last_synced_at=now,
            last_attempt_at=now,
            last_error="",
            failures=0,
            retry_at=None,
            running_by="",
            lease_until=None,
        )
    elif error == "retry":
        mine.update(last_attempt_at=now, pushed_stamp=-1, running_by="", lease_until=None)
    else:
        failures = connection.failures + 1
        mine.update(
            last_attempt_at=now,
            last_error=error[:500],
            failures=failures,
            retry_at=now + backoff(failures),
            running_by="",
            lease_until=None,
        )


def _password_forget(connections: QuerySet[Connection], *, now: datetime) -> int:
    return connections.update(
        credentials="",
        last_attempt_at=now,
        last_error=UNREADABLE,
        failures=0,
        retry_at=None,
        running_by="",
        lease_until=None,
    )


def connections_forget_unreadable() -> int:
    """After a restore without the calendar key: connections no key here opens wait for their person."""
    unreadable = []
    for connection in Connection.objects.exclude(NEEDS_PASSWORD).only("pk", "credentials"):
        try:
            credentials_open(connection.credentials)
        except CredentialsUnreadable:
            unreadable.append(connection.pk)
    return _password_forget(Connection.objects.filter(pk__in=unreadable), now=timezone.now())


def connections_due(*, now: datetime, every: timedelta) -> list[Connection]:
    """Connections not synced for `every`, or whose backoff is over."""
    waiting = Q(retry_at__isnull=False)
    stale = Q(last_synced_at__isnull=True) | Q(last_synced_at__lte=now - every)
    return list(
        Connection.objects.filter(
            (~waiting & stale) | Q(retry_at__lte=now), person__is_active=True
        )
        .exclude(NEEDS_PASSWORD)
        .select_related("person")
    )


def connections_changed(*, now: datetime) -> list[Connection]:
    """Connections whose person's 1:1s changed since the last push (their pair stamps rose)."""
    ready = Connection.objects.filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now), person__is_active=True
    ).exclude(NEEDS_PASSWORD)
    connections = list(ready.select_related("person"))
    stamps = stamps_by_person([connection.person_id for connection in connections])
    return [c for c in connections if stamps[c.person_id] != c.pushed_stamp]


def _push_again(connection: Connection) -> None:
    Connection.objects.filter(pk=connection.pk).update(pushed_stamp=-1)


# Questions ----------------------------------------------------------------------


@transaction.atomic
def question_answer(*, question: Question, person: Person, answer: str) -> Question:
    """Applies the person's answer; the next push writes the outcome to their calendar."""
    if answer not in question_answers(question):
        raise MeetingError("Choose one of the answers offered.")
    answered = Question.objects.filter(pk=question.pk, answered_at__isnull=True).update(
        answer=answer, answered_at=timezone.now()
    )
    if not answered:
        raise MeetingError("This question was already answered.")
    _apply(question, person, answer)
    _push_again(question.event.connection)
    question.refresh_from_db()
    return question


def question_answers(question: Question) -> list[str]:
    if question.kind == Kind.REMOVED:
        return [Answer.CANCELLED, Answer.SKIPPED, Answer.RESTORE]
    if question.kind == Kind.SERIES_REMOVED:
        return [Answer.RESTORE, Answer.LEAVE_OUT]
    if question.kind == Kind.SERIES_CHANGED:
        return [Answer.SHOWUP]
    if question.calendar_start is None:
        return [Answer.CANCELLED, Answer.SKIPPED, Answer.SHOWUP]
    return [Answer.CALENDAR, Answer.SHOWUP]


def _apply(question: Question, person: Person, answer: str) -> None:
    occurrence = question.occurrence
    event = question.event
    if answer == Answer.CANCELLED and occurrence:
        meetings.occurrence_cancel(
            occurrence=occurrence, by=person, reason="Removed from their calendar."
        )
    elif answer == Answer.SKIPPED and occurrence:
        meetings.occurrence_skip(
            occurrence=occurrence, by=person, note="Removed from their calendar."
        )
    elif answer == Answer.CALENDAR and occurrence and question.calendar_start:
        _take_calendar_time(occurrence, person, question.calendar_start)
    elif question.kind in (Kind.SERIES_REMOVED, Kind.SERIES_CHANGED):
        # Showup's version is written over whatever the calendar holds now, without reading it
        # back: the person has just said which stands.
        event.left_out = answer == Answer.LEAVE_OUT
        event.etag = ""
        event.save(update_fields=["left_out", "etag"])


def _take_calendar_time(occurrence: Occurrence, person: Person, start: datetime) -> None:
    if occurrence.state != Occurrence.State.SCHEDULED:
        occurrence = meetings.occurrence_restore(occurrence=occurrence, by=person)
    if occurrence.start != start:
        meetings.occurrence_reschedule(
            occurrence=occurrence, by=person, new_start=start, reason="Moved in their calendar."
        )
