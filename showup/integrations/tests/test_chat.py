"""Reminders in Slack and Teams: each product's message shape, the e-mail's own links, real receivers."""

import json
import re
from datetime import timedelta
from typing import Any

import pytest

from showup.agendas.services import talking_point_add
from showup.integrations.delivery import deliveries_send_due
from showup.integrations.models import ChatHook, Delivery
from showup.integrations.services import IntegrationError, chat_hook_set, chat_send_test
from showup.integrations.tests.helpers import Scene, scene
from showup.mail.models import OutboxMessage
from showup.notifications.reminders import plan_after, plan_before
from showup.people.models import Person
from tests.webhook_receiver import Receiver


def _mail_links(person: Person, kind: str) -> list[str]:
    message = OutboxMessage.objects.get(recipient=person.email, kind=kind)
    return re.findall(r"https?://\S+", message.text_body)


def _slack_buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    [actions] = [block for block in message["blocks"] if block["type"] == "actions"]
    return [(button["text"]["text"], button["url"]) for button in actions["elements"]]


def _teams_card(message: dict[str, Any]) -> dict[str, Any]:
    assert message["type"] == "message"
    [attachment] = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["version"] == "1.4"
    return card


def _after_the_1_1(people: Scene) -> None:
    plan_after(now=people.past.end + timedelta(days=1, hours=12))


@pytest.mark.django_db
def test_did_it_happen_goes_to_slack_with_the_e_mails_one_click_links(receiver: Receiver) -> None:
    people = scene()
    chat_hook_set(person=people.report, product="slack", url=receiver.url)
    _after_the_1_1(people)
    assert deliveries_send_due(worker="w") == 1

    [arrived] = receiver.received
    message = json.loads(arrived.body)
    assert message["text"] == f"Did your 1:1 with {people.manager.name} happen?"
    assert message["blocks"][0]["type"] == "header"
    assert message["blocks"][1]["text"]["type"] == "mrkdwn"
    buttons = _slack_buttons(message)
    assert [label for label, _ in buttons] == [
        "We held it",
        "We skipped it",
        "Find a new time",
        "Open the 1:1",
    ]
    mail_links = _mail_links(people.report, "reminder-after")
    assert [url for _, url in buttons] == mail_links[:4]
    assert "webhook-signature" not in arrived.headers


@pytest.mark.django_db
def test_the_reminder_before_goes_to_teams_as_an_adaptive_card(receiver: Receiver) -> None:
    people = scene()
    chat_hook_set(person=people.manager, product="teams", url=receiver.url)
    talking_point_add(
        occurrence=people.ahead, author=people.report, text="Conference budget", is_private=False
    )
    talking_point_add(
        occurrence=people.ahead, author=people.report, text="My secret worry", is_private=True
    )
    plan_before(now=people.ahead.start - timedelta(hours=12))
    deliveries_send_due(worker="w")

    [arrived] = receiver.received
    card = _teams_card(json.loads(arrived.body))
    texts = [block["text"] for block in card["body"]]
    assert texts[0] == f"1:1 with {people.report.name}"
    assert "On the shared agenda: 1 talking point; open actions: 0." in texts
    # The words stay in Showup: a chat channel may be read by people outside the 1:1.
    assert b"Conference budget" not in arrived.body
    assert b"secret worry" not in arrived.body
    [open_link] = card["actions"]
    assert open_link["type"] == "Action.OpenUrl"
    assert open_link["url"] in _mail_links(people.manager, "reminder-before")


@pytest.mark.django_db
def test_nobody_without_a_chat_hook_gets_a_chat_message(receiver: Receiver) -> None:
    people = scene()
    _after_the_1_1(people)
    assert OutboxMessage.objects.count() == 2
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_planning_twice_sends_to_chat_once(receiver: Receiver) -> None:
    people = scene()
    chat_hook_set(person=people.report, product="slack", url=receiver.url)
    _after_the_1_1(people)
    _after_the_1_1(people)
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_a_test_message_arrives_in_teams_shape(receiver: Receiver) -> None:
    people = scene()
    hook = chat_hook_set(person=people.report, product="teams", url=receiver.url)
    chat_send_test(hook=hook)
    deliveries_send_due(worker="w")
    card = _teams_card(json.loads(receiver.received[0].body))
    assert card["body"][0]["text"] == "Showup is connected"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("product", "url", "refusal"),
    [
        ("slack", "https://example.com/services/T/B/X", "not a Slack incoming-webhook URL"),
        ("teams", "https://hooks.slack.com/services/T/B/X", "not a Microsoft Teams webhook URL"),
        ("slack", "hooks.slack.com/services/T/B/X", "full URL starting with https://"),
        ("slack", "http://hooks.slack.com/services/T/B/X", "Use an https:// URL"),
        ("teams", "https://10.0.0.7/workflows/x", "private network"),
        ("discord", "https://hooks.slack.com/services/T/B/X", "Choose Slack or Microsoft Teams"),
    ],
)
def test_bad_chat_urls_are_refused_with_a_reason(
    person: Person, monkeypatch: Any, product: str, url: str, refusal: str
) -> None:
    # Names resolve to a public address without the network, as they would in production.
    monkeypatch.setattr(
        "socket.getaddrinfo",
        lambda host, port, **kw: [
            (2, 1, 6, "", ("10.0.0.7" if host == "10.0.0.7" else "34.120.0.9", port))
        ],
    )
    with pytest.raises(IntegrationError, match=refusal):
        chat_hook_set(person=person, product=product, url=url)
    assert not ChatHook.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("product", "url"),
    [
        ("slack", "https://hooks.slack.com/services/T000/B000/XXXX"),
        (
            "teams",
            "https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke",
        ),
        ("teams", "https://contoso.webhook.office.com/webhookb2/abc"),
    ],
)
def test_real_product_urls_are_taken(
    person: Person, monkeypatch: Any, product: str, url: str
) -> None:
    monkeypatch.setattr(
        "socket.getaddrinfo", lambda host, port, **kw: [(2, 1, 6, "", ("34.120.0.9", port))]
    )
    assert chat_hook_set(person=person, product=product, url=url).url == url
