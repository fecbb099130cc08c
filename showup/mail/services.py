"""Queueing and delivering e-mail through the durable outbox."""

import logging
import smtplib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import F, Q, Value
from django.db.models.functions import Now
from django.utils import timezone

from showup.core.workers import lease_end, renews_leases, sends_each_round
from showup.mail.imip import InvitationEmail
from showup.mail.models import OutboxMessage
from showup.mail.rendering import RenderedMail

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status

MAX_BACKOFF = timedelta(hours=6)
LEGACY_CLAIM = timedelta(minutes=10)


def mail_queue(
    *,
    kind: str,
    recipient: str,
    mail: RenderedMail,
    headers: dict[str, str] | None = None,
    dedupe_key: str | None = None,
    calendar: str | None = None,
) -> OutboxMessage | None:
    """Queues one e-mail; returns None when `dedupe_key` was queued before.

    `calendar` is an iCalendar invitation (iMIP) to send with it.
    """
    message = OutboxMessage(
        kind=kind,
        recipient=recipient,
        subject=mail.subject,
        text_body=mail.text,
        html_body=mail.html,
        headers=headers or {},
        dedupe_key=dedupe_key,
        calendar=calendar,
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
    """Claims one due message for `worker` with a lease; the UPDATE ... WHERE makes the claim exclusive.

    Due means queued and its time has come, or claimed by a worker whose
    lease ran out (it died, or lost the database): any live worker takes
    such a message over on its next round.
    """
    now = timezone.now()
    due = (
        Q(status=Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=Status.SENDING, lease_until__lt=Now())
        # Claimed by a worker of a version before leases: it may still be running
        # during a rolling upgrade, so its claim holds as long as it used to.
        | Q(status=Status.SENDING, lease_until__isnull=True, claimed_at__lt=now - LEGACY_CLAIM)
    )
    for candidate in (
        OutboxMessage.objects.filter(due)
        .order_by("next_attempt_at")
        .values_list("id", "status", "claimed_by", "claimed_at", "lease_until", "send_started_at")[
            :5
        ]
    ):
        message_id, status, claimed_by, claimed_at, lease_until, send_started_at = candidate
        # A dead worker had begun handing it over (or, before leases, may have): the server may have it.
        begun = status == Status.SENDING and (send_started_at or lease_until is None)
        won = OutboxMessage.objects.filter(
            Q(status=Status.QUEUED) | Q(lease_until__lt=Now()) | Q(lease_until__isnull=True),
            id=message_id,
            status=status,
            claimed_by=claimed_by,
            claimed_at=claimed_at,
        ).update(
            status=Status.SENDING,
            claimed_at=now,
            claimed_by=worker,
            lease_until=lease_end(),
            maybe_twice=Value(True) if begun else F("maybe_twice"),
            send_started_at=None,
            attempts=F("attempts") + 1,
        )
        if won:
            if begun:
                logger.warning(
                    "mail %s: its worker %s died while sending; sending it again (it may arrive twice)",
                    message_id,
                    claimed_by,
                )
            return OutboxMessage.objects.get(id=message_id)
    return None


@renews_leases
def mail_leases_renew(worker: str) -> int:
    return OutboxMessage.objects.filter(status=Status.SENDING, claimed_by=worker).update(
        lease_until=lease_end()
    )


def mail_send(*, message: OutboxMessage, connection: BaseEmailBackend | None = None) -> bool:
    """Hands one claimed message to the mail server and records the outcome at once.

    The connection is opened before, and closed after, the moment that counts:
    between the server's acceptance and the commit of SENT there is only one
    short UPDATE in autocommit. A crash in that window is the only way a
    message goes out twice, and `maybe_twice` then shows it.
    """
    email = _email(message)
    own = connection is None
    connection = connection or get_connection(fail_silently=False)
    try:
        connection.open()
        try:
            if not _send_started(message):
                return False  # another worker holds it now: its lease ran out under us
            connection.send_messages([email])
            _record_success(message)
        finally:
            if own:
                connection.close()
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        _record_failure(message, error)
        _close_quietly(connection)  # the next message opens a fresh one
        return False
    return True


def _close_quietly(connection: BaseEmailBackend | None) -> None:
    try:
        if connection is not None:
            connection.close()
    except (smtplib.SMTPException, OSError):
        pass  # a connection that broke has nothing left to close


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    fields: dict[str, Any] = {
        "subject": message.subject,
        "body": message.text_body,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "to": [message.recipient],
        "headers": {"Message-ID": message.message_id, **message.headers},
    }
    if message.calendar:
        return InvitationEmail(ics=message.calendar, html=message.html_body, **fields)
    email = EmailMultiAlternatives(**fields)
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    return email


def _send_started(message: OutboxMessage) -> bool:
    """Records that the hand-over begins, while the lease still holds; False if it does not."""
    return bool(
        OutboxMessage.objects.filter(
            id=message.id,
            status=Status.SENDING,
            claimed_by=message.claimed_by,
            lease_until__gt=Now(),
        ).update(send_started_at=timezone.now())
    )


def _record_success(message: OutboxMessage) -> None:
    # Whoever holds the claim now, it went out: nobody should send it again.
    # The content is not kept once delivered: the database holds one less copy of it.
    with transaction.atomic():
        if db_connection.vendor == "postgresql":
            # Visible to every worker at once without waiting for the disk: a worker
            # dying now cannot undo it; only a database crash in the next instant could.
            with db_connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        OutboxMessage.objects.filter(id=message.id).exclude(status=Status.SENT).update(
            status=Status.SENT,
            sent_at=timezone.now(),
            text_body="",
            html_body="",
            calendar=None,
            last_error="",
            lease_until=None,
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
        lease_until=None,
        send_started_at=None,
    )


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4, 8 ... minutes, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def mail_retry(*, message: OutboxMessage) -> None:
    """An admin's request to try a failed message again now."""
    OutboxMessage.objects.filter(id=message.id, status=Status.FAILED).update(
        status=Status.QUEUED, next_attempt_at=timezone.now(), attempts=0
    )


@sends_each_round
def mail_deliver_due(*, worker: str, limit: int = 50) -> int:
    """Sends what is due, one message at a time over one connection; returns how many went out."""
    sent = 0
    connection = get_connection(fail_silently=False)
    try:
        for _ in range(limit):
            message = mail_claim_next(worker=worker)
            if message is None:
                break
            sent += mail_send(message=message, connection=connection)
    finally:
        _close_quietly(connection)
    return sent
