"""Webhooks under the privacy contract: each event kind, told to its owner, the other person, a stranger and the company.

Every delivery goes to a real receiver on 127.0.0.1 and is checked there.
A person's subscription hears only of their own pairs, with the text they may
read; a private talking point reaches its author only, without its words;
a company subscription hears of no pair at all (its team numbers are tested in
showup/integrations/tests/test_company.py).
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from standardwebhooks import Webhook

from showup.actions.services import action_add, action_set_done
from showup.agendas.services import talking_point_add
from showup.integrations.delivery import deliveries_send_due
from showup.integrations.models import COMPANY_EVENTS, EVENTS, WebhookSubscription
from showup.integrations.services import subscription_create
from showup.integrations.tests.helpers import Scene, scene
from showup.meetings import services as meetings
from showup.performance.services import review_create, review_share, review_update
from tests.factories import PersonFactory
from tests.webhook_receiver import Receiver

SHARED = "Zanzibar"  # in every text the pair may read
PRIVATE = "Quokka"  # in every text only its author may read


@dataclass
class Audience:
    subscription: WebhookSubscription
    receiver: Receiver

    def payloads(self) -> list[dict[str, Any]]:
        webhook = Webhook(self.subscription.secret)
        return [
            webhook.verify(arrived.body, arrived.headers) for arrived in self.receiver.received
        ]

    def bodies(self) -> str:
        return " ".join(arrived.body.decode() for arrived in self.receiver.received)


@dataclass
class World:
    people: Scene
    owner: Audience
    other: Audience
    stranger: Audience
    company: Audience


@pytest.fixture
def world(db: None, settings: Any) -> Iterator[World]:
    settings.OUTBOUND_ALLOW_PRIVATE = True
    people = scene()
    admin = PersonFactory.create(name="Ada Admin", is_admin=True)
    receivers = [Receiver() for _ in range(4)]
    owner, other, stranger, company = (
        Audience(
            subscription_create(
                by=who,
                company=who is admin,
                url=receiver.url,
                events=COMPANY_EVENTS if who is admin else EVENTS,
            ),
            receiver,
        )
        for who, receiver in zip(
            (people.report, people.manager, people.stranger, admin), receivers, strict=True
        )
    )
    yield World(people, owner, other, stranger, company)
    for receiver in receivers:
        receiver.stop()


def _deliver() -> None:
    deliveries_send_due(worker="privacy-test")


# Each event, done by the report (the "owner" of the change) in their 1:1 with the manager.


def _held(people: Scene) -> None:
    meetings.occurrence_hold(occurrence=people.past, by=people.report)


def _skipped(people: Scene) -> None:
    meetings.occurrence_skip(occurrence=people.past, by=people.report, note=f"{SHARED} week")


def _cancelled(people: Scene) -> None:
    meetings.occurrence_cancel(occurrence=people.ahead, by=people.report, reason=f"{SHARED} trip")


def _moved(people: Scene) -> None:
    meetings.occurrence_reschedule(
        occurrence=people.ahead,
        by=people.report,
        new_start=people.ahead.start + timedelta(days=1),
        reason=f"{SHARED} clash",
    )


def _action_created(people: Scene) -> None:
    action_add(
        occurrence=people.ahead,
        by=people.report,
        owner=people.report,
        text=f"Write the {SHARED} plan",
        due_on=None,
    )


def _action_done(people: Scene) -> None:
    item = action_add(
        occurrence=people.ahead,
        by=people.report,
        owner=people.report,
        text=f"Write the {SHARED} plan",
        due_on=None,
    )
    action_set_done(item=item, by=people.report, done=True)


def _shared_point(people: Scene) -> None:
    talking_point_add(
        occurrence=people.ahead, author=people.report, text=f"{SHARED} growth", is_private=False
    )


def _private_point(people: Scene) -> None:
    talking_point_add(
        occurrence=people.ahead, author=people.report, text=f"{PRIVATE} worry", is_private=True
    )


def _review_shared(people: Scene) -> None:
    today = timezone.localdate()
    review = review_create(
        pair=people.past.pair,
        by=people.manager,
        period_start=today - timedelta(days=90),
        period_end=today,
    )
    review_update(review=review, by=people.manager, summary=f"A {SHARED} quarter", rating=4)
    review_share(review=review, by=people.manager)


SHARED_EVENTS: list[tuple[str, Callable[[Scene], None]]] = [
    ("occurrence.held", _held),
    ("occurrence.skipped", _skipped),
    ("occurrence.cancelled", _cancelled),
    ("occurrence.moved", _moved),
    ("action.created", _action_created),
    ("action.done", _action_done),
    ("talking_point.added", _shared_point),
    ("review.shared", _review_shared),
]


def _told(audience: Audience, kind: str) -> list[dict[str, Any]]:
    return [payload for payload in audience.payloads() if payload["type"] == kind]


@pytest.mark.parametrize(("kind", "act"), SHARED_EVENTS, ids=[kind for kind, _ in SHARED_EVENTS])
def test_the_pair_hears_with_text_and_the_company_and_a_stranger_not_at_all(
    world: World, kind: str, act: Callable[[Scene], None]
) -> None:
    act(world.people)
    _deliver()
    pair_id = world.people.past.pair_id
    with_text = kind not in ("occurrence.held",)  # a 1:1 held has no words of its own
    for audience in (world.owner, world.other):
        [told] = _told(audience, kind)
        assert told["data"]["pair"]["id"] == pair_id
        assert (SHARED in json.dumps(told)) is with_text
    assert world.company.receiver.received == []
    assert world.stranger.receiver.received == []


def test_a_private_point_reaches_its_author_only_and_never_its_words(world: World) -> None:
    _private_point(world.people)
    _deliver()
    [told] = _told(world.owner, "talking_point.added")
    assert told["data"]["talking_point"]["private"] is True
    assert "text" not in told["data"]["talking_point"]
    for audience in (world.owner, world.other, world.stranger, world.company):
        assert PRIVATE not in audience.bodies()
    assert world.other.receiver.received == []
    assert world.stranger.receiver.received == []
    assert world.company.receiver.received == []


def test_the_managers_private_point_is_not_told_to_the_report(world: World) -> None:
    talking_point_add(
        occurrence=world.people.ahead,
        author=world.people.manager,
        text=f"{PRIVATE} about pay",
        is_private=True,
    )
    _deliver()
    assert world.owner.receiver.received == []
    [told] = _told(world.other, "talking_point.added")
    assert "text" not in told["data"]["talking_point"]


def test_a_deactivated_owner_hears_nothing_more(world: World) -> None:
    world.people.report.is_active = False
    world.people.report.save(update_fields=["is_active"])
    _shared_point(world.people)
    _deliver()
    assert world.owner.receiver.received == []
    assert len(world.other.receiver.received) == 1


def test_a_company_subscription_from_before_team_numbers_hears_of_no_pair(world: World) -> None:
    """Made as they once were (an old backup restored): listening to every pair event."""
    WebhookSubscription.objects.filter(pk=world.company.subscription.pk).update(events=EVENTS)
    for act in (_held, _moved, _action_done, _shared_point, _review_shared, _private_point):
        act(world.people)
    _deliver()
    assert world.company.receiver.received == []
    assert world.owner.receiver.received != []
