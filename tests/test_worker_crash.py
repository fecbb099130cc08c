"""A worker killed in the middle of sending: after a restart, nothing is sent twice and nothing is lost."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.db import connection

from showup.mail.models import OutboxMessage
from showup.mail.rendering import RenderedMail
from showup.mail.services import mail_queue
from tests.smtp import free_port


class StallingServer:
    """Accepts mail, except that it stalls on the message called SECOND until told to refuse it."""

    def __init__(self) -> None:
        self.subjects: list[str] = []
        self.stalling = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        subject = str(
            message_from_bytes(envelope.original_content or b"", policy=policy.default)["Subject"]
        )
        if subject == "SECOND" and not self.release.is_set():
            self.stalling.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "451 Not accepted"  # the sender died before this answer: never delivered
        self.subjects.append(subject)
        return "250 OK"


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    return f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def start_worker(port: int, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url(),
        "SHOWUP_DATA_DIR": str(data_dir),
        "SHOWUP_SMTP_HOST": "127.0.0.1",
        "SHOWUP_SMTP_PORT": str(port),
        "SHOWUP_SMTP_STARTTLS": "false",
        "SHOWUP_WORKER_LEASE_SECONDS": "2",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "showup", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_mid_send_sends_nothing_twice_and_loses_nothing(tmp_path: Path) -> None:
    server = StallingServer()
    controller = Controller(server, hostname="127.0.0.1", port=free_port())
    controller.start()
    for subject in ("FIRST", "SECOND", "THIRD"):
        mail_queue(
            kind="test", recipient="someone@example.com", mail=RenderedMail(subject, "body", "")
        )
        time.sleep(0.01)  # keeps the queue in order
    worker = start_worker(controller.port, tmp_path)
    try:
        wait_for(server.stalling.is_set)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        server.release.set()
        assert server.subjects == ["FIRST"]
        assert OutboxMessage.objects.get(subject="SECOND").status == OutboxMessage.Status.SENDING
        worker = start_worker(controller.port, tmp_path)
        wait_for(lambda: len(server.subjects) == 3)
        time.sleep(1)  # a moment more, in which a duplicate would show
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        controller.stop()
    assert sorted(server.subjects) == ["FIRST", "SECOND", "THIRD"]  # each once, in whatever order
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {
        OutboxMessage.Status.SENT
    }
