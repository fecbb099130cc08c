"""`showup worker`: sends queued mail and runs the periodic jobs, until stopped."""

import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from showup.core.jobs import jobs_run_due
from showup.core.workers import SENDERS, Heartbeat, new_worker_id


class Command(BaseCommand):
    help = (
        "Send queued e-mail and webhooks, and run periodic jobs (reminders, schedules) in a loop."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Do one round, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between rounds (default: SHOWUP_WORKER_ROUND_SECONDS, 5).",
        )

    def handle(self, *args: Any, once: bool, interval: float | None, **options: Any) -> None:
        if interval is None:
            interval = float(settings.WORKER_ROUND_SECONDS)
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        worker = new_worker_id()
        self.stderr.write(f"worker {worker} started", style_func=None)
        heartbeat = Heartbeat(worker)
        heartbeat.start()
        try:
            while not self.stopping:
                jobs_run_due(worker=worker)
                for send in SENDERS:  # the mail outbox, webhook and chat deliveries
                    send(worker=worker)
                if once:
                    break
                self.sleep(interval)
                close_old_connections()  # a connection may have gone stale while we slept
        finally:
            heartbeat.stop()

    def stop(self, *args: object) -> None:
        self.stopping = True

    def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.2)
