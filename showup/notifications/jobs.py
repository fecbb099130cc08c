"""The reminder jobs the worker runs. Each may run often: the dedupe keys make every mail go once."""

from datetime import timedelta

from showup.core.jobs import periodic
from showup.notifications.reminders import plan_after, plan_before, plan_digests


@periodic("notifications.before", every=timedelta(minutes=5))
def before() -> None:
    plan_before()


@periodic("notifications.after", every=timedelta(minutes=15))
def after() -> None:
    plan_after()


@periodic("notifications.digest", every=timedelta(minutes=30))
def digest() -> None:
    plan_digests()
