"""Where webhooks may go: https on public addresses in production; nothing inward unless allowed."""

from collections.abc import Callable
from typing import Any

import pytest

from showup.core.tests.outbound_servers import (
    MODES,
    REDIRECTS,
    Trap,
    listener,
    network,
    redirect_trap,
    redirector,
)
from showup.integrations.delivery import deliveries_send_due
from showup.integrations.models import EVENTS, Delivery
from showup.integrations.services import (
    IntegrationError,
    chat_hook_set,
    chat_send_test,
    subscription_create,
    subscription_send_test,
)
from showup.integrations.targets import target_check, target_refusal
from showup.people.models import Person
from tests.webhook_receiver import Receiver

__all__ = ["listener", "network", "redirect_trap", "redirector"]  # fixtures, used by name


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://172.16.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_private_targets_are_refused_in_production(settings: Any, url: str) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    assert "private network" in target_refusal(url)


@pytest.mark.parametrize(
    ("url", "refusal"),
    [
        ("example.com/hook", "full URL starting with https://"),
        ("ftp://34.120.0.9/hook", "full URL starting with https://"),
        ("https://user:pw@34.120.0.9/hook", "user name and password"),
        ("https://34.120.0.9:99999/hook", "not a valid URL"),
        ("http://34.120.0.9/hook", "Use an https:// URL"),
        ("https://34.120.0.9/" + "a" * 490, "longer than 500 characters"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(settings: Any, url: str, refusal: str) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    assert refusal in target_refusal(url)


def test_a_url_of_exactly_the_longest_length_is_taken(settings: Any) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    base = "https://34.120.0.9/"
    assert target_refusal(base + "a" * (500 - len(base))) == ""
    assert "longer than 500" in target_refusal(base + "a" * (501 - len(base)))


def test_a_public_https_target_is_taken_and_pinned_to_its_address(settings: Any) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    target = target_check("https://34.120.0.9:8443/in?x=1")
    assert (target.scheme, target.address, target.port, target.path) == (
        "https",
        "34.120.0.9",
        8443,
        "/in?x=1",
    )


def test_plain_http_is_allowed_to_a_local_receiver_only_when_private_targets_are(
    settings: Any,
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = True
    assert target_refusal("http://127.0.0.1:9/hook") == ""
    assert "Use an https:// URL" in target_refusal("http://34.120.0.9/hook")


@pytest.mark.django_db
def test_a_subscription_to_a_private_target_is_refused_and_nothing_is_saved(
    settings: Any, person: Person
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    with pytest.raises(IntegrationError, match="private network"):
        subscription_create(by=person, company=False, url="http://127.0.0.1:9/", events=EVENTS)
    assert not person.webhooks.exists()


@pytest.mark.django_db
def test_the_target_is_checked_again_before_each_delivery(
    receiver: Receiver, settings: Any, person: Person
) -> None:
    subscription = subscription_create(by=person, company=False, url=receiver.url, events=EVENTS)
    subscription_send_test(subscription=subscription)
    settings.OUTBOUND_ALLOW_PRIVATE = False  # as if the name now pointed inward
    assert deliveries_send_due(worker="w") == 0
    assert receiver.received == []
    delivery = Delivery.objects.get()
    assert "private network" in delivery.last_error
    assert delivery.status == Delivery.Status.PENDING


def _sent_once_and_not_followed(trap: Trap, status: int) -> None:
    assert deliveries_send_due(worker="w") == 0
    delivery = Delivery.objects.get()
    assert delivery.last_error == f"The receiver answered {status}."
    assert len(trap.first.received) == 1
    assert trap.listener.connections == 0


@pytest.mark.django_db
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", REDIRECTS)
def test_a_webhook_delivery_never_follows_a_redirect(
    redirect_trap: Callable[..., Trap], person: Person, status: int, mode: str
) -> None:
    trap = redirect_trap(status, mode, name="hooks.example.net", path="/in")
    subscription = subscription_create(by=person, company=False, url=trap.url, events=EVENTS)
    subscription_send_test(subscription=subscription)
    _sent_once_and_not_followed(trap, status)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", REDIRECTS)
def test_a_chat_message_never_follows_a_redirect(
    redirect_trap: Callable[..., Trap], person: Person, status: int, mode: str
) -> None:
    trap = redirect_trap(status, mode, name="hooks.slack.com", path="/services/T0/B0/x")
    hook = chat_hook_set(person=person, product="slack", url=trap.url)
    chat_send_test(hook=hook)
    _sent_once_and_not_followed(trap, status)
