"""Every change to a pair's 1:1 that a calendar shows becomes an invitation.

Series changes are read from the series' own history (`SeriesEvent`), which
every change to a series writes; dates from the signals meetings sends. Both
run inside the change's transaction, so the invitation is queued with it.
"""

from datetime import datetime
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from showup.invitations.services import Change, invitations_replaced_send, invitations_send
from showup.meetings.models import Occurrence, OccurrenceMove, SeriesEvent
from showup.meetings.signals import (
    occurrence_cancelled,
    occurrence_moved,
    occurrence_outcome_recorded,
    occurrence_restored,
    series_event_recorded,
)
from showup.people.models import Person

Kind = SeriesEvent.Kind
# Proposals and declined proposals are not in anyone's calendar yet.
CHANGE_OF_KIND = {
    Kind.CREATED: Change.CREATED,
    Kind.ACCEPTED: Change.ACCEPTED,
    Kind.CHANGED: Change.CHANGED,
    Kind.RESUMED: Change.RESUMED,
    Kind.PAUSED: Change.PAUSED,
    Kind.ENDED: Change.ENDED,
}


@receiver(series_event_recorded)
def invite_on_series_event(sender: Any, *, event: SeriesEvent, **_: Any) -> None:
    change = CHANGE_OF_KIND.get(event.kind)  # type: ignore[call-overload]
    if change == Change.CHANGED:  # the old schedule's event ends before the new one starts
        invitations_replaced_send(series=event.series, by=event.by, now=event.at)
    if change is not None:
        invitations_send(series=event.series, change=change, by=event.by, now=event.at)


@receiver(occurrence_moved)
def invite_on_move(
    sender: Any, *, occurrence: Occurrence, by: Person, move: OccurrenceMove, **_: Any
) -> None:
    invitations_send(
        series=occurrence.series,
        change=Change.MOVED,
        by=by,
        occurrence=occurrence,
        from_start=move.from_start,
        reason=move.reason,
    )


@receiver(occurrence_cancelled)
def invite_on_cancel(sender: Any, *, occurrence: Occurrence, by: Person, **_: Any) -> None:
    invitations_send(
        series=occurrence.series,
        change=Change.CANCELLED,
        by=by,
        occurrence=occurrence,
        reason=occurrence.outcome_note,
    )


@receiver(occurrence_outcome_recorded)
def invite_on_skip(
    sender: Any, *, occurrence: Occurrence, now: datetime | None = None, **_: Any
) -> None:
    # A skip recorded after the date is history, not a change to anyone's plans.
    if (
        occurrence.state == Occurrence.State.SKIPPED
        and occurrence.outcome_by is not None
        and occurrence.end > (now or timezone.now())
    ):
        invitations_send(
            series=occurrence.series,
            change=Change.SKIPPED,
            by=occurrence.outcome_by,
            occurrence=occurrence,
            now=now,
        )


@receiver(occurrence_restored)
def invite_on_restore(sender: Any, *, occurrence: Occurrence, by: Person, **_: Any) -> None:
    invitations_send(
        series=occurrence.series, change=Change.RESTORED, by=by, occurrence=occurrence
    )
