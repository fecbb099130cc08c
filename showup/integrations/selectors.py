"""Reads for the webhook and chat pages: a person sees their own, an admin the company's, nobody anything else."""

from django.db.models import QuerySet
from django.http import Http404

from showup.integrations.models import ChatHook, Delivery, WebhookSubscription
from showup.people.models import Person

SHOWN_DELIVERIES = 50


def subscriptions_of(*, person: Person) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(owner=person)


def company_subscriptions(*, admin: Person) -> QuerySet[WebhookSubscription]:
    if not admin.is_admin:
        raise Http404
    return WebhookSubscription.objects.filter(owner__isnull=True)


def subscription_for(*, reader: Person, subscription_id: int) -> WebhookSubscription:
    """The subscription if `reader` manages it (its owner, or an admin for a company one); 404 otherwise."""
    found = WebhookSubscription.objects.filter(pk=subscription_id).first()
    if found is None:
        raise Http404
    allowed = reader.is_admin if found.is_company else found.owner_id == reader.pk
    if not allowed:
        raise Http404
    return found


def deliveries_of(*, subscription: WebhookSubscription) -> list[Delivery]:
    return list(subscription.deliveries.defer("body").order_by("-id")[:SHOWN_DELIVERIES])


def delivery_for(*, subscription: WebhookSubscription, delivery_id: int) -> Delivery:
    found = subscription.deliveries.filter(pk=delivery_id).first()
    if found is None:
        raise Http404
    return found


def chat_hook_of(*, person: Person) -> ChatHook | None:
    return ChatHook.objects.filter(person=person).first()


def chat_deliveries_of(*, hook: ChatHook) -> list[Delivery]:
    return list(hook.deliveries.defer("body").order_by("-id")[:10])
