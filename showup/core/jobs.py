"""Periodic jobs run by `showup worker`.

Apps register their jobs when they load (see each app's jobs.py). A job is
claimed with a conditional UPDATE before it runs, so with several workers each
job still runs once per interval.
"""

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from showup.core.models import JobRun

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


def job_claim(job: Job, now: datetime) -> bool:
    JobRun.objects.get_or_create(name=job.name)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - job.every)
    return JobRun.objects.filter(due, name=job.name).update(last_started_at=now) == 1


def jobs_run_due(*, now: datetime | None = None) -> list[str]:
    """Runs every job whose interval has passed; returns the names that ran."""
    now = now or timezone.now()
    ran = []
    for job in REGISTRY.values():
        if not job_claim(job, now):
            continue
        error = ""
        try:
            job.run()
        except Exception:  # a failing job must not stop the others, nor the mail
            error = traceback.format_exc()
            logger.exception("job %s failed", job.name)
        JobRun.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_error=error
        )
        ran.append(job.name)
    return ran
