"""The double-send window, measured: from the SMTP server's acceptance to the commit of SENT.

A worker that dies inside this window leaves a message the server has but the
outbox does not know is sent; the next worker sends it again (same
Message-ID, shown to the admin as "may have arrived twice"). Dying anywhere
else sends it once. The test prints the window and keeps it small.
"""

import statistics
import time
from email import message_from_bytes, policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from showup.mail import services
from showup.mail.models import OutboxMessage
from showup.mail.rendering import RenderedMail
from showup.mail.services import mail_deliver_due, mail_queue
from tests.smtp import free_port

MESSAGES = 100


class Stopwatch:
    """Notes when the server accepts each message, as late as it can: just before its 250 answer."""

    def __init__(self) -> None:
        self.accepted: dict[str, float] = {}

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        parsed = message_from_bytes(envelope.original_content or b"", policy=policy.default)
        self.accepted[str(parsed["Message-ID"])] = time.perf_counter()
        return "250 OK"


@pytest.mark.django_db(transaction=True)
def test_the_window_between_acceptance_and_record_is_a_few_milliseconds(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    stopwatch = Stopwatch()
    controller = Controller(stopwatch, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    recorded: dict[str, float] = {}
    record_success = services._record_success

    def timed_record_success(message: OutboxMessage) -> None:
        record_success(message)  # autocommit: the row says SENT once this returns
        recorded[message.message_id] = time.perf_counter()

    monkeypatch.setattr(services, "_record_success", timed_record_success)
    for n in range(MESSAGES):
        mail_queue(kind="test", recipient="a@example.com", mail=RenderedMail(f"M{n}", "Hi", ""))
    try:
        sent = 0
        while sent < MESSAGES:
            sent += mail_deliver_due(worker="w1")
    finally:
        controller.stop()
    windows = sorted((recorded[key] - stopwatch.accepted[key]) * 1000 for key in recorded)
    assert len(windows) == MESSAGES
    p99 = windows[int(len(windows) * 0.99) - 1]
    print(
        f"\ndouble-send window over {MESSAGES} messages: median {statistics.median(windows):.2f} ms,"
        f" p99 {p99:.2f} ms, max {windows[-1]:.2f} ms"
    )
    assert statistics.median(windows) < 50
