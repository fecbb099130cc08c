"""Events of a pair, and what each subscriber may read of them.

An event is written as deliveries in the transaction of the change (the
outbox pattern), so a change and its events are kept or lost together.
What a delivery carries is decided here, once per audience:

a person's subscription hears only of their own pairs, with the text they
may read: shared points, action items, notes given with an outcome, a shared
review. A private point is told to its author only, without its text; nobody
else hears of it.

A company subscription (an admin's) never hears of one pair: it is told each
team's numbers per closed week (company.py), as the org view shows them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.agendas.selectors import point_is_readable
from showup.integrations.delivery import delivery_queue_webhook
from showup.integrations.models import WebhookSubscription
from showup.meetings.models import Occurrence, OccurrenceMove, Pair
from showup.people.models import Person
from showup.performance.models import Review

Data = dict[str, object]


@dataclass(frozen=True)
class Event:
    """One change of a pair, told as `for_person(subscriber)` to the pair's own subscriptions.

    `for_person` answers None for a person who must not hear of it, by the
    reading rules of the app the change belongs to.
    """

    kind: str
    pair: Pair
    for_person: Callable[[Person], Data | None]


def event_emit(event: Event) -> int:
    """Queues the event for every subscription that listens to it and may hear of it; returns how many."""
    with transaction.atomic():
        queued = 0
        for subscription in _listeners(event):
            assert subscription.owner is not None
            data = event.for_person(subscription.owner)
            if data is not None:
                delivery_queue_webhook(subscription=subscription, event=event.kind, data=data)
                queued += 1
        return queued


def _listeners(event: Event) -> list[WebhookSubscription]:
    found = (
        WebhookSubscription.objects.filter(
            owner_id__in=[event.pair.lead_id, event.pair.member_id], owner__is_active=True
        )
        .select_related("owner")
        .order_by("id")
    )
    if connection.features.has_select_for_update_of:
        # Two changes at once queue in the order they commit: ids then follow commit order.
        found = found.select_for_update(of=("self",))
    return [subscription for subscription in found if event.kind in subscription.events]


# What every event says about the pair -----------------------------------------


def _pair_ids(pair: Pair) -> Data:
    return {"id": pair.pk, "lead_id": pair.lead_id, "member_id": pair.member_id}


def _person(person: Person | None) -> Data | None:
    return {"id": person.pk, "name": person.name} if person else None


def _url(name: str, *args: object) -> str:
    return settings.BASE_URL + reverse(name, args=args)


# 1:1s -------------------------------------------------------------------------


def _occurrence_ids(occurrence: Occurrence) -> Data:
    return {
        "id": occurrence.pk,
        "series_id": occurrence.series_id,
        "state": occurrence.state,
        "start": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat(),
    }


def occurrence_event(
    *, occurrence: Occurrence, kind: str, move: OccurrenceMove | None = None
) -> Event:
    def for_person(reader: Person) -> Data:
        data: Data = {
            "pair": _pair_ids(occurrence.pair),
            "occurrence": {
                **_occurrence_ids(occurrence),
                "url": _url("pages:occurrence", occurrence.pk),
            },
            "by": _person(move.moved_by if move else occurrence.outcome_by),
        }
        if move is not None:
            data["move"] = {
                "from_start": move.from_start.isoformat(),
                "to_start": move.to_start.isoformat(),
                "reason": move.reason,
            }
        elif occurrence.outcome_note:
            data["note"] = occurrence.outcome_note
        return data

    return Event(
        kind=f"occurrence.{kind}",
        pair=occurrence.pair,
        for_person=for_person,
    )


# Action items -----------------------------------------------------------------


def _action_ids(item: ActionItem) -> Data:
    return {
        "id": item.pk,
        "occurrence_id": item.occurrence_id,
        "owner_id": item.owner_id,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "done_at": item.done_at.isoformat() if item.done_at else None,
    }


def action_event(*, item: ActionItem, kind: str) -> Event:
    def for_person(reader: Person) -> Data:
        return {
            "pair": _pair_ids(item.pair),
            "action": {
                **_action_ids(item),
                "text": item.text,
                "is_commitment": item.is_commitment,
            },
        }

    return Event(kind=f"action.{kind}", pair=item.pair, for_person=for_person)


# Talking points -----------------------------------------------------------------


def talking_point_event(*, point: TalkingPoint) -> Event:
    ids: Data = {
        "id": point.pk,
        "occurrence_id": point.occurrence_id,
        "author_id": point.author_id,
    }

    def for_person(reader: Person) -> Data | None:
        if not point_is_readable(point=point, reader=reader):
            return None
        if point.is_private:
            # Its author may hear that it is there; its words stay in Showup.
            return {"pair": _pair_ids(point.pair), "talking_point": {**ids, "private": True}}
        return {
            "pair": _pair_ids(point.pair),
            "talking_point": {**ids, "private": False, "text": point.text},
        }

    return Event(
        kind="talking_point.added",
        pair=point.pair,
        for_person=for_person,
    )


# Reviews -------------------------------------------------------------------------


def review_event(*, review: Review) -> Event:
    ids: Data = {
        "id": review.pk,
        "period_start": review.period_start.isoformat(),
        "period_end": review.period_end.isoformat(),
        "shared_at": review.shared_at.isoformat() if review.shared_at else None,
    }

    def for_person(reader: Person) -> Data:
        return {
            "pair": _pair_ids(review.pair),
            "review": {
                **ids,
                "rating": review.rating,
                "summary": review.summary,
                "url": _url("performance:review", review.pk),
            },
        }

    return Event(kind="review.shared", pair=review.pair, for_person=for_person)
