"""`showup worker`: sends queued mail and runs the periodic jobs, until stopped."""

import os
import signal
import socket
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from showup.core.jobs import jobs_run_due
from showup.mail.services import mail_deliver_due, mail_release_dead_claims


class Command(BaseCommand):
    help = "Send queued e-mail and run periodic jobs (reminders, schedules) in a loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Do one round, then exit.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds.")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        host = socket.gethostname()
        name = f"{host}:{os.getpid()}"
        mail_release_dead_claims(host=host)
        while not self.stopping:
            jobs_run_due()
            mail_deliver_due(worker=name)
            if once:
                break
            self.sleep(interval)
            close_old_connections()  # a connection may have gone stale while we slept

    def stop(self, *args: object) -> None:
        self.stopping = True

    def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.2)
