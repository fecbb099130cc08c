"""The one count of outcomes: the summary, the weekly rollups and the attention list read it."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest

from showup.meetings.models import Occurrence, Pair
from showup.meetings.outcomes import LATE_NOTICE, cancelled_late, outcome_counts

State = Occurrence.State
START = datetime(2026, 3, 2, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("notice", "late"),
    [
        (LATE_NOTICE - timedelta(minutes=1), True),
        (LATE_NOTICE, False),
        (LATE_NOTICE + timedelta(minutes=1), False),
    ],
)
def test_late_means_less_than_a_days_notice(notice: timedelta, late: bool) -> None:
    assert cancelled_late(state=State.CANCELLED, start=START, outcome_at=START - notice) is late


def test_only_a_cancellation_is_late() -> None:
    assert not cancelled_late(state=State.SKIPPED, start=START, outcome_at=START)
    assert not cancelled_late(state=State.CANCELLED, start=START, outcome_at=None)


def test_counts_say_who_cancelled_and_how_late() -> None:
    pair = cast(Pair, SimpleNamespace(lead_id=1, member_id=2))

    def row(
        state: str, by: int | None = None, notice: timedelta = timedelta(days=3)
    ) -> dict[str, Any]:
        return {"state": state, "start": START, "outcome_by_id": by, "outcome_at": START - notice}

    rows = [
        row(State.HELD),
        row(State.HELD),
        row(State.SKIPPED),
        row(State.MISSED),
        row(State.SCHEDULED),
        row(State.CANCELLED, by=1, notice=timedelta(hours=2)),
        row(State.CANCELLED, by=1),
        row(State.CANCELLED, by=2),
    ]
    assert outcome_counts(rows, pair=pair) == {
        "held": 2,
        "skipped": 1,
        "missed": 1,
        "cancelled": 3,
        "cancelled_by_lead": 2,
        "cancelled_by_member": 1,
        "cancelled_late": 1,
    }
