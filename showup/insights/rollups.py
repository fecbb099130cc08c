"""Keeping each pair's weekly numbers in step with what happened that week."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from django.db import connection
from django.db.models import Count, Q, Sum

from showup.agendas.models import TalkingPoint
from showup.insights.models import CheckIn, LeadWeek, MeetingRating, PairWeek
from showup.meetings.models import Occurrence, Pair
from showup.meetings.outcomes import cancelled_late, outcome_counts

State = Occurrence.State
SUMMED = (
    "held",
    "skipped",
    "cancelled",
    "cancelled_by_lead",
    "cancelled_late",
    "missed",
    "points",
    "points_by_member",
    "points_off_topic",
    "check_in_total",
    "check_in_count",
    "rating_total",
    "rating_count",
)


# While set, changes do not refresh rollups one by one: the demo rebuilds them all at the end.
_paused: ContextVar[bool] = ContextVar("rollups_paused", default=False)


@contextmanager
def rollups_paused() -> Iterator[None]:
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def rollups_live() -> bool:
    return not _paused.get()


def week_of(moment: datetime | date) -> date:
    day = moment.astimezone(UTC).date() if isinstance(moment, datetime) else moment
    return day - timedelta(days=day.weekday())


def week_bounds(week: date) -> tuple[datetime, datetime]:
    start = datetime.combine(week, time.min, tzinfo=UTC)
    return start, start + timedelta(weeks=1)


def pair_week_refresh(*, pair: Pair, week: date) -> PairWeek | None:
    """Recomputes one pair's week from its own rows: a handful of occurrences and points."""
    start, end = week_bounds(week)
    outcomes = _outcomes(pair, start, end)
    agenda = _agenda(pair, start, end)
    pulse = _pulse(pair, start, end)
    fields = {**outcomes, **agenda, **pulse}
    if not any(value for value in fields.values()):
        PairWeek.objects.filter(pair=pair, week=week).delete()
        row = None
    else:
        row, _ = PairWeek.objects.update_or_create(pair=pair, week=week, defaults=fields)
    if pair.relation == Pair.Relation.MANAGER:
        lead_week_refresh(lead_id=pair.lead_id, week=week)
    return row


def pair_week_agenda_refresh(*, pair: Pair, week: date) -> None:
    """An agenda change: the week's agenda counts recomputed, its other counts kept.

    A point added, edited or ticked during a live 1:1 reads only the points, not
    the week's 1:1s and pulse. An agenda left empty refreshes the whole week,
    which drops the row when nothing else is in it.
    """
    start, end = week_bounds(week)
    agenda = _agenda(pair, start, end)
    if not agenda["points"]:
        pair_week_refresh(pair=pair, week=week)
        return
    # A week with no row yet had nothing else in it: rows go when they empty.
    _update_else_create(PairWeek, {"pair": pair, "week": week}, agenda)
    if pair.relation == Pair.Relation.MANAGER:
        lead_week_refresh(lead_id=pair.lead_id, week=week)


def lead_week_refresh(*, lead_id: int, week: date) -> None:
    """The manager's week: the sum of their report pairs' rows for it (a handful)."""
    sums = _lead_week_sums(lead_id, week)
    if not any(sums.values()):
        LeadWeek.objects.filter(lead_id=lead_id, week=week).delete()
        return
    totals = {name: value or 0 for name, value in sums.items()}
    _update_else_create(LeadWeek, {"lead_id": lead_id, "week": week}, totals)


# Written out by hand: this runs on every agenda change during a 1:1, and the ORM
# took longer to compose thirteen sums than the database takes to add them.
LEAD_WEEK_SUMS_SQL = f"""
    SELECT {", ".join(f"SUM(w.{name})" for name in SUMMED)}
      FROM insights_pairweek w JOIN meetings_pair p ON p.id = w.pair_id
     WHERE p.lead_id = %s AND p.relation = %s AND w.week = %s
"""  # noqa: S608 (constants only; the values go as parameters)


def _lead_week_sums(lead_id: int, week: date) -> dict[str, int | None]:
    week_value = connection.ops.adapt_datefield_value(week)
    params: list[int | str | date | None] = [lead_id, Pair.Relation.MANAGER.value, week_value]
    with connection.cursor() as cursor:
        cursor.execute(LEAD_WEEK_SUMS_SQL, params)
        row = cursor.fetchone()
    return dict(zip(SUMMED, row, strict=True))


def _update_else_create(
    model: type[PairWeek] | type[LeadWeek], keys: dict[str, Any], values: dict[str, Any]
) -> None:
    """One UPDATE when the row is there, as it nearly always is during a 1:1.

    Not an INSERT ... ON CONFLICT: SQLite then overrides the OR IGNORE of the
    stamp triggers on these tables, and the trigger's insert fails.
    """
    if not model.objects.filter(**keys).update(**values):
        model.objects.update_or_create(**keys, defaults=values)


def _outcomes(pair: Pair, start: datetime, end: datetime) -> dict[str, int]:
    rows = list(
        Occurrence.objects.filter(pair=pair, start__gte=start, start__lt=end).values(
            "state", "start", "outcome_by_id", "outcome_at"
        )
    )
    counts = outcome_counts(rows, pair=pair)
    del counts["cancelled_by_member"]  # the weeks keep the lead's cancellations only
    return counts


def _agenda(pair: Pair, start: datetime, end: datetime) -> dict[str, object]:
    points = list(
        TalkingPoint.objects.filter(pair=pair, created_at__gte=start, created_at__lt=end).values(
            "author_id", "off_topic_kind", "purpose"
        )
    )
    return {
        "points": len(points),
        "points_by_member": sum(1 for point in points if point["author_id"] == pair.member_id),
        "points_off_topic": sum(1 for point in points if point["off_topic_kind"]),
        "purposes": dict(Counter(point["purpose"] for point in points)),
    }


def _pulse(pair: Pair, start: datetime, end: datetime) -> dict[str, int]:
    window = Q(occurrence__pair=pair, occurrence__start__gte=start, occurrence__start__lt=end)
    check_ins = CheckIn.objects.filter(window).aggregate(total=Sum("score"), count=Count("pk"))
    ratings = MeetingRating.objects.filter(window).aggregate(total=Sum("score"), count=Count("pk"))
    return {
        "check_in_total": check_ins["total"] or 0,
        "check_in_count": check_ins["count"],
        "rating_total": ratings["total"] or 0,
        "rating_count": ratings["count"],
    }


def rollups_rebuild_all() -> int:
    """Every pair-week and manager-week recomputed from history, in a few passes over it.

    For imports, repairs and the demo; day-to-day changes refresh one week at a time.
    """
    rows: dict[tuple[int, date], dict[str, Any]] = defaultdict(_empty_week)
    pairs = {pair.pk: pair for pair in Pair.objects.all()}
    occurrences = Occurrence.objects.values_list(
        "pair_id", "start", "state", "outcome_by_id", "outcome_at"
    )
    for pair_id, start, state, outcome_by_id, outcome_at in occurrences:
        _count_outcome(
            rows[(pair_id, week_of(start))],
            pairs[pair_id],
            state,
            start,
            outcome_by_id,
            outcome_at,
        )
    points = TalkingPoint.objects.values_list(
        "pair_id", "created_at", "author_id", "off_topic_kind", "purpose"
    )
    for pair_id, created_at, author_id, off_topic_kind, purpose in points:
        _count_point(
            rows[(pair_id, week_of(created_at))],
            pairs[pair_id],
            author_id,
            off_topic_kind,
            purpose,
        )
    _count_scores(
        rows,
        CheckIn.objects.values_list("occurrence__pair_id", "occurrence__start", "score"),
        "check_in",
    )
    _count_scores(
        rows,
        MeetingRating.objects.values_list("occurrence__pair_id", "occurrence__start", "score"),
        "rating",
    )
    PairWeek.objects.all().delete()
    PairWeek.objects.bulk_create(
        (
            PairWeek(pair_id=pair_id, week=week, **fields)
            for (pair_id, week), fields in rows.items()
            if any(fields.values())  # as the week-by-week refresh does: empty weeks have no row
        ),
        batch_size=2000,
    )
    lead_weeks_rebuild()
    return len(rows)


def _empty_week() -> dict[str, Any]:
    return {**dict.fromkeys(SUMMED, 0), "purposes": {}}


def _count_outcome(
    row: dict[str, Any],
    pair: Pair,
    state: str,
    start: datetime,
    outcome_by_id: int | None,
    outcome_at: datetime | None,
) -> None:
    if state in (State.HELD, State.SKIPPED, State.MISSED, State.CANCELLED):
        row[str(state)] += 1
    if state == State.CANCELLED:
        row["cancelled_by_lead"] += outcome_by_id == pair.lead_id
        row["cancelled_late"] += cancelled_late(state=state, start=start, outcome_at=outcome_at)


def _count_point(
    row: dict[str, Any], pair: Pair, author_id: int, off_topic_kind: str, purpose: str
) -> None:
    row["points"] += 1
    row["points_by_member"] += author_id == pair.member_id
    row["points_off_topic"] += bool(off_topic_kind)
    row["purposes"][purpose] = row["purposes"].get(purpose, 0) + 1


def _count_scores(
    rows: dict[tuple[int, date], dict[str, Any]],
    scores: Iterable[tuple[int, datetime, int]],
    prefix: str,
) -> None:
    for pair_id, start, score in scores:
        row = rows[(pair_id, week_of(start))]
        row[f"{prefix}_total"] += score
        row[f"{prefix}_count"] += 1


def lead_weeks_rebuild() -> None:
    """Every manager-week from the pair-weeks, in one pass."""
    LeadWeek.objects.all().delete()
    rows = cast(
        Iterable[dict[str, Any]],
        PairWeek.objects.filter(pair__relation=Pair.Relation.MANAGER)
        .values("pair__lead_id", "week")
        .annotate(**{name: Sum(name) for name in SUMMED}),
    )
    LeadWeek.objects.bulk_create(
        (
            LeadWeek(
                lead_id=row["pair__lead_id"],
                week=row["week"],
                **{name: row[name] for name in SUMMED},
            )
            for row in rows
        ),
        batch_size=2000,
    )
