"""Subscribing, unsubscribing, test events and chat hooks: the writes the pages and commands share."""

from django.db import transaction

from showup.core.text import text_refusal
from showup.integrations.chat import chat_test_message, chat_url_refusal
from showup.integrations.delivery import delivery_queue_chat, delivery_queue_webhook
from showup.integrations.models import (
    COMPANY_EVENTS,
    EVENTS,
    ChatHook,
    Delivery,
    WebhookSubscription,
)
from showup.integrations.signing import secret_new
from showup.integrations.targets import target_refusal
from showup.people.models import Person

MAX_SUBSCRIPTIONS = 10


class IntegrationError(Exception):
    """A refusal with a message for the person who asked."""


def _check_events(events: list[str], *, company: bool) -> list[str]:
    """A person hears of their own pairs' events; the company of team numbers, never a pair's event."""
    offered = COMPANY_EVENTS if company else EVENTS
    chosen = [kind for kind in offered if kind in events]
    if not chosen or len(chosen) != len(set(events)):
        raise IntegrationError("Choose at least one event from the list.")
    return chosen


def _check_url(url: str) -> str:
    cleaned = url.strip()
    refusal = target_refusal(cleaned)
    if refusal:
        raise IntegrationError(refusal)
    return cleaned


@transaction.atomic
def subscription_create(
    *, by: Person, company: bool, url: str, events: list[str], description: str = ""
) -> WebhookSubscription:
    """A person's subscription to their own pairs, or (admins only) one to the company's team numbers."""
    if company and not by.is_admin:
        raise IntegrationError("Only an admin can subscribe for the whole company.")
    owner = None if company else by
    if WebhookSubscription.objects.filter(owner=owner).count() >= MAX_SUBSCRIPTIONS:
        raise IntegrationError(f"At most {MAX_SUBSCRIPTIONS} webhooks each; remove one first.")
    refusal = text_refusal(description.strip(), max_length=100, what="a description")
    if refusal:
        raise IntegrationError(refusal)
    return WebhookSubscription.objects.create(
        owner=owner,
        created_by=by,
        url=_check_url(url),
        description=description.strip(),
        events=_check_events(events, company=company),
        secret=secret_new(),
    )


def subscription_delete(*, subscription: WebhookSubscription) -> None:
    """Ends it; deliveries still waiting go with it."""
    subscription.delete()


@transaction.atomic
def subscription_send_test(*, subscription: WebhookSubscription) -> Delivery:
    """A test event, queued behind whatever is still waiting, so it also shows the queue moves."""
    # Held like an event's queueing holds it, so ids follow commit order.
    list(WebhookSubscription.objects.select_for_update().filter(pk=subscription.pk).values("pk"))
    return delivery_queue_webhook(
        subscription=subscription,
        event="webhook.test",
        data={"subscription_id": subscription.pk, "message": "Showup webhooks work."},
    )


@transaction.atomic
def chat_hook_set(*, person: Person, product: str, url: str) -> ChatHook:
    if product not in ChatHook.Product.values:
        raise IntegrationError("Choose Slack or Microsoft Teams.")
    refusal = chat_url_refusal(product=product, url=url)
    if refusal:
        raise IntegrationError(refusal)
    hook, _ = ChatHook.objects.update_or_create(
        person=person, defaults={"product": product, "url": url.strip()}
    )
    return hook


def chat_hook_remove(*, person: Person) -> None:
    ChatHook.objects.filter(person=person).delete()


def chat_send_test(*, hook: ChatHook) -> Delivery:
    return delivery_queue_chat(hook=hook, event="chat.test", message=chat_test_message(hook))
