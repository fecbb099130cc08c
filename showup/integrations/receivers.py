"""Where events come from: the signals meetings, agendas, actions, performance and reminders send."""

from typing import Any

from django.dispatch import receiver

from showup.actions.models import ActionItem
from showup.actions.signals import action_changed
from showup.agendas.models import TalkingPoint
from showup.agendas.signals import agenda_changed
from showup.integrations.chat import chat_queue_reminder
from showup.integrations.events import (
    action_event,
    event_emit,
    occurrence_event,
    review_event,
    talking_point_event,
)
from showup.meetings.models import Occurrence, OccurrenceMove
from showup.meetings.signals import occurrence_moved, occurrence_outcome_recorded
from showup.notifications.signals import reminder_queued
from showup.people.models import Person
from showup.performance.models import Review
from showup.performance.signals import review_shared

State = Occurrence.State
TOLD_OUTCOMES = {State.HELD: "held", State.SKIPPED: "skipped", State.CANCELLED: "cancelled"}


@receiver(occurrence_outcome_recorded)
def tell_outcome(sender: Any, *, occurrence: Occurrence, **_: Any) -> None:
    kind = TOLD_OUTCOMES.get(occurrence.state)  # type: ignore[call-overload]
    if kind:
        event_emit(occurrence_event(occurrence=occurrence, kind=kind))


@receiver(occurrence_moved)
def tell_move(sender: Any, *, occurrence: Occurrence, move: OccurrenceMove, **_: Any) -> None:
    event_emit(occurrence_event(occurrence=occurrence, kind="moved", move=move))


@receiver(agenda_changed)
def tell_point_added(sender: Any, *, point: TalkingPoint, change: str, **_: Any) -> None:
    if change == "added":
        event_emit(talking_point_event(point=point))


@receiver(action_changed)
def tell_action(sender: Any, *, item: ActionItem, change: str, **_: Any) -> None:
    event_emit(action_event(item=item, kind=change))


@receiver(review_shared)
def tell_review_shared(sender: Any, *, review: Review, **_: Any) -> None:
    event_emit(review_event(review=review))


@receiver(reminder_queued)
def chat_reminder(
    sender: Any, *, person: Person, template: str, context: dict[str, object], **_: Any
) -> None:
    chat_queue_reminder(person=person, template=template, context=context)
