"""When one person cancels or moves a 1:1, the other is told by e-mail (if they want to be)."""

from datetime import datetime
from typing import Any

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from showup.calendars.models import Question
from showup.calendars.signals import question_asked
from showup.invitations.preferences import wants_invitations
from showup.meetings.models import Occurrence, OccurrenceMove
from showup.meetings.signals import occurrence_cancelled, occurrence_moved
from showup.notifications.reminders import absolute, preferences_of, send_reminder
from showup.people.models import Person


def _tell_the_other(
    *,
    occurrence: Occurrence,
    by: Person,
    kind: str,
    dedupe_key: str,
    moments: list[datetime],
    **context: Any,
) -> None:
    if all(moment <= timezone.now() for moment in moments):
        return  # news of a 1:1 already past helps nobody (a restored history, the demo's)
    other = occurrence.pair.other(by)
    if not other.is_active or not preferences_of([other])[other.pk].changes_enabled:
        return
    if wants_invitations(other):
        return  # the calendar invitation about the same change tells them: one message, not two
    send_reminder(
        person=other,
        template="changed",
        kind=f"occurrence-{kind}",
        dedupe_key=dedupe_key,
        context={
            "change": kind,
            "occurrence": occurrence,
            "by": by,
            "url": absolute(reverse("pages:occurrence", args=[occurrence.pk])),
            **context,
        },
    )


@receiver(occurrence_cancelled)
def tell_about_cancelling(sender: Any, *, occurrence: Occurrence, by: Person, **_: Any) -> None:
    _tell_the_other(
        occurrence=occurrence,
        by=by,
        kind="cancelled",
        moments=[occurrence.start],
        dedupe_key=f"cancelled:{occurrence.pk}:{occurrence.outcome_at.timestamp() if occurrence.outcome_at else 0}",
        reason=occurrence.outcome_note,
    )


@receiver(occurrence_moved)
def tell_about_moving(
    sender: Any, *, occurrence: Occurrence, by: Person, move: OccurrenceMove, **_: Any
) -> None:
    _tell_the_other(
        occurrence=occurrence,
        by=by,
        kind="moved",
        moments=[move.from_start, move.to_start],
        dedupe_key=f"moved:{move.pk}",
        from_start=move.from_start,
        reason=move.reason,
    )


@receiver(question_asked)
def tell_about_a_calendar_question(sender: Any, *, question: Question, **_: Any) -> None:
    """A question waits on the calendar-sync page; without this mail it would wait unseen."""
    person = question.event.connection.person
    if not person.is_active or not preferences_of([person])[person.pk].changes_enabled:
        return
    send_reminder(
        person=person,
        template="calendar_question",
        kind="calendar-question",
        dedupe_key=f"calendar-question:{question.pk}",
        context={
            "question": question,
            "other": question.event.series.pair.other(person),
            "url": absolute(reverse("calendars:connection")),
        },
    )
