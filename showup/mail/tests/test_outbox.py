import socket
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from showup.core.workers import new_worker_id
from showup.mail.models import OutboxMessage
from showup.mail.rendering import RenderedMail
from showup.mail.services import (
    mail_claim_next,
    mail_deliver_due,
    mail_leases_renew,
    mail_queue,
    mail_retry,
    mail_send,
    retry_delay,
)
from tests.factories import PersonFactory
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


def _claimed_elsewhere(message: OutboxMessage, *, lease: timedelta, sending: bool) -> None:
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING,
        claimed_by="gone-0123456789abcdef",
        claimed_at=timezone.now() - timedelta(minutes=1),
        lease_until=timezone.now() + lease,
        send_started_at=timezone.now() if sending else None,
    )


@pytest.mark.django_db
def test_a_claim_whose_lease_ran_out_is_taken_over_at_once(smtp: Inbox) -> None:
    message = queue()
    _claimed_elsewhere(message, lease=-timedelta(seconds=1), sending=False)
    assert mail_deliver_due(worker="w1") == 1
    message.refresh_from_db()
    assert (message.status, message.claimed_by, message.maybe_twice) == (Status.SENT, "w1", False)
    assert len(smtp.messages) == 1


@pytest.mark.django_db
def test_a_live_claim_is_left_alone(smtp: Inbox) -> None:
    message = queue()
    _claimed_elsewhere(message, lease=timedelta(seconds=30), sending=True)
    assert mail_deliver_due(worker="w1") == 0
    assert smtp.messages == []


@pytest.mark.django_db
def test_a_message_whose_sender_died_mid_send_goes_again_marked_as_maybe_twice(
    smtp: Inbox, sign_in: Any
) -> None:
    message = queue()
    _claimed_elsewhere(message, lease=-timedelta(seconds=1), sending=True)
    assert mail_deliver_due(worker="w1") == 1
    message.refresh_from_db()
    assert message.maybe_twice
    [received] = smtp.messages
    assert received["Message-ID"] == f"<showup-outbox-{message.pk}@127.0.0.1>"
    admin = PersonFactory.create(is_admin=True)
    page = sign_in(admin).get(reverse("mail:outbox")).content.decode()
    assert "May have arrived twice" in page
    assert "1 may have arrived twice" in page
    # The row shows the Message-ID the mail carried, to match it to a complaint.
    assert f"&lt;showup-outbox-{message.pk}@127.0.0.1&gt;" in page


@pytest.mark.django_db
def test_a_send_whose_lease_was_lost_is_not_begun(smtp: Inbox) -> None:
    message = mail_claim_next(worker="w1")
    assert message is None
    queue()
    message = mail_claim_next(worker="w1")
    assert message is not None
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_by="w2"
    )  # w1's lease ran out, w2 took it
    assert mail_send(message=message) is False
    assert smtp.messages == []


@pytest.mark.django_db
def test_a_send_whose_lease_ran_out_a_second_ago_is_not_begun(smtp: Inbox) -> None:
    """Nobody took it over yet, but w1 no longer holds it: another worker may at any moment."""
    queue()
    message = mail_claim_next(worker="w1")
    assert message is not None
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert mail_send(message=message) is False
    assert smtp.messages == []
    message.refresh_from_db()
    assert (message.status, message.claimed_by, message.send_started_at) == (
        Status.SENDING,
        "w1",
        None,
    )


@pytest.mark.django_db
def test_renewing_one_workers_leases_leaves_anothers_expired_lease_alone() -> None:
    mine, theirs = queue("a@example.com"), queue("b@example.com")
    expired = timezone.now() - timedelta(seconds=1)
    for message, worker in ((mine, "w1"), (theirs, "w2")):
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.SENDING, claimed_by=worker, claimed_at=expired, lease_until=expired
        )
    assert mail_leases_renew("w1") == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.lease_until is not None
    assert mine.lease_until > timezone.now()
    assert theirs.lease_until == expired
    assert mail_claim_next(worker="w3") == theirs


def test_every_worker_start_has_its_own_id_even_on_one_host_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "same-container")
    ids = {new_worker_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(worker.startswith("same-container-") for worker in ids)


@pytest.mark.django_db
def test_a_claim_from_before_leases_holds_ten_minutes_as_it_used_to(smtp: Inbox) -> None:
    # During a rolling upgrade a worker of the previous version may still be sending it.
    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING,
        claimed_by="old-host:42",
        claimed_at=timezone.now() - timedelta(minutes=5),
    )
    assert mail_deliver_due(worker="w1") == 0
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_at=timezone.now() - timedelta(minutes=11)
    )
    assert mail_deliver_due(worker="w1") == 1
    message.refresh_from_db()
    assert message.maybe_twice


INVITE = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n"


@pytest.mark.django_db
def test_an_invitation_goes_as_a_calendar_alternative_and_as_an_ics_attachment(
    smtp: Inbox,
) -> None:
    message = queue(calendar=INVITE)
    mail_deliver_due(worker="w1")
    [received] = smtp.messages
    assert received.get_content_type() == "multipart/mixed"
    alternative, attached = received.iter_parts()
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain",
        "text/html",
        "text/calendar",
    ]
    calendar_part = list(alternative.iter_parts())[2]
    assert calendar_part.get_param("method") == "CANCEL"
    payload = calendar_part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert payload.splitlines() == INVITE.encode().splitlines()
    # text/calendar with its method, which Outlook reads as the invitation, not a file to import.
    assert attached.get_content_type() == "text/calendar"
    assert attached.get_param("method") == "CANCEL"
    assert attached.get_filename() == "invite.ics"
    attached_payload = attached.get_payload(decode=True)
    assert isinstance(attached_payload, bytes)
    assert attached_payload.splitlines() == INVITE.encode().splitlines()
    assert received["Content-Class"] == "urn:content-classes:calendarmessage"
    message.refresh_from_db()
    assert message.calendar is None  # delivered: no copy kept


@pytest.mark.django_db
def test_an_ordinary_message_has_no_calendar_part(smtp: Inbox) -> None:
    queue()
    mail_deliver_due(worker="w1")
    [received] = smtp.messages
    assert received.get_content_type() == "multipart/alternative"
    assert "Content-Class" not in received
