"""Webhook subscriptions (a person's own, and the company's for admins), their deliveries, and chat settings."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from showup.core.resend import mark_refused, mark_secret
from showup.integrations import selectors
from showup.integrations.delivery import delivery_resend
from showup.integrations.forms import ChatHookForm, SubscriptionForm
from showup.integrations.models import WebhookSubscription
from showup.integrations.services import (
    IntegrationError,
    chat_hook_remove,
    chat_hook_set,
    chat_send_test,
    subscription_create,
    subscription_delete,
    subscription_send_test,
)
from showup.meetings.views.common import viewer


def _subscriptions_page(
    request: HttpRequest, *, company: bool, subscriptions: list[WebhookSubscription]
) -> HttpResponse:
    form = SubscriptionForm(request.POST or None, company=company)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = subscription_create(
                by=viewer(request),
                company=company,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
            )
        except IntegrationError as error:
            form.add_error("url", str(error))
    if created is not None:
        # The secret is shown on this answer only: the page after it never shows it again,
        # and a resent form gets "already done", not a stored copy of the secret.
        mark_secret(request)
        return render(request, "integrations/created.html", {"subscription": created})
    status = 400 if request.method == "POST" else 200
    moved = [s.moved_to_team_numbers_at for s in subscriptions if s.moved_to_team_numbers_at]
    context = {
        "form": form,
        "subscriptions": subscriptions,
        "company": company,
        "moved_at": min(moved, default=None),
    }
    return render(request, "integrations/webhooks.html", context, status=status)


@require_http_methods(["GET", "POST"])
def own_webhooks(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    return _subscriptions_page(
        request, company=False, subscriptions=list(selectors.subscriptions_of(person=person))
    )


@require_http_methods(["GET", "POST"])
def company_webhooks(request: HttpRequest) -> HttpResponse:
    subscriptions = list(selectors.company_subscriptions(admin=viewer(request)))
    return _subscriptions_page(request, company=True, subscriptions=subscriptions)


def webhook_detail(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_for(
        reader=viewer(request), subscription_id=subscription_id
    )
    context = {
        "subscription": subscription,
        "deliveries": selectors.deliveries_of(subscription=subscription),
    }
    return render(request, "integrations/webhook.html", context)


@require_POST
def webhook_test(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_for(
        reader=viewer(request), subscription_id=subscription_id
    )
    subscription_send_test(subscription=subscription)
    messages.success(request, "A test event is on its way; its delivery shows below.")
    return redirect("integrations:webhook", subscription.pk)


@require_POST
def webhook_delete(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_for(
        reader=viewer(request), subscription_id=subscription_id
    )
    company = subscription.is_company
    subscription_delete(subscription=subscription)
    messages.success(request, "The webhook was removed; nothing more will be sent to it.")
    return redirect("integrations:company-webhooks" if company else "integrations:webhooks")


@require_POST
def delivery_resend_view(
    request: HttpRequest, subscription_id: int, delivery_id: int
) -> HttpResponse:
    subscription = selectors.subscription_for(
        reader=viewer(request), subscription_id=subscription_id
    )
    delivery = selectors.delivery_for(subscription=subscription, delivery_id=delivery_id)
    if delivery_resend(delivery=delivery):
        messages.success(request, "It will be sent again now.")
    else:
        mark_refused(request)
        messages.error(request, "Only a failed delivery can be sent again.")
    return redirect("integrations:webhook", subscription.pk)


@require_http_methods(["GET", "POST"])
def chat_settings(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    hook = selectors.chat_hook_of(person=person)
    initial = {"product": hook.product, "url": hook.url} if hook else {}
    form = ChatHookForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            chat_hook_set(
                person=person, product=form.cleaned_data["product"], url=form.cleaned_data["url"]
            )
        except IntegrationError as error:
            form.add_error("url", str(error))
        else:
            messages.success(request, "Saved. Your reminders will also arrive in chat.")
            return redirect("integrations:chat")
    context = {
        "form": form,
        "hook": hook,
        "deliveries": selectors.chat_deliveries_of(hook=hook) if hook else [],
    }
    return render(
        request, "integrations/chat.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
def chat_test(request: HttpRequest) -> HttpResponse:
    hook = selectors.chat_hook_of(person=viewer(request))
    if hook is None:
        raise Http404
    chat_send_test(hook=hook)
    messages.success(request, "A test message is on its way.")
    return redirect("integrations:chat")


@require_POST
def chat_remove(request: HttpRequest) -> HttpResponse:
    chat_hook_remove(person=viewer(request))
    messages.success(request, "Removed: reminders now come by e-mail only.")
    return redirect("integrations:chat")
