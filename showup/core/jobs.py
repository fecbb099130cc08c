"""Periodic jobs run by `showup worker`.

Apps register their jobs when they load (see each app's jobs.py). A job is
claimed with a conditional UPDATE before it runs, so with several workers each
job still runs once per interval. The claim records who runs it, with a lease
the worker's heartbeat renews: a run longer than the interval is not started
again, and a run whose worker died is started again once its lease is over.
"""

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from showup.core.models import JobRun
from showup.core.workers import lease_end, new_worker_id, renews_leases

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]


REGISTRY: dict[str, Job] = {}


def periodic(
    name: str, *, every: timedelta
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def register(func: Callable[[], object]) -> Callable[[], object]:
        REGISTRY[name] = Job(name=name, every=every, run=func)
        return func

    return register


def job_claim(job: Job, now: datetime, *, worker: str) -> bool:
    """True when `worker` may run `job` now: it is due, and no live worker is running it."""
    JobRun.objects.get_or_create(name=job.name)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every)
    abandoned = ~Q(running_by="") & Q(lease_until__lt=Now())
    free = Q(running_by="") | Q(lease_until__lt=Now())
    claimed = JobRun.objects.filter((due & free) | abandoned, name=job.name).update(
        last_started_at=now, running_by=worker, lease_until=lease_end()
    )
    return claimed == 1


@renews_leases
def job_leases_renew(worker: str) -> int:
    return JobRun.objects.filter(running_by=worker).update(lease_until=lease_end())


def jobs_run_due(*, worker: str | None = None, now: datetime | None = None) -> list[str]:
    """Runs every job whose interval has passed; returns the names that ran."""
    now = now or timezone.now()
    worker = worker or new_worker_id()
    ran = []
    for job in REGISTRY.values():
        if not job_claim(job, now, worker=worker):
            continue
        error = ""
        try:
            job.run()
        except Exception:  # a failing job must not stop the others, nor the mail
            error = traceback.format_exc()
            logger.exception("job %s failed", job.name)
        JobRun.objects.filter(name=job.name, running_by=worker).update(
            last_finished_at=timezone.now(), last_error=error, running_by="", lease_until=None
        )
        ran.append(job.name)
    return ran
