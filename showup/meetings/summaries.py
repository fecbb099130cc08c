"""Keeps each pair's summary in step with its occurrences.

Recomputed from the pair's own history whenever an outcome changes: bounded
by one pair's 1:1s, so reads anywhere else never scan history.
"""

from datetime import datetime
from itertools import pairwise

from django.utils import timezone

from showup.meetings.models import Occurrence, Pair, PairSummary
from showup.meetings.outcomes import outcome_counts

State = Occurrence.State


def pair_summary_refresh(*, pair: Pair, now: datetime | None = None) -> PairSummary:
    now = now or timezone.now()
    past = list(
        Occurrence.objects.filter(pair=pair, start__lt=now)
        .order_by("start")
        .values("state", "start", "original_start", "outcome_by_id", "outcome_at")
    )
    first = (
        Occurrence.objects.filter(pair=pair)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    held = [row["start"] for row in past if row["state"] == State.HELD]
    # A 1:1 cancelled ahead of time counts as soon as it is called off.
    cancelled_ahead = Occurrence.objects.filter(
        pair=pair, start__gte=now, state=State.CANCELLED
    ).values("state", "start", "original_start", "outcome_by_id", "outcome_at")
    fields = {
        **outcome_counts([*past, *cancelled_ahead], pair=pair),
        "rescheduled": sum(1 for row in past if row["start"] != row["original_start"]),
        "streak": _streak([row["state"] for row in past]),
        "longest_closed_gap_days": _longest_closed_gap_days(first, held, now),
        "first_start": first,
        "last_held_at": held[-1] if held else None,
        "updated_at": now,
    }
    summary, _ = PairSummary.objects.update_or_create(pair=pair, defaults=fields)
    return summary


def _streak(states: list[str]) -> int:
    """Held 1:1s in a row, newest first: a skip is not a failure, a cancellation or a miss ends it."""
    streak = 0
    for state in reversed(states):
        if state == State.HELD:
            streak += 1
        elif state in (State.CANCELLED, State.MISSED):
            break
    return streak


def _longest_closed_gap_days(first: datetime | None, held: list[datetime], now: datetime) -> int:
    """The longest stretch between 1:1s that were held (the open one since the last is read live)."""
    if first is None or first >= now:
        return 0
    marks = [first, *held]
    return max([0, *((later - earlier).days for earlier, later in pairwise(marks))])
