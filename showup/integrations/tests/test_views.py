"""The webhook and chat pages: a person manages their own, an admin the company's; anyone else gets 404."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from showup.core.models import FormKey
from showup.integrations.models import (
    COMPANY_EVENTS,
    EVENTS,
    ChatHook,
    Delivery,
    WebhookSubscription,
)
from showup.integrations.services import IntegrationError, subscription_create
from showup.people.models import Person
from tests.factories import PersonFactory
from tests.webhook_receiver import Receiver


@pytest.fixture
def admin(db: None) -> Person:
    return PersonFactory.create(name="Ada Admin", is_admin=True)


def _create(client: Client, url: str, **extra: Any) -> Any:
    return client.post(
        reverse("integrations:webhooks"),
        {"url": url, "events": ["talking_point.added", "action.done"], **extra},
    )


@pytest.mark.django_db
def test_it_shows_the_secret_once(sign_in: Any, person: Person, receiver: Receiver) -> None:
    client = sign_in(person)
    response = _create(client, receiver.url, description="My tracker")
    subscription = WebhookSubscription.objects.get()
    assert response.status_code == 200
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret in response.content.decode()
    assert subscription.owner == person
    assert subscription.events == ["action.done", "talking_point.added"]
    detail = client.get(reverse("integrations:webhook", args=[subscription.pk]))
    assert detail.status_code == 200
    assert subscription.secret not in detail.content.decode()
    listing = client.get(reverse("integrations:webhooks"))
    assert subscription.secret not in listing.content.decode()


@pytest.mark.django_db
def test_a_resent_form_makes_no_second_subscription_and_keeps_no_secret(
    sign_in: Any, person: Person, receiver: Receiver
) -> None:
    client = sign_in(person)
    page = client.get(reverse("integrations:webhooks")).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page)
    assert once
    first = _create(client, receiver.url, once=once.group(1))
    secret = WebhookSubscription.objects.get().secret
    assert secret in first.content.decode()
    resent = _create(client, receiver.url, once=once.group(1))
    assert secret not in resent.content.decode()
    assert WebhookSubscription.objects.count() == 1
    assert secret not in repr(list(FormKey.objects.values_list("body", flat=True)))


@pytest.mark.django_db
def test_a_bad_url_is_refused_with_a_message_and_nothing_is_saved(
    sign_in: Any, person: Person, settings: Any
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    response = _create(sign_in(person), "http://127.0.0.1:8000/hook")
    assert response.status_code == 400
    assert "private network" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_no_event_chosen_is_refused(sign_in: Any, person: Person, receiver: Receiver) -> None:
    response = sign_in(person).post(reverse("integrations:webhooks"), {"url": receiver.url})
    assert response.status_code == 400
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_the_page_lists_deliveries_with_their_status(
    sign_in: Any, person: Person, receiver: Receiver
) -> None:
    client = sign_in(person)
    subscription = subscription_create(by=person, company=False, url=receiver.url, events=EVENTS)
    client.post(reverse("integrations:webhook-test", args=[subscription.pk]))
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, attempts=30, last_status_code=500
    )
    page = client.get(reverse("integrations:webhook", args=[subscription.pk])).content.decode()
    assert "webhook.test" in page
    assert "Failed" in page
    assert ">500" in page
    assert "Send again" in page

    resend = reverse("integrations:delivery-resend", args=[subscription.pk, delivery.pk])
    client.post(resend)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 0)


@pytest.mark.django_db
def test_a_stranger_gets_404_everywhere(sign_in: Any, person: Person, receiver: Receiver) -> None:
    subscription = subscription_create(by=person, company=False, url=receiver.url, events=EVENTS)
    delivery = Delivery.objects.create(
        public_id="msg_x",
        queue=subscription.queue,
        subscription=subscription,
        event="x",
        status=Delivery.Status.FAILED,
    )
    client = sign_in(PersonFactory.create())
    assert client.get(reverse("integrations:webhook", args=[subscription.pk])).status_code == 404
    for name, args in (
        ("integrations:webhook-test", [subscription.pk]),
        ("integrations:webhook-delete", [subscription.pk]),
        ("integrations:delivery-resend", [subscription.pk, delivery.pk]),
    ):
        assert client.post(reverse(name, args=args)).status_code == 404
    assert WebhookSubscription.objects.filter(pk=subscription.pk).exists()
    assert Delivery.objects.get().status == Delivery.Status.FAILED
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_only_admins_see_and_make_company_webhooks(
    sign_in: Any, person: Person, admin: Person, receiver: Receiver
) -> None:
    client = sign_in(person)
    assert client.get(reverse("integrations:company-webhooks")).status_code == 404
    assert (
        client.post(
            reverse("integrations:company-webhooks"), {"url": receiver.url, "events": EVENTS}
        ).status_code
        == 404
    )
    company = subscription_create(by=admin, company=True, url=receiver.url, events=COMPANY_EVENTS)
    assert client.get(reverse("integrations:webhook", args=[company.pk])).status_code == 404

    admin_client = sign_in(admin)
    response = admin_client.post(
        reverse("integrations:company-webhooks"), {"url": receiver.url, "events": COMPANY_EVENTS}
    )
    assert response.status_code == 200
    assert WebhookSubscription.objects.filter(owner__isnull=True).count() == 2
    page = admin_client.get(reverse("integrations:company-webhooks")).content.decode()
    assert "never one pair, one 1:1 or one person" in page


@pytest.mark.django_db
def test_a_company_webhook_cannot_listen_to_one_pairs_events(
    sign_in: Any, admin: Person, receiver: Receiver
) -> None:
    client = sign_in(admin)
    for events in (EVENTS, ["occurrence.cancelled"], [*COMPANY_EVENTS, "occurrence.cancelled"]):
        response = client.post(
            reverse("integrations:company-webhooks"), {"url": receiver.url, "events": events}
        )
        assert response.status_code == 400
    with pytest.raises(IntegrationError):
        subscription_create(by=admin, company=True, url=receiver.url, events=EVENTS)
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_an_admin_cannot_open_a_persons_own_webhook(
    sign_in: Any, person: Person, admin: Person, receiver: Receiver
) -> None:
    subscription = subscription_create(by=person, company=False, url=receiver.url, events=EVENTS)
    client = sign_in(admin)
    assert client.get(reverse("integrations:webhook", args=[subscription.pk])).status_code == 404


@pytest.mark.django_db
def test_removing_a_webhook_stops_its_deliveries(
    sign_in: Any, person: Person, receiver: Receiver
) -> None:
    client = sign_in(person)
    subscription = subscription_create(by=person, company=False, url=receiver.url, events=EVENTS)
    client.post(reverse("integrations:webhook-test", args=[subscription.pk]))
    client.post(reverse("integrations:webhook-delete", args=[subscription.pk]))
    assert not WebhookSubscription.objects.exists()
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_chat_settings_save_refuse_and_remove(
    sign_in: Any, person: Person, receiver: Receiver, settings: Any
) -> None:
    client = sign_in(person)
    url = reverse("integrations:chat")
    assert client.get(url).status_code == 200
    assert client.post(url, {"product": "slack", "url": receiver.url}).status_code == 302
    assert ChatHook.objects.get().product == "slack"

    settings.OUTBOUND_ALLOW_PRIVATE = False
    refused = client.post(url, {"product": "teams", "url": receiver.url})
    assert refused.status_code == 400
    assert "private network" in refused.content.decode()
    assert ChatHook.objects.get().product == "slack"

    settings.OUTBOUND_ALLOW_PRIVATE = True
    client.post(reverse("integrations:chat-test"))
    assert Delivery.objects.get().event == "chat.test"
    client.post(reverse("integrations:chat-remove"))
    assert not ChatHook.objects.exists()


@pytest.mark.django_db
def test_the_test_button_without_a_chat_hook_is_404(sign_in: Any, person: Person) -> None:
    assert sign_in(person).post(reverse("integrations:chat-test")).status_code == 404


@pytest.mark.django_db
def test_the_webhook_page_costs_the_same_however_many_deliveries(
    sign_in: Any, person: Person, receiver: Receiver
) -> None:
    client = sign_in(person)
    subscription = subscription_create(by=person, company=False, url=receiver.url, events=EVENTS)
    page = reverse("integrations:webhook", args=[subscription.pk])
    counts = []
    for many in (1, 30):
        Delivery.objects.bulk_create(
            Delivery(
                public_id=f"msg_{many}_{n}",
                queue=subscription.queue,
                subscription=subscription,
                event="x",
            )
            for n in range(many)
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 6


INWARD_HOSTS = [
    "100.64.0.1",  # shared address space (RFC 6598): neither private nor global
    "224.0.0.1",  # multicast, "global" to Python
    "240.0.0.1",
    "0.0.0.0",  # noqa: S104
    "[::ffff:127.0.0.1]",
    "[64:ff9b::7f00:1]",
    "[2002:7f00:1::1]",
    "[ff02::1]",
]
NEVER_HOSTS = ["169.254.169.254", "224.0.0.1", "[::ffff:169.254.169.254]", "[fe80::1]"]


@pytest.mark.django_db
@pytest.mark.parametrize("host", INWARD_HOSTS)
def test_the_webhook_form_refuses_every_inward_address(
    sign_in: Any, person: Person, settings: Any, host: str
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    response = _create(sign_in(person), f"https://{host}/hook")
    assert response.status_code == 400
    assert "private network" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("host", NEVER_HOSTS)
def test_the_webhook_form_refuses_metadata_and_multicast_even_where_private_addresses_are_allowed(
    sign_in: Any, person: Person, settings: Any, host: str
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = True
    response = _create(sign_in(person), f"http://{host}/hook")
    assert response.status_code == 400
    assert "private network" in response.content.decode()
    assert not WebhookSubscription.objects.exists()
