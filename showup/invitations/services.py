"""Calendar invitations: one e-mail to each of the two people per change, carrying the event.

Queued in the transaction of the change itself, through the outbox, so an
invitation goes exactly when its change is committed, and only then.
"""

import uuid
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from showup.invitations import calendar
from showup.invitations.calendar import Version
from showup.invitations.models import InvitationDelivery, InvitationThread, ThreadSeries
from showup.invitations.preferences import everyone_s_wishes, invitation_wishes
from showup.mail.rendering import render_mail
from showup.mail.services import mail_queue
from showup.meetings.feeds import REMOVED_FROM_CALENDAR
from showup.meetings.models import Occurrence, Series
from showup.notifications.links import unsubscribe_url
from showup.people.models import Person


class Change(StrEnum):
    CREATED = "created"
    ACCEPTED = "accepted"
    CHANGED = "changed"
    RESUMED = "resumed"
    PAUSED = "paused"
    ENDED = "ended"
    MOVED = "moved"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    RESTORED = "restored"
    # Not a change: the event as it stands, for someone whose calendar is behind.
    CURRENT = "current"


SERIES_CANCELLING = {Change.PAUSED, Change.ENDED}
DATE_CANCELLING = {Change.SKIPPED, Change.CANCELLED}


# The event's thread: one UID and one SEQUENCE for a chain of series -------------


def thread_of(series: Series) -> InvitationThread:
    """The thread of `series`: that of the series it replaced, or a new one for the first of a chain."""
    link = ThreadSeries.objects.filter(series_id=series.pk).select_related("thread").first()
    if link is not None:
        return link.thread
    if series.replaces_id is not None:
        thread = thread_of(Series.objects.get(pk=series.replaces_id))
    else:
        thread, _ = InvitationThread.objects.get_or_create(
            root=series, defaults={"uid": _new_uid()}
        )
    ThreadSeries.objects.get_or_create(series_id=series.pk, defaults={"thread": thread})
    return thread


def _new_uid() -> str:
    # Random, not the series' id: a restored or reinstalled Showup must never reuse one.
    return f"{uuid.uuid4()}@{urlsplit(settings.BASE_URL).hostname or 'showup'}"


def thread_next_sequence(thread: InvitationThread) -> int:
    """Raises the thread's SEQUENCE in the database and returns it: never twice the same, never lower."""
    InvitationThread.objects.filter(pk=thread.pk).update(sequence=F("sequence") + 1)
    thread.sequence = InvitationThread.objects.values_list("sequence", flat=True).get(pk=thread.pk)
    return thread.sequence


def latest_of(series: Series) -> Series:
    """The series that now stands for this one in the calendar: the last that replaced it."""
    while (following := Series.objects.filter(replaces=series).first()) is not None:
        series = following
    return series


def _exceptions(series: Series) -> list[Occurrence]:
    return list(
        Occurrence.objects.filter(series=series)
        .filter(Q(state__in=REMOVED_FROM_CALENDAR) | ~Q(start=F("original_start")))
        .select_related("series")
    )


def _ahead_under_earlier_schedules(series: Series, *, now: datetime) -> list[datetime]:
    """Starts of the pair's 1:1s still ahead that an earlier series of the chain keeps.

    A change from a later day leaves the dates before it to the old series;
    a paused or ended series keeps none ahead, so these are the chain's own.
    """
    return list(
        Occurrence.objects.filter(
            pair_id=series.pair_id, state=Occurrence.State.SCHEDULED, end__gt=now
        )
        .exclude(series=series)
        .order_by("start")
        .values_list("start", flat=True)
    )


# Sending -----------------------------------------------------------------------


def invitations_send(
    *,
    series: Series,
    change: Change,
    by: Person | None,
    occurrence: Occurrence | None = None,
    now: datetime | None = None,
    only: list[Person] | None = None,
    **context: Any,
) -> int:
    """Queues the invitation for `change` to each of the pair who wants it (or `only` those); returns how many."""
    pair = series.pair
    people = [person for person in (pair.member, pair.lead) if person.is_active]
    wishes = invitation_wishes(people)
    chosen = {person.pk for person in only} if only is not None else set(wishes)
    recipients = [person for person in people if wishes[person.pk] and person.pk in chosen]
    if not recipients:
        return 0
    thread = thread_of(series)
    version = Version(
        uid=thread.uid, sequence=thread_next_sequence(thread), at=now or timezone.now()
    )
    current = latest_of(series)
    write = _writer(change, series=current, occurrence=occurrence, version=version)
    whole = _writer(Change.CURRENT, series=current, occurrence=None, version=version)
    holding = _holding(thread, version)
    url = _page_url(series=current, occurrence=occurrence)
    queued = 0
    for person in recipients:
        # A change to one date means something only to a calendar holding the event as it
        # was; any other calendar gets the whole event as it now stands.
        ics = write(person) if person.pk in holding else whole(person)
        _delivered(thread, person, version)
        queued += _queue(
            person=person,
            ics=ics,
            key=f"invitation:{thread.pk}:{version.sequence}:{person.pk}",
            change=change,
            context={
                **context,
                "by": by,
                "other": pair.other(person),
                "series": current,
                "occurrence": occurrence,
                "url": url,
            },
        )
    return queued


def _holding(thread: InvitationThread, version: Version) -> set[int]:
    """Who holds the event as it was just before this version: a date's change applies to theirs."""
    return set(
        InvitationDelivery.objects.filter(
            thread=thread, sequence=version.sequence - 1
        ).values_list("person_id", flat=True)
    )


def _delivered(thread: InvitationThread, person: Person, version: Version) -> None:
    InvitationDelivery.objects.update_or_create(
        thread=thread,
        person=person,
        defaults={"sequence": version.sequence, "sent_at": version.at},
    )


def _writer(
    change: Change, *, series: Series, occurrence: Occurrence | None, version: Version
) -> Callable[[Person], str]:
    """How to write the calendar part for one recipient, once for all of them."""
    if change in DATE_CANCELLING and occurrence is not None:
        return lambda person: calendar.occurrence_cancel(
            occurrence=occurrence, person=person, version=version
        )
    if change in SERIES_CANCELLING or series.status != Series.Status.ACTIVE:
        # A paused or ended 1:1 is off the calendar; a later change to one of its
        # dates keeps it off, while its e-mail still says what happened.
        return lambda person: calendar.series_cancel(series=series, person=person, version=version)
    exceptions = _exceptions(series)
    carried = _ahead_under_earlier_schedules(series, now=version.at)
    return lambda person: calendar.series_request(
        series=series, person=person, exceptions=exceptions, version=version, carried=carried
    )


def _page_url(*, series: Series, occurrence: Occurrence | None) -> str:
    if occurrence is not None:
        return settings.BASE_URL + reverse("pages:occurrence", args=[occurrence.pk])
    return settings.BASE_URL + reverse("meetings:pair-next", args=[series.pair_id])


def _queue(*, person: Person, ics: str, key: str, change: Change, context: dict[str, Any]) -> bool:
    """Renders in the recipient's own time zone, with the same unsubscribe links as every reminder."""
    unsubscribe = unsubscribe_url(person_id=person.pk)
    context = {
        **context,
        "change": str(change),
        "person": person,
        "settings_url": settings.BASE_URL + reverse("notifications:settings"),
        "unsubscribe_url": unsubscribe,
    }
    with timezone.override(ZoneInfo(person.timezone)):
        mail = render_mail("invitations/mail/invitation", context)
    message = mail_queue(
        kind=f"invitation-{change}",
        recipient=person.email,
        mail=mail,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        dedupe_key=key,
        calendar=ics,
    )
    return message is not None


# Catching up -------------------------------------------------------------------


def invitations_catch_up(*, now: datetime | None = None) -> int:
    """Sends the event as it stands to each person who wants invitations and whose calendar is behind.

    Behind: they turned invitations on (or the company did) after the 1:1 was
    set up or last changed. A fixed number of queries however many 1:1s there
    are, and one more transaction for each 1:1 with someone behind.
    """
    now = now or timezone.now()
    active = list(
        Series.objects.filter(status=Series.Status.ACTIVE).select_related(
            "pair__lead", "pair__member"
        )
    )
    wishes = everyone_s_wishes()
    threads = dict(
        ThreadSeries.objects.filter(series__status=Series.Status.ACTIVE).values_list(
            "series_id", "thread__sequence"
        )
    )
    held = _held_versions()
    queued = 0
    for series in active:
        behind = [
            person
            for person in (series.pair.member, series.pair.lead)
            if person.is_active
            and wishes(person)
            and (
                series.pk not in threads or held.get((series.pk, person.pk)) != threads[series.pk]
            )
        ]
        if behind:
            queued += _catch_up(series, behind=behind, now=now)
    return queued


def _held_versions() -> dict[tuple[int, int], int]:
    """(series, person) → the SEQUENCE of the event their calendar holds, for every current series."""
    rows = InvitationDelivery.objects.filter(
        thread__members__series__status=Series.Status.ACTIVE
    ).values_list("thread__members__series_id", "person_id", "sequence")
    return {(series_id, person_id): sequence for series_id, person_id, sequence in rows}


@transaction.atomic
def _catch_up(series: Series, *, behind: list[Person], now: datetime) -> int:
    thread = thread_of(series)
    held_before = thread.sequence
    next_start = (
        series.occurrences.filter(state=Occurrence.State.SCHEDULED, start__gte=now)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    queued = invitations_send(
        series=series, change=Change.CURRENT, by=None, now=now, only=behind, next_start=next_start
    )
    thread.refresh_from_db(fields=["sequence"])
    # The event did not change: whoever already held it holds this version too.
    InvitationDelivery.objects.filter(thread=thread, sequence=held_before).exclude(
        person__in=behind
    ).update(sequence=thread.sequence)
    return queued
