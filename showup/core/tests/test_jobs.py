import threading
import time
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from showup.core import jobs
from showup.core.models import JobRun
from showup.core.workers import Heartbeat
from showup.mail.models import OutboxMessage
from showup.mail.rendering import RenderedMail
from showup.mail.services import mail_queue
from tests.smtp import Inbox


@pytest.fixture
def counting_job(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(jobs, "REGISTRY", {})
    jobs.periodic("count", every=timedelta(minutes=10))(lambda: calls.append(1))
    return calls


@pytest.mark.django_db
def test_a_job_runs_once_per_interval_however_many_workers_ask(counting_job: list[int]) -> None:
    now = timezone.now()
    assert jobs.jobs_run_due(now=now) == ["count"]
    assert jobs.jobs_run_due(now=now + timedelta(minutes=1)) == []
    assert jobs.jobs_run_due(now=now + timedelta(minutes=11)) == ["count"]
    assert len(counting_job) == 2


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_stop_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jobs, "REGISTRY", {})
    ran: list[str] = []

    def broken() -> None:
        raise ValueError("boom")

    jobs.periodic("broken", every=timedelta(minutes=1))(broken)
    jobs.periodic("fine", every=timedelta(minutes=1))(lambda: ran.append("fine"))
    assert jobs.jobs_run_due() == ["broken", "fine"]
    assert ran == ["fine"]
    assert "ValueError: boom" in JobRun.objects.get(name="broken").last_error


@pytest.mark.django_db
def test_the_worker_command_sends_queued_mail(smtp: Inbox, counting_job: list[int]) -> None:
    mail_queue(kind="test", recipient="a@example.com", mail=RenderedMail("Hi", "Text", ""))
    call_command("worker", "--once", stdout=StringIO())
    assert len(smtp.messages) == 1
    assert counting_job == [1]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_job_still_running_past_its_interval_is_not_started_again(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.WORKER_LEASE_SECONDS = 2
    monkeypatch.setattr(jobs, "REGISTRY", {})
    started, release = threading.Event(), threading.Event()
    runs: list[str] = []

    def slow() -> None:
        runs.append("slow")
        started.set()
        release.wait(timeout=30)

    jobs.periodic("slow", every=timedelta(seconds=1))(slow)
    heartbeat = Heartbeat("first")
    heartbeat.start()
    first = threading.Thread(target=_run_jobs_as, args=("first",))
    first.start()
    try:
        assert started.wait(timeout=30)
        time.sleep(3)  # past the interval and past one lease: only the heartbeat keeps the claim
        assert jobs.jobs_run_due(worker="second") == []
        assert JobRun.objects.get(name="slow").running_by == "first"
    finally:
        release.set()
        first.join(timeout=30)
        heartbeat.stop()
    assert runs == ["slow"]
    assert JobRun.objects.get(name="slow").running_by == ""
    assert jobs.jobs_run_due(worker="second") == ["slow"]


def _run_jobs_as(worker: str) -> None:
    try:
        jobs.jobs_run_due(worker=worker)
    finally:
        connection.close()


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_taken_over_once_its_lease_is_over(
    counting_job: list[int],
) -> None:
    now = timezone.now()
    JobRun.objects.create(
        name="count", last_started_at=now, running_by="dead-0123", lease_until=now
    )
    assert jobs.jobs_run_due(worker="alive", now=now + timedelta(seconds=1)) == ["count"]
    assert counting_job == [1]


@pytest.mark.django_db
def test_a_run_under_a_live_lease_is_left_alone(counting_job: list[int]) -> None:
    now = timezone.now()
    JobRun.objects.create(
        name="count",
        last_started_at=now - timedelta(hours=1),
        running_by="busy-0123",
        lease_until=now + timedelta(minutes=1),
    )
    assert jobs.jobs_run_due(worker="alive") == []
