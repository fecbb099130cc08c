"""Queueing and delivering e-mail through the durable outbox."""

import logging
import os
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from showup.mail.models import OutboxMessage
from showup.mail.rendering import RenderedMail

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status

# A worker that died mid-send leaves its claim behind; after this long another
# worker takes the message over. Longer than any SMTP timeout.
STALE_CLAIM = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=6)


def mail_queue(
    *,
    kind: str,
    recipient: str,
    mail: RenderedMail,
    headers: dict[str, str] | None = None,
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Queues one e-mail; returns None when `dedupe_key` was queued before."""
    message = OutboxMessage(
        kind=kind,
        recipient=recipient,
        subject=mail.subject,
        text_body=mail.text,
        html_body=mail.html,
        headers=headers or {},
        dedupe_key=dedupe_key,
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    return message


def mail_claim_next(*, worker: str) -> OutboxMessage | None:
    """Claims one due message for `worker`; the UPDATE ... WHERE makes the claim exclusive."""
    now = timezone.now()
    due = Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    )
    for candidate in (
        OutboxMessage.objects.filter(due)
        .order_by("next_attempt_at")
        .values_list("id", "status", "claimed_at")[:5]
    ):
        message_id, status, claimed_at = candidate
        won = OutboxMessage.objects.filter(
            id=message_id, status=status, claimed_at=claimed_at
        ).update(
            status=Status.SENDING, claimed_at=now, claimed_by=worker, attempts=F("attempts") + 1
        )
        if won:
            return OutboxMessage.objects.get(id=message_id)
    return None


def mail_send(*, message: OutboxMessage) -> bool:
    """Hands one claimed message to the SMTP server and records the outcome."""
    try:
        _deliver(message)
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        _record_failure(message, error)
        return False
    _record_success(message)
    return True


def _deliver(message: OutboxMessage) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": _message_id(message), **message.headers},
        connection=get_connection(fail_silently=False),
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    email.send()


def _message_id(message: OutboxMessage) -> str:
    # Stable across retries, so a receiving server that saw it already can drop the copy.
    host = settings.BASE_URL.split("://", 1)[-1].split("/")[0].split(":")[0]
    return f"<showup-outbox-{message.id}@{host}>"


def _record_success(message: OutboxMessage) -> None:
    # The content is not kept once delivered: the database holds one less copy of it.
    OutboxMessage.objects.filter(id=message.id, claimed_by=message.claimed_by).update(
        status=Status.SENT, sent_at=timezone.now(), text_body="", html_body="", last_error=""
    )


def _record_failure(message: OutboxMessage, error: Exception) -> None:
    permanent = isinstance(error, smtplib.SMTPRecipientsRefused)
    gave_up = permanent or message.attempts >= settings.MAIL_MAX_ATTEMPTS
    logger.warning(
        "mail %s to %s failed (attempt %s): %s",
        message.id,
        message.recipient,
        message.attempts,
        error,
    )
    OutboxMessage.objects.filter(id=message.id, claimed_by=message.claimed_by).update(
        status=Status.FAILED if gave_up else Status.QUEUED,
        next_attempt_at=timezone.now() + retry_delay(message.attempts),
        last_error=str(error)[:500],
    )


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4, 8 ... minutes, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def mail_retry(*, message: OutboxMessage) -> None:
    """An admin's request to try a failed message again now."""
    OutboxMessage.objects.filter(id=message.id, status=Status.FAILED).update(
        status=Status.QUEUED, next_attempt_at=timezone.now(), attempts=0
    )


def mail_release_dead_claims(*, host: str) -> int:
    """Requeues messages claimed by workers on this host that are no longer running.

    A worker killed mid-send leaves its claim behind. On the same host we can
    tell at once that it is gone; elsewhere the claim goes stale after STALE_CLAIM.
    """
    released = 0
    claims = OutboxMessage.objects.filter(status=Status.SENDING, claimed_by__startswith=f"{host}:")
    for message_id, claimed_by in claims.values_list("id", "claimed_by"):
        if not _process_alive(int(claimed_by.rsplit(":", 1)[1])):
            released += OutboxMessage.objects.filter(
                id=message_id, status=Status.SENDING, claimed_by=claimed_by
            ).update(status=Status.QUEUED, next_attempt_at=timezone.now())
    return released


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mail_deliver_due(*, worker: str, limit: int = 50) -> int:
    """Sends what is due, one message at a time; returns how many went out."""
    sent = 0
    for _ in range(limit):
        message = mail_claim_next(worker=worker)
        if message is None:
            break
        sent += mail_send(message=message)
    return sent
