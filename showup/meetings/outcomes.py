"""How a pair's 1:1s turned out, counted one way for every surface.

The pair summary (all time), the weekly rollups (one week, recomputed or
counted as changes come in) and the attention list's recent 1:1s all count
cancellations, and who cancelled and how late, with these two functions.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from showup.meetings.models import Occurrence, Pair

State = Occurrence.State
# A cancellation with less than a day's notice leaves the other person with a
# hole in their day and no time to bring what they meant to say elsewhere.
LATE_NOTICE = timedelta(hours=24)


def cancelled_late(*, state: str, start: datetime, outcome_at: datetime | None) -> bool:
    """Whether a 1:1 was cancelled with less than LATE_NOTICE to go."""
    return state == State.CANCELLED and outcome_at is not None and start - outcome_at < LATE_NOTICE


def outcome_counts(rows: Iterable[Mapping[str, Any]], *, pair: Pair) -> dict[str, int]:
    """Held, skipped, missed and cancelled 1:1s among the rows, and who cancelled, and how late.

    Each row has the occurrence's `state`, `start`, `outcome_by_id` and `outcome_at`.
    """
    counts = dict.fromkeys(
        ("held", "skipped", "missed", "cancelled", "cancelled_by_lead", "cancelled_by_member"), 0
    )
    counts["cancelled_late"] = 0
    for row in rows:
        state = row["state"]
        if state in (State.HELD, State.SKIPPED, State.MISSED, State.CANCELLED):
            counts[str(state)] += 1
        if state == State.CANCELLED:
            counts["cancelled_by_lead"] += row["outcome_by_id"] == pair.lead_id
            counts["cancelled_by_member"] += row["outcome_by_id"] == pair.member_id
            counts["cancelled_late"] += cancelled_late(
                state=state, start=row["start"], outcome_at=row["outcome_at"]
            )
    return counts
