"""Calendar invitations: one e-mail to each of the two people per change, carrying the event.

Queued in the transaction of the change itself, through the outbox, so an
invitation goes exactly when its change is committed, and only then.
"""

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from showup.invitations import calendar
from showup.invitations.calendar import Version
from showup.invitations.models import InvitationDelivery, InvitationThread
from showup.invitations.preferences import everyone_s_wishes, invitation_wishes
from showup.mail.rendering import render_mail
from showup.mail.services import mail_queue
from showup.meetings.feeds import IN_CALENDAR, REMOVED_FROM_CALENDAR, has_dates
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
    # The series a schedule change or a resume replaced: its event ends at its last date.
    REPLACED = "replaced"
    # Not a change: the event as it stands, for someone whose calendar is behind.
    CURRENT = "current"


DATE_CANCELLING = {Change.SKIPPED, Change.CANCELLED}
DATE_REQUESTING = {Change.MOVED, Change.RESTORED}


# The event's thread: the SEQUENCE of one series' event ---------------------------


def thread_of(series: Series) -> InvitationThread:
    thread, _ = InvitationThread.objects.get_or_create(series=series)
    return thread


def thread_next_sequence(thread: InvitationThread) -> int:
    """Raises the thread's SEQUENCE in the database and returns it: never twice the same, never lower."""
    InvitationThread.objects.filter(pk=thread.pk).update(sequence=F("sequence") + 1)
    thread.sequence = InvitationThread.objects.values_list("sequence", flat=True).get(pk=thread.pk)
    return thread.sequence


def _exceptions(series: Series) -> list[Occurrence]:
    return list(
        Occurrence.objects.filter(series=series)
        .filter(Q(state__in=REMOVED_FROM_CALENDAR) | ~Q(start=F("original_start")))
        .select_related("series")
    )


def _dates_ahead(*, now: datetime) -> QuerySet[Occurrence]:
    return Occurrence.objects.filter(state=Occurrence.State.SCHEDULED, end__gt=now)


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
    version = Version(sequence=thread_next_sequence(thread), at=now or timezone.now())
    write = _writer(change, series=series, occurrence=occurrence, version=version)
    whole = _writer(Change.CURRENT, series=series, occurrence=None, version=version)
    holding = _holding(thread, version)
    url = _page_url(series=series, occurrence=occurrence)
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
                "series": series,
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
    if not has_dates(series):  # stopped before its first date: no calendar may show it
        return lambda person: calendar.series_cancel(series=series, person=person, version=version)
    if change in DATE_CANCELLING and occurrence is not None:
        return lambda person: calendar.occurrence_cancel(
            occurrence=occurrence, person=person, version=version
        )
    if change in DATE_REQUESTING and occurrence is not None:
        return lambda person: calendar.occurrence_request(
            occurrence=occurrence, person=person, version=version
        )
    # Paused, ended or replaced, the rule ends at the series' last date (UNTIL):
    # the dates held stay in the calendar, those ahead leave it.
    exceptions = _exceptions(series)
    return lambda person: calendar.series_request(
        series=series, person=person, exceptions=exceptions, version=version
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


def invitations_replaced_send(*, series: Series, by: Person | None, now: datetime) -> int:
    """The event of the series a change replaced, ended at its last date: to whoever holds it,
    and to whoever wants invitations while it still has 1:1s ahead (a change from a later day)."""
    if series.replaces is None:
        return 0
    old = series.replaces
    holders = set(
        InvitationDelivery.objects.filter(thread__series=old).values_list("person_id", flat=True)
    )
    dates_ahead = _dates_ahead(now=now).filter(series=old).exists()
    pair = old.pair
    only = [person for person in (pair.member, pair.lead) if dates_ahead or person.pk in holders]
    last_start = (
        old.occurrences.exclude(state__in=REMOVED_FROM_CALENDAR)
        .order_by("-start")
        .values_list("start", flat=True)
        .first()
    )
    return invitations_send(
        series=old,
        change=Change.REPLACED,
        by=by,
        now=now,
        only=only,
        replacement=series,
        last_start=last_start,
    )


def invitations_catch_up(*, now: datetime | None = None) -> int:
    """Sends the event as it stands to each person who wants invitations and whose calendar is behind.

    Behind: they turned invitations on (or the company did) after the 1:1 was
    set up or last changed. A fixed number of queries however many 1:1s there
    are, and one more transaction for each 1:1 with someone behind.
    """
    now = now or timezone.now()
    current = _series_with_dates_ahead(now=now)
    wishes = everyone_s_wishes()
    threads = dict(
        InvitationThread.objects.filter(series__in=current).values_list("series_id", "sequence")
    )
    held = _held_versions(current)
    queued = 0
    for series in current.select_related("pair__lead", "pair__member"):
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


def _series_with_dates_ahead(*, now: datetime) -> QuerySet[Series]:
    """Active series, and those a change from a later day replaced, whose last 1:1s are ahead."""
    return Series.objects.filter(status__in=IN_CALENDAR).filter(
        Q(status=Series.Status.ACTIVE) | Q(pk__in=_dates_ahead(now=now).values("series_id"))
    )


def _held_versions(series: QuerySet[Series]) -> dict[tuple[int, int], int]:
    """(series, person) → the SEQUENCE of the event their calendar holds."""
    rows = InvitationDelivery.objects.filter(thread__series__in=series).values_list(
        "thread__series_id", "person_id", "sequence"
    )
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
