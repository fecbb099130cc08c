"""Who a worker is, and the leases that keep its claims alive while it works.

A worker's id is random for every start: host names repeat across containers
and process ids repeat across namespaces, so neither can tell two workers
apart. Every claim (an outbox message, a job run) carries a lease that ends
`SHOWUP_WORKER_LEASE_SECONDS` from now by the database's clock, so servers
with clocks apart agree on when it ends. A heartbeat thread renews the
worker's leases while it lives; once a worker dies, its leases run out and
any other worker takes its work over on its next round.
"""

import logging
import secrets
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Value
from django.db.models.expressions import CombinedExpression
from django.db.models.fields import DateTimeField
from django.db.models.functions import Now

logger = logging.getLogger(__name__)

# Renews one kind of claim held by the worker named; returns how many it holds.
Renewer = Callable[[str], int]
RENEWERS: list[Renewer] = []

# Sends one kind of queued work (mail, webhooks) as the worker named, on every round.
# Apps register theirs, so core never imports what sits above it.
Sender = Callable[..., int]
SENDERS: list[Sender] = []


def sends_each_round(send: Sender) -> Sender:
    SENDERS.append(send)
    return send


def new_worker_id() -> str:
    """The host name for people to read, and 64 random bits that make it unique."""
    return f"{socket.gethostname()[:60]}-{secrets.token_hex(8)}"


def lease() -> timedelta:
    return timedelta(seconds=settings.WORKER_LEASE_SECONDS)


def lease_end() -> CombinedExpression:
    """The end of a lease taken or renewed now, by the database's clock."""
    return CombinedExpression(Now(), "+", Value(lease()), output_field=DateTimeField())


def renews_leases(renewer: Renewer) -> Renewer:
    RENEWERS.append(renewer)
    return renewer


def leases_renew(worker: str) -> int:
    """Renews every lease `worker` holds; returns how many claims it still holds."""
    return sum(renew(worker) for renew in RENEWERS)


class Heartbeat(threading.Thread):
    """Renews the worker's leases four times per lease, on its own connection, until stopped."""

    def __init__(self, worker: str) -> None:
        super().__init__(name=f"heartbeat {worker}", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.WORKER_LEASE_SECONDS / 4):
                try:
                    leases_renew(self.worker)
                except Exception:  # the database may be away a moment; the next beat tries again
                    logger.exception("worker %s could not renew its leases", self.worker)
                    connection.close()
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=settings.WORKER_LEASE_SECONDS)
