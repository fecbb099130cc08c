"""Deliveries to a real receiver: signed (checked with the standardwebhooks package), retried, in order, once each."""

import json
import re
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from standardwebhooks import Webhook

from showup.agendas.services import talking_point_add
from showup.integrations.delivery import (
    deliveries_send_due,
    delivery_claim_next,
    delivery_resend,
    retry_delay,
)
from showup.integrations.models import EVENTS, Delivery, WebhookSubscription
from showup.integrations.services import subscription_create, subscription_send_test
from showup.integrations.tests.helpers import scene
from showup.people.models import Person
from tests.webhook_receiver import Receiver

Status = Delivery.Status


def _subscribe(person: Person, receiver: Receiver) -> WebhookSubscription:
    return subscription_create(by=person, company=False, url=receiver.url, events=EVENTS)


def _send_all_due(worker: str = "test-worker") -> int:
    """A worker round, with every retry time brought forward: tests do not wait for backoff."""
    Delivery.objects.filter(status=Status.PENDING).update(next_attempt_at=timezone.now())
    return deliveries_send_due(worker=worker)


def _texts(receiver: Receiver) -> list[str]:
    return [json.loads(r.body)["data"]["talking_point"]["text"] for r in receiver.received]


@pytest.mark.django_db
def test_it_signs_as_standard_webhooks_do(receiver: Receiver) -> None:
    people = scene()
    subscription = _subscribe(people.report, receiver)
    talking_point_add(
        occurrence=people.ahead, author=people.report, text="My growth plan", is_private=False
    )

    assert _send_all_due() == 1

    [arrived] = receiver.received
    payload = Webhook(subscription.secret).verify(arrived.body, arrived.headers)
    assert payload["type"] == "talking_point.added"
    assert payload["data"]["talking_point"]["text"] == "My growth plan"
    assert arrived.headers["webhook-id"] == Delivery.objects.get().public_id
    assert arrived.headers["content-type"] == "application/json"


@pytest.mark.django_db
def test_a_signature_made_with_another_secret_is_refused(receiver: Receiver) -> None:
    people = scene()
    _subscribe(people.report, receiver)
    talking_point_add(
        occurrence=people.ahead, author=people.report, text="Hello", is_private=False
    )
    _send_all_due()
    [arrived] = receiver.received
    other = subscription_create(by=people.manager, company=False, url=receiver.url, events=EVENTS)
    with pytest.raises(Exception, match="No matching signature"):
        Webhook(other.secret).verify(arrived.body, arrived.headers)


@pytest.mark.django_db
def test_a_receiver_that_fails_for_a_while_gets_everything_in_order_once(
    receiver: Receiver,
) -> None:
    people = scene()
    subscription = _subscribe(people.report, receiver)
    receiver.answer = 500
    for n in range(3):
        talking_point_add(
            occurrence=people.ahead, author=people.report, text=f"Point {n}", is_private=False
        )
    _send_all_due()
    _send_all_due()
    receiver.stop()  # down altogether: connection refused
    for n in range(3, 5):
        talking_point_add(
            occurrence=people.ahead, author=people.report, text=f"Point {n}", is_private=False
        )
    _send_all_due()
    assert receiver.received == []
    head = Delivery.objects.order_by("id").first()
    assert head is not None
    assert head.attempts == 3
    assert head.status == Status.PENDING
    assert head.last_error != ""
    # Only the head was tried: the later ones waited behind it.
    assert set(Delivery.objects.exclude(pk=head.pk).values_list("attempts", flat=True)) == {0}

    receiver.answer = 200
    receiver.start()
    assert _send_all_due() == 5
    assert _send_all_due() == 0

    assert _texts(receiver) == [f"Point {n}" for n in range(5)]
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(set(ids)) == 5
    for arrived in receiver.received:
        Webhook(subscription.secret).verify(arrived.body, arrived.headers)
    assert set(Delivery.objects.values_list("status", "body")) == {(Status.DELIVERED, "")}


@pytest.mark.django_db
def test_a_retry_waits_its_backoff(receiver: Receiver) -> None:
    people = scene()
    _subscribe(people.report, receiver)
    receiver.answer = 503
    talking_point_add(occurrence=people.ahead, author=people.report, text="Soon", is_private=False)
    before = timezone.now()
    deliveries_send_due(worker="w")
    delivery = Delivery.objects.get()
    assert delivery.last_status_code == 503
    assert delivery.next_attempt_at >= before + retry_delay(1)
    receiver.answer = 200
    assert (
        deliveries_send_due(worker="w", now=delivery.next_attempt_at - timedelta(seconds=1)) == 0
    )
    assert deliveries_send_due(worker="w", now=delivery.next_attempt_at) == 1


def test_retry_delay_doubles_up_to_an_hour() -> None:
    assert retry_delay(0) == timedelta(seconds=30)
    assert retry_delay(1) == timedelta(seconds=30)
    assert retry_delay(2) == timedelta(minutes=1)
    assert retry_delay(7) == timedelta(minutes=32)
    assert retry_delay(8) == timedelta(hours=1)  # 64 minutes, capped
    assert retry_delay(9) == timedelta(hours=1)
    assert retry_delay(30) == timedelta(hours=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("max_attempts", "status", "attempts"),
    [(2, Status.FAILED, 2), (3, Status.FAILED, 3), (4, Status.PENDING, 3)],
)
def test_it_gives_up_after_the_last_attempt(
    receiver: Receiver, settings: Any, max_attempts: int, status: str, attempts: int
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = max_attempts
    people = scene()
    _subscribe(people.report, receiver)
    receiver.answer = 500
    talking_point_add(
        occurrence=people.ahead, author=people.report, text="Tried", is_private=False
    )
    for _ in range(3):
        _send_all_due()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (status, attempts)


@pytest.mark.django_db
def test_a_deactivated_owner_gets_nothing_already_queued(receiver: Receiver) -> None:
    people = scene()
    _subscribe(people.report, receiver)
    receiver.answer = 500
    talking_point_add(
        occurrence=people.ahead, author=people.manager, text="Queued before", is_private=False
    )
    _send_all_due()
    assert Delivery.objects.get().attempts == 1  # tried once, refused, while the owner was active
    receiver.answer = 200
    Person.objects.filter(pk=people.report.pk).update(is_active=False)
    _send_all_due()
    delivery = Delivery.objects.get()
    assert receiver.received == []
    assert delivery.status == Status.FAILED
    assert "Queued before" not in delivery.body


@pytest.mark.django_db
def test_a_failed_delivery_holds_nothing_back_and_can_be_sent_again(
    receiver: Receiver, settings: Any
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    people = scene()
    subscription = _subscribe(people.report, receiver)
    receiver.answer = 500
    talking_point_add(
        occurrence=people.ahead, author=people.report, text="Lost at first", is_private=False
    )
    _send_all_due()
    failed = Delivery.objects.get()
    assert failed.status == Status.FAILED

    receiver.answer = 200
    subscription_send_test(subscription=subscription)
    assert _send_all_due() == 1
    assert json.loads(receiver.received[0].body)["type"] == "webhook.test"

    assert delivery_resend(delivery=failed)
    assert not delivery_resend(delivery=failed)  # already waiting again
    assert _send_all_due() == 1
    assert (
        json.loads(receiver.received[-1].body)["data"]["talking_point"]["text"] == "Lost at first"
    )
    assert receiver.received[-1].headers["webhook-id"] == failed.public_id


@pytest.mark.django_db
def test_the_worker_command_delivers(receiver: Receiver) -> None:
    people = scene()
    _subscribe(people.report, receiver)
    talking_point_add(
        occurrence=people.ahead, author=people.report, text="Via worker", is_private=False
    )
    call_command("worker", once=True)
    assert _texts(receiver) == ["Via worker"]


@pytest.mark.django_db
def test_a_lease_held_by_a_live_worker_is_not_taken(receiver: Receiver) -> None:
    people = scene()
    _subscribe(people.report, receiver)
    talking_point_add(occurrence=people.ahead, author=people.report, text="Mine", is_private=False)
    assert delivery_claim_next(worker="first") is not None
    assert delivery_claim_next(worker="second") is None
    Delivery.objects.update(lease_until=timezone.now() - timedelta(seconds=1))
    taken = delivery_claim_next(worker="second")
    assert taken is not None
    assert taken.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_deliver_each_event_once_and_in_order(receiver: Receiver) -> None:
    people = scene()
    mine = _subscribe(people.report, receiver)
    theirs = _subscribe(people.manager, receiver)
    for n in range(12):
        talking_point_add(
            occurrence=people.ahead, author=people.report, text=f"Point {n}", is_private=False
        )
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def work(name: str) -> None:
        try:
            start.wait()
            for _ in range(40):
                deliveries_send_due(worker=name, limit=3)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(receiver.received) == 24
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(set(ids)) == 24
    for subscription in (mine, theirs):
        arrived = [
            json.loads(r.body)["data"]["talking_point"]["text"]
            for r in receiver.received
            if r.headers["webhook-id"]
            in set(subscription.deliveries.values_list("public_id", flat=True))
        ]
        assert arrived == [f"Point {n}" for n in range(12)]


def _docs_check() -> Callable[[str, bytes, dict[str, str]], dict[str, Any]]:
    """The plain-hmac check printed in docs/webhooks.md, run as written."""
    text = (Path(__file__).resolve().parents[3] / "docs" / "webhooks.md").read_text()
    snippet = next(
        block for block in re.findall(r"```python\n(.*?)```", text, re.S) if "hmac" in block
    )
    scope: dict[str, Any] = {}
    exec(snippet, scope)  # noqa: S102  (our own documentation)
    return scope["showup_event"]


@pytest.mark.django_db
def test_the_documented_plain_hmac_check_accepts_a_delivery_and_refuses_a_forgery(
    receiver: Receiver,
) -> None:
    people = scene()
    subscription = _subscribe(people.report, receiver)
    talking_point_add(occurrence=people.ahead, author=people.report, text="Docs", is_private=False)
    _send_all_due()
    [arrived] = receiver.received
    check = _docs_check()
    assert (
        check(subscription.secret, arrived.body, arrived.headers)["type"] == "talking_point.added"
    )
    with pytest.raises(ValueError, match="bad signature"):
        check(subscription.secret, arrived.body.replace(b"Docs", b"Dogs"), arrived.headers)


@pytest.mark.django_db
def test_an_event_is_kept_or_lost_with_its_change(receiver: Receiver) -> None:
    people = scene()
    _subscribe(people.report, receiver)

    def change_then_fail() -> None:
        with transaction.atomic():
            talking_point_add(
                occurrence=people.ahead, author=people.report, text="Undone", is_private=False
            )
            assert Delivery.objects.count() == 1
            raise RuntimeError("the request failed after the change")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert not Delivery.objects.exists()
    talking_point_add(occurrence=people.ahead, author=people.report, text="Done", is_private=False)
    assert Delivery.objects.count() == 1
