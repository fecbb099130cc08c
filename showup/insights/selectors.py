"""Reads for insights. Everything comes from weekly rollups and summaries, never from scanning history.

Per pair: the two people. Per manager: the manager, about their own reports.
Per org: aggregates only, never any text, and no group of fewer than three.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.insights.models import CheckIn, MeetingRating, PairWeek
from showup.insights.rollups import SUMMED, week_of
from showup.meetings.models import Occurrence, Pair, PairSummary, Series
from showup.meetings.outcomes import cancelled_late
from showup.meetings.selectors import pair_read_by
from showup.people.models import Person

PERIODS = {
    "4w": ("4 weeks", 4),
    "12w": ("12 weeks", 12),
    "26w": ("6 months", 26),
    "52w": ("a year", 52),
}
DEFAULT_PERIOD = "12w"
MIN_GROUP = 3


def period_key(raw: str | None) -> str:
    return raw if raw in PERIODS else DEFAULT_PERIOD


def period_start(key: str, now: datetime) -> date:
    return week_of(now) - timedelta(weeks=PERIODS[key][1] - 1)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Numbers:
    """A pair's (or a group's) 1:1s over a period, and the shares that matter."""

    held: int = 0
    skipped: int = 0
    cancelled: int = 0
    cancelled_by_lead: int = 0
    cancelled_late: int = 0
    missed: int = 0
    points: int = 0
    points_by_member: int = 0
    points_off_topic: int = 0
    check_in_total: int = 0
    check_in_count: int = 0
    rating_total: int = 0
    rating_count: int = 0
    purposes: Counter[str] = field(default_factory=Counter)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Numbers":
        numbers = cls()
        for name in SUMMED:
            setattr(numbers, name, int(row.get(name) or 0))
        return numbers

    def __add__(self, other: "Numbers") -> "Numbers":
        total = Numbers.from_row(
            {name: getattr(self, name) + getattr(other, name) for name in SUMMED}
        )
        total.purposes = self.purposes + other.purposes
        return total

    @property
    def meant_to_happen(self) -> int:
        """Skips are a choice, not a failure: adherence counts the rest."""
        return self.held + self.cancelled + self.missed

    @property
    def adherence(self) -> float | None:
        return _share(self.held, self.meant_to_happen)

    @property
    def cancel_rate(self) -> float | None:
        return _share(self.cancelled, self.meant_to_happen + self.skipped)

    @property
    def lead_cancel_rate(self) -> float | None:
        return _share(self.cancelled_by_lead, self.meant_to_happen + self.skipped)

    @property
    def ownership(self) -> float | None:
        return _share(self.points_by_member, self.points)

    @property
    def off_topic_share(self) -> float | None:
        return _share(self.points_off_topic, self.points)

    @property
    def average_check_in(self) -> float | None:
        return self.check_in_total / self.check_in_count if self.check_in_count else None

    @property
    def average_rating(self) -> float | None:
        return self.rating_total / self.rating_count if self.rating_count else None


assert {f.name for f in fields(Numbers)} == {*SUMMED, "purposes"}


def numbers_by_pair(
    *, pairs: QuerySet[Pair] | list[int], since: date, with_purposes: bool = True
) -> dict[int, Numbers]:
    """Each pair's numbers over the period: one query (two with the topic mix)."""
    weeks = PairWeek.objects.filter(pair__in=pairs, week__gte=since)
    sums = weeks.values("pair_id").annotate(**{name: Sum(name) for name in SUMMED})
    numbers = {row["pair_id"]: Numbers.from_row(row) for row in sums}
    if with_purposes:
        for pair_id, purposes in weeks.values_list("pair_id", "purposes"):
            numbers[pair_id].purposes.update(purposes or {})
    return numbers


def pair_timeline(*, pair: Pair, reader: Person, since: date, now: datetime) -> list[Occurrence]:
    """The pair's occurrences in the period up to now, oldest first, for the chart."""
    pair = pair_read_by(pair=pair, reader=reader)
    return list(pair.occurrences.filter(start__date__gte=since, start__lte=now).order_by("start"))


@dataclass(frozen=True)
class TrendPoint:
    when: datetime
    score: int


def pair_trends(
    *, pair: Pair, reader: Person, since: date
) -> tuple[list[TrendPoint], list[TrendPoint]]:
    """Check-ins and ratings over the period, oldest first."""
    pair = pair_read_by(pair=pair, reader=reader)
    window = {"occurrence__pair": pair, "occurrence__start__date__gte": since}
    check_ins = [
        TrendPoint(when, score)
        for when, score in CheckIn.objects.filter(**window)
        .order_by("occurrence__start")
        .values_list("occurrence__start", "score")
    ]
    ratings = [
        TrendPoint(when, score)
        for when, score in MeetingRating.objects.filter(**window)
        .order_by("occurrence__start")
        .values_list("occurrence__start", "score")
    ]
    return check_ins, ratings


@dataclass(frozen=True)
class FollowThrough:
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0


def follow_through_by_pair(
    *, pairs: QuerySet[Pair] | list[int], today: date
) -> dict[tuple[int, int], FollowThrough]:
    """(pair, owner) → done on time, late, overdue, open: one query for any number of pairs."""
    done = Q(done_at__isnull=False)
    late = done & Q(due_on__isnull=False, done_at__date__gt=F("due_on"))
    rows = (
        ActionItem.objects.filter(pair__in=pairs)
        .values("pair_id", "owner_id")
        .annotate(
            on_time=Count("pk", filter=done & ~late),
            late=Count("pk", filter=late),
            overdue=Count("pk", filter=Q(done_at__isnull=True, due_on__lt=today)),
            open=Count("pk", filter=Q(done_at__isnull=True)),
        )
    )
    return {
        (row["pair_id"], row["owner_id"]): FollowThrough(
            row["on_time"], row["late"], row["overdue"], row["open"]
        )
        for row in rows
    }


def led_pairs(*, manager: Person) -> QuerySet[Pair]:
    """The manager's pairs with their own direct reports."""
    return Pair.objects.filter(
        lead=manager,
        relation=Pair.Relation.MANAGER,
        member__manager=manager,
        member__is_active=True,
    )


def current_series_by_pair(*, pairs: QuerySet[Pair]) -> dict[int, Series]:
    current = Series.objects.filter(
        pair__in=pairs,
        status__in=[Series.Status.ACTIVE, Series.Status.PAUSED, Series.Status.PROPOSED],
    )
    return {
        series.pair_id: series
        for series in current.select_related("pair__summary", "pair__member")
    }


def occurrences_of_pairs(
    *, pairs: QuerySet[Pair], since: date, now: datetime
) -> dict[int, list[Occurrence]]:
    by_pair: dict[int, list[Occurrence]] = defaultdict(list)
    for occurrence in Occurrence.objects.filter(
        pair__in=pairs, start__date__gte=since, start__lte=now
    ).order_by("start"):
        by_pair[occurrence.pair_id].append(occurrence)
    return by_pair


def ratings_of_pairs(*, pairs: QuerySet[Pair], since: date) -> dict[int, list[TrendPoint]]:
    by_pair: dict[int, list[TrendPoint]] = defaultdict(list)
    rows = MeetingRating.objects.filter(
        occurrence__pair__in=pairs, occurrence__start__date__gte=since
    ).order_by("occurrence__start")
    for pair_id, when, score in rows.values_list(
        "occurrence__pair_id", "occurrence__start", "score"
    ):
        by_pair[pair_id].append(TrendPoint(when, score))
    return by_pair


def summaries_of(*, pairs: QuerySet[Pair]) -> dict[int, PairSummary]:
    return {summary.pair_id: summary for summary in PairSummary.objects.filter(pair__in=pairs)}


# The attention rules read a pair's dates and points of the last year: enough for
# each rule's window of last meetings, and for the longest period a page shows.
RECENT_LOOKBACK = timedelta(weeks=53)


@dataclass(frozen=True)
class Meeting:
    """One date of a pair that has come, with what the attention rules read about it."""

    start: datetime
    end: datetime
    state: str
    outcome_by_id: int | None
    outcome_at: datetime | None
    outcome_note: str
    rating: int | None
    check_in: int | None
    occurrence_id: int = 0

    @property
    def cancelled_late(self) -> bool:
        return cancelled_late(state=self.state, start=self.start, outcome_at=self.outcome_at)


def recent_meetings_by_pair(*, pairs: QuerySet[Pair], now: datetime) -> dict[int, list[Meeting]]:
    """Each pair's dates of the last year up to now, oldest first: one query however long the history."""
    answer = {"occurrence": OuterRef("pk")}
    rows = (
        Occurrence.objects.filter(pair__in=pairs, start__gte=now - RECENT_LOOKBACK, start__lte=now)
        .annotate(
            rating=Subquery(MeetingRating.objects.filter(**answer).values("score")[:1]),
            check_in=Subquery(CheckIn.objects.filter(**answer).values("score")[:1]),
        )
        .order_by("start")
        .values_list(
            "pair_id",
            "start",
            "end",
            "state",
            "outcome_by_id",
            "outcome_at",
            "outcome_note",
            "rating",
            "check_in",
            "pk",
        )
    )
    by_pair: dict[int, list[Meeting]] = defaultdict(list)
    for pair_id, *values in rows:
        by_pair[pair_id].append(Meeting(*values))
    return by_pair


@dataclass(frozen=True)
class Written:
    """A shared talking point: when it was written, by whom, and the 1:1 it sits on now."""

    at: datetime
    by_lead: bool
    on: datetime | None


def recent_points_by_pair(*, pairs: QuerySet[Pair], now: datetime) -> dict[int, list[Written]]:
    """Each pair's shared talking points written in the last year, oldest first: one query.

    A private point is its author's prep, not the agenda.
    """
    rows = (
        TalkingPoint.objects.filter(
            pair__in=pairs, is_private=False, created_at__gte=now - RECENT_LOOKBACK
        )
        .order_by("created_at")
        .values_list("pair_id", "created_at", "author_id", "pair__lead_id", "occurrence__start")
    )
    by_pair: dict[int, list[Written]] = defaultdict(list)
    for pair_id, at, author_id, lead_id, on in rows:
        by_pair[pair_id].append(Written(at, author_id == lead_id, on))
    return by_pair


def pulse_is_asked(pair: Pair) -> bool:
    """Check-ins and ratings are asked of a report only, about their 1:1 with their manager.

    The one rule: the 1:1 page, the API and the services that record answers all read it.
    """
    return pair.relation == Pair.Relation.MANAGER


@dataclass(frozen=True)
class Pulse:
    asked: bool
    check_in: CheckIn | None = None
    rating: MeetingRating | None = None


def member_pulse(*, occurrence: Occurrence, reader: Person) -> Pulse:
    """The report's check-in and rating of one 1:1, where they are asked."""
    pair_read_by(pair=occurrence.pair, reader=reader)
    if not pulse_is_asked(occurrence.pair):
        return Pulse(asked=False)
    member = occurrence.pair.member_id
    return Pulse(
        asked=True,
        check_in=CheckIn.objects.filter(occurrence=occurrence, person_id=member).first(),
        rating=MeetingRating.objects.filter(occurrence=occurrence, person_id=member).first(),
    )
