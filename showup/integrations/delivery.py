"""Queueing deliveries in the caller's transaction, and sending them from the worker in order.

Each subscription or chat hook is one queue. A worker takes the oldest
waiting delivery of a queue only: while it waits for a retry, the later ones
wait behind it, so a receiver that was down gets everything, in order, once
it is back. Claims are conditional UPDATEs with a lease (core/workers.py):
two live workers never send one delivery twice.
"""

import json
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Now
from django.utils import timezone

from showup.core.workers import lease_end, renews_leases, sends_each_round
from showup.integrations.models import ChatHook, Delivery, WebhookSubscription
from showup.integrations.signing import message_id_new, signed_headers
from showup.integrations.targets import TargetRefused, TargetUnreachable, post_json

logger = logging.getLogger(__name__)
Status = Delivery.Status

FIRST_RETRY = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)
WAITING = (Status.PENDING, Status.SENDING)


def payload_body(*, event: str, data: dict[str, object], at: datetime) -> str:
    """The JSON sent, in the Standard Webhooks shape: type, timestamp, data."""
    return json.dumps(
        {"type": event, "timestamp": at.isoformat(), "data": data},
        separators=(",", ":"),
        sort_keys=True,
    )


def delivery_queue_webhook(
    *, subscription: WebhookSubscription, event: str, data: dict[str, object]
) -> Delivery:
    return Delivery.objects.create(
        public_id=message_id_new(),
        queue=subscription.queue,
        subscription=subscription,
        event=event,
        body=payload_body(event=event, data=data, at=timezone.now()),
    )


def delivery_queue_chat(*, hook: ChatHook, event: str, message: dict[str, object]) -> Delivery:
    return Delivery.objects.create(
        public_id=message_id_new(),
        queue=hook.queue,
        chat_hook=hook,
        event=event,
        body=json.dumps(message, separators=(",", ":")),
    )


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the attempt numbered `attempts`: 30 s, 1, 2, 4 ... minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def delivery_claim_next(*, worker: str, now: datetime | None = None) -> Delivery | None:
    """Claims the head of a queue that is due, for `worker`, with a lease; None when nothing is due."""
    now = now or timezone.now()
    due = Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, lease_until__lt=Now()
    )
    earlier_waiting = Delivery.objects.filter(
        queue=OuterRef("queue"), id__lt=OuterRef("id"), status__in=WAITING
    )
    candidates = (
        Delivery.objects.filter(due)
        .exclude(Exists(earlier_waiting))
        .order_by("next_attempt_at", "id")
        .values_list("id", "status", "claimed_by")[:5]
    )
    for delivery_id, status, claimed_by in candidates:
        won = Delivery.objects.filter(
            Q(status=Status.PENDING) | Q(lease_until__lt=Now()),
            id=delivery_id,
            status=status,
            claimed_by=claimed_by,
        ).update(
            status=Status.SENDING,
            claimed_by=worker,
            lease_until=lease_end(),
            attempts=F("attempts") + 1,
        )
        if won:
            return Delivery.objects.select_related("subscription__owner", "chat_hook__person").get(
                id=delivery_id
            )
    return None


@renews_leases
def delivery_leases_renew(worker: str) -> int:
    return Delivery.objects.filter(status=Status.SENDING, claimed_by=worker).update(
        lease_until=lease_end()
    )


def _still_ours(delivery: Delivery) -> bool:
    return Delivery.objects.filter(
        id=delivery.id,
        status=Status.SENDING,
        claimed_by=delivery.claimed_by,
        lease_until__gt=Now(),
    ).exists()


def _headers(delivery: Delivery) -> dict[str, str]:
    if delivery.subscription is None:
        return {}  # chat products take plain JSON; they check nothing
    return signed_headers(
        secret=delivery.subscription.secret,
        message_id=delivery.public_id,
        timestamp=int(time.time()),
        body=delivery.body,
    )


def _url(delivery: Delivery) -> str:
    if delivery.subscription is not None:
        return delivery.subscription.url
    assert delivery.chat_hook is not None
    return delivery.chat_hook.url


def delivery_send(*, delivery: Delivery) -> bool:
    """Sends one claimed delivery and records the outcome; True when the receiver took it (2xx)."""
    if not _still_ours(delivery):
        return False  # its lease ran out under us; another worker holds it now
    if _recipient_gone(delivery):
        _give_up(delivery, error="Its owner was deactivated; nothing more is sent.")
        return False
    try:
        code = post_json(_url(delivery), delivery.body.encode(), _headers(delivery))
    except (TargetRefused, TargetUnreachable) as error:
        _record_failure(delivery, code=None, error=str(error))
        return False
    if 200 <= code < 300:
        _record_success(delivery, code=code)
        return True
    _record_failure(delivery, code=code, error=f"The receiver answered {code}.")
    return False


def _recipient_gone(delivery: Delivery) -> bool:
    """A person deactivated after an event was queued hears nothing more, queued or retried."""
    if delivery.subscription is not None:
        owner = delivery.subscription.owner
        return owner is not None and not owner.is_active
    return delivery.chat_hook is not None and not delivery.chat_hook.person.is_active


def _give_up(delivery: Delivery, *, error: str) -> None:
    Delivery.objects.filter(id=delivery.id, claimed_by=delivery.claimed_by).update(
        status=Status.FAILED, last_error=error, lease_until=None, body=""
    )


def _record_success(delivery: Delivery, *, code: int) -> None:
    Delivery.objects.filter(id=delivery.id).exclude(status=Status.DELIVERED).update(
        status=Status.DELIVERED,
        delivered_at=timezone.now(),
        last_status_code=code,
        last_error="",
        lease_until=None,
        body="",
    )


def _record_failure(delivery: Delivery, *, code: int | None, error: str) -> None:
    gave_up = delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS
    logger.warning(
        "delivery %s to %s failed (attempt %s): %s",
        delivery.id,
        delivery.queue,
        delivery.attempts,
        error,
    )
    Delivery.objects.filter(id=delivery.id, claimed_by=delivery.claimed_by).update(
        status=Status.FAILED if gave_up else Status.PENDING,
        next_attempt_at=timezone.now() + retry_delay(delivery.attempts),
        last_status_code=code,
        last_error=error[:300],
        lease_until=None,
    )


@sends_each_round
def deliveries_send_due(*, worker: str, limit: int = 50, now: datetime | None = None) -> int:
    """Sends what is due, one delivery at a time; returns how many were taken by their receivers."""
    delivered = 0
    for _ in range(limit):
        delivery = delivery_claim_next(worker=worker, now=now)
        if delivery is None:
            break
        delivered += delivery_send(delivery=delivery)
    return delivered


def delivery_resend(*, delivery: Delivery) -> bool:
    """A subscriber's request to try a failed delivery again now; False when it had not failed."""
    return bool(
        Delivery.objects.filter(id=delivery.id, status=Status.FAILED).update(
            status=Status.PENDING, next_attempt_at=timezone.now(), attempts=0, claimed_by=""
        )
    )
