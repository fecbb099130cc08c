"""Periodic work for the worker: keep the stored window ahead filled, mark forgotten 1:1s missed."""

from datetime import timedelta

from showup.core.jobs import periodic
from showup.meetings.services import occurrences_mark_missed, series_keep_all_windows


@periodic("meetings.keep-windows", every=timedelta(hours=6))
def keep_windows() -> None:
    series_keep_all_windows()


@periodic("meetings.mark-missed", every=timedelta(hours=1))
def mark_missed() -> None:
    occurrences_mark_missed()
