"""Two `showup worker` processes on one database deliver every event once, in order per subscription."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from showup.agendas.services import talking_point_add
from showup.integrations.models import EVENTS, Delivery
from showup.integrations.services import subscription_create
from showup.integrations.tests.helpers import scene
from tests.test_worker_crash import database_url, wait_for
from tests.webhook_receiver import Receiver

POINTS = 10


def _start_worker(data_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": database_url(),
        "SHOWUP_DATA_DIR": str(data_dir),
        "SHOWUP_WEBHOOKS_ALLOW_PRIVATE": "true",
        "SHOWUP_WORKER_LEASE_SECONDS": "4",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "showup", "worker", "--interval", "0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_deliver_each_event_once_in_order(
    receiver: Receiver, tmp_path: Path
) -> None:
    people = scene()
    subscriptions = [
        subscription_create(by=who, company=False, url=receiver.url, events=EVENTS)
        for who in (people.report, people.manager)
    ]
    for n in range(POINTS):
        talking_point_add(
            occurrence=people.ahead, author=people.report, text=f"Point {n}", is_private=False
        )
    workers = [_start_worker(tmp_path / f"worker-{n}") for n in range(2)]
    try:
        wait_for(lambda: len(receiver.received) >= 2 * POINTS, seconds=60)
        wait_for(
            lambda: Delivery.objects.filter(status=Delivery.Status.DELIVERED).count() == 2 * POINTS
        )
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    ids = [arrived.headers["webhook-id"] for arrived in receiver.received]
    assert len(ids) == len(set(ids)) == 2 * POINTS
    for subscription in subscriptions:
        own = set(subscription.deliveries.values_list("public_id", flat=True))
        texts = [
            json.loads(arrived.body)["data"]["talking_point"]["text"]
            for arrived in receiver.received
            if arrived.headers["webhook-id"] in own
        ]
        assert texts == [f"Point {n}" for n in range(POINTS)]
