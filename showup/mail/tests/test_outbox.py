import os
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from showup.mail.models import OutboxMessage
from showup.mail.rendering import RenderedMail
from showup.mail.services import (
    mail_claim_next,
    mail_deliver_due,
    mail_queue,
    mail_release_dead_claims,
    mail_retry,
    retry_delay,
)
from tests.smtp import Inbox

MAIL = RenderedMail(subject="Hello", text="Plain words\n", html="<p>Rich words</p>")
Status = OutboxMessage.Status


def queue(recipient: str = "to@example.com", **kwargs: Any) -> OutboxMessage:
    message = mail_queue(kind="test", recipient=recipient, mail=MAIL, **kwargs)
    assert message is not None
    return message


@pytest.mark.django_db
def test_it_sends_text_and_html_parts_over_smtp(smtp: Inbox) -> None:
    queue(headers={"List-Unsubscribe": "<https://example.com/u>"})
    assert mail_deliver_due(worker="w1") == 1
    [received] = smtp.messages
    assert received["Subject"] == "Hello"
    assert received["List-Unsubscribe"] == "<https://example.com/u>"
    assert received.get_body(preferencelist=("plain",)).get_content().strip() == "Plain words"  # type: ignore[union-attr]
    assert "Rich words" in received.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert received["Message-ID"].startswith("<showup-outbox-")


@pytest.mark.django_db
def test_a_sent_message_keeps_no_content(smtp: Inbox) -> None:
    message = queue()
    mail_deliver_due(worker="w1")
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert (message.text_body, message.html_body) == ("", "")


@pytest.mark.django_db
def test_each_message_goes_out_once_however_often_the_worker_runs(smtp: Inbox) -> None:
    queue()
    mail_deliver_due(worker="w1")
    mail_deliver_due(worker="w2")
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_two_workers_cannot_claim_the_same_message() -> None:
    queue()
    first = mail_claim_next(worker="w1")
    second = mail_claim_next(worker="w2")
    assert first is not None
    assert first.claimed_by == "w1"
    assert second is None


@pytest.mark.django_db
def test_a_temporary_failure_is_retried_with_backoff(smtp: Inbox) -> None:
    smtp.reject_next = 1
    message = queue()
    assert mail_deliver_due(worker="w1") == 0
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 1
    assert "451" in message.last_error
    assert message.next_attempt_at > timezone.now()
    assert mail_deliver_due(worker="w1") == 0  # not due yet
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert mail_deliver_due(worker="w1") == 1
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_it_gives_up_after_the_last_attempt_and_an_admin_can_retry(
    smtp: Inbox, settings: Any
) -> None:
    settings.MAIL_MAX_ATTEMPTS = 2
    smtp.reject_next = 2
    message = queue()
    for _ in range(2):
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        mail_deliver_due(worker="w1")
    message.refresh_from_db()
    assert message.status == Status.FAILED
    mail_retry(message=message)
    assert mail_deliver_due(worker="w1") == 1


@pytest.mark.django_db
def test_an_unreachable_server_is_a_failure_not_a_crash(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    message = queue()
    assert mail_deliver_due(worker="w1") == 0
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.last_error


def test_backoff_doubles_and_is_capped() -> None:
    assert [retry_delay(n) for n in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert retry_delay(30) == timedelta(hours=6)


@pytest.mark.django_db
def test_the_same_dedupe_key_is_queued_once() -> None:
    assert mail_queue(kind="t", recipient="a@example.com", mail=MAIL, dedupe_key="k1") is not None
    assert mail_queue(kind="t", recipient="a@example.com", mail=MAIL, dedupe_key="k1") is None
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_stale_claim_is_taken_over(smtp: Inbox) -> None:
    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING,
        claimed_by="elsewhere:1",
        claimed_at=timezone.now() - timedelta(hours=1),
    )
    assert mail_deliver_due(worker="w1") == 1
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_a_claim_of_a_dead_worker_on_this_host_is_released_at_once(smtp: Inbox) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = os.getpid()
    for claimed_by in (f"host:{dead.pid}", f"host:{live}"):
        OutboxMessage.objects.filter(pk=queue().pk).update(
            status=Status.SENDING, claimed_by=claimed_by, claimed_at=timezone.now()
        )
    assert mail_release_dead_claims(host="host") == 1
    assert mail_deliver_due(worker="w1") == 1
    assert OutboxMessage.objects.get(claimed_by=f"host:{live}").status == Status.SENDING
