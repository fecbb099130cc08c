"""The worker's calendar jobs: push soon after a change in Showup, read back every few minutes."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from showup.calendars.services import (
    connection_sync_claimed,
    connections_changed,
    connections_due,
)
from showup.core.jobs import periodic
from showup.core.workers import new_worker_id

# Checking the pair stamps is two queries for all connected people: cheap enough to do this often.
PUSH_EVERY = timedelta(seconds=15)


@periodic("calendars.push-changes", every=PUSH_EVERY)
def push_changes() -> None:
    now = timezone.now()
    worker = new_worker_id()
    for connection in connections_changed(now=now):
        connection_sync_claimed(connection=connection, worker=worker)


@periodic("calendars.sync", every=timedelta(minutes=1))
def sync_due() -> None:
    now = timezone.now()
    worker = new_worker_id()
    every = timedelta(minutes=settings.CALDAV_SYNC_MINUTES)
    for connection in connections_due(now=now, every=every):
        connection_sync_claimed(connection=connection, worker=worker)
