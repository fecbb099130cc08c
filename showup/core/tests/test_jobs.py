from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from showup.core import jobs
from showup.core.models import JobRun
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
