"""When a pair has gone too long without a 1:1: the one rule every page and way out asks.

The article: make it optional, but don't let a long time pass. A series
allows `max_gap_days` without a held 1:1 (twice its cadence unless the pair
chose). The days are counted from the last 1:1 held, or from the first date
when none was held yet, with two allowances:

- a 1:1 that ended but whose "did it happen?" is not answered yet (it has
  MISSED_AFTER_DAYS for that) stops the count at its start: it may well have
  happened, and nobody is told off for a meeting they just had;
- each skip with a note ("nothing to discuss this week") adds one cadence,
  up to NOTED_SKIP_GRACE of them: skipping is a choice the article allows.

Home, the pair page, the attention list, the team and org views, the Monday
digest and the company webhook all read `gap_counted` through `gaps_of`; a
test asks each of them the same question.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from showup.meetings.models import Occurrence, Pair, Series
from showup.meetings.recurrence import typical_interval_days

State = Occurrence.State
NOTED_SKIP_GRACE = 2


class Dated(Protocol):
    """A date of the pair that has come: what the rule reads of it."""

    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...
    @property
    def state(self) -> str: ...
    @property
    def outcome_note(self) -> str: ...


@dataclass(frozen=True)
class Gap:
    """How long a pair has gone without a 1:1, and how long its series allows."""

    days: int
    allowed: int
    max_gap_days: int
    never_held: bool

    @property
    def is_over(self) -> bool:
        return self.days > self.allowed

    @property
    def grace(self) -> int:
        """Days allowed beyond the series' own, for skips with a note."""
        return self.allowed - self.max_gap_days


@dataclass(frozen=True)
class SeriesFacts:
    """What the rule needs of an active series and its pair's summary."""

    pair_id: int
    lead_id: int
    rule: str
    max_gap_days: int
    last_held_at: datetime | None
    first_start: datetime | None


def gap_counted(*, facts: SeriesFacts, dates: Iterable[Dated], now: datetime) -> Gap | None:
    """The rule itself, for one series; None before its first date has come."""
    since = facts.last_held_at or facts.first_start
    if since is None or since > now:
        return None
    after = [date for date in dates if since < date.start <= now]
    answer_by = timedelta(days=settings.MISSED_AFTER_DAYS)
    awaiting = [
        date.start
        for date in after
        if date.state == State.SCHEDULED and date.end <= now < date.end + answer_by
    ]
    noted_skips = sum(1 for date in after if date.state == State.SKIPPED and date.outcome_note)
    grace = min(noted_skips, NOTED_SKIP_GRACE) * typical_interval_days(facts.rule)
    return Gap(
        days=(min([now, *awaiting]) - since).days,
        allowed=facts.max_gap_days + round(grace),
        max_gap_days=facts.max_gap_days,
        never_held=facts.last_held_at is None,
    )


def gaps_of(
    *, pairs: QuerySet[Pair], now: datetime, facts: list[SeriesFacts] | None = None
) -> dict[int, Gap]:
    """Each of these pairs' gap, by pair id, where an active series counts one.

    Two queries however many pairs: their active series (unless `facts` has
    them already), and the dates that count.
    """
    facts = active_series_facts(pairs) if facts is None else facts
    dates = _dates_that_count(pairs, now) if facts else {}
    found = {
        fact.pair_id: gap_counted(facts=fact, dates=dates.get(fact.pair_id, []), now=now)
        for fact in facts
    }
    return {pair_id: gap for pair_id, gap in found.items() if gap is not None}


def gap_of_series(*, series: Series, now: datetime) -> Gap | None:
    """One active series' gap, its pair's summary already at hand: one query for the dates."""
    if series.status != Series.Status.ACTIVE:
        return None
    summary = getattr(series.pair, "summary", None)
    facts = SeriesFacts(
        pair_id=series.pair_id,
        lead_id=series.pair.lead_id,
        rule=series.rule,
        max_gap_days=series.max_gap_days,
        last_held_at=summary.last_held_at if summary else None,
        first_start=summary.first_start if summary else None,
    )
    if (facts.last_held_at or facts.first_start) is None:
        return None
    dates = _dates_that_count(Pair.objects.filter(pk=series.pair_id), now)
    return gap_counted(facts=facts, dates=dates.get(series.pair_id, []), now=now)


def active_series_facts(pairs: QuerySet[Pair]) -> list[SeriesFacts]:
    """What the rule needs of these pairs' active series, as plain values: one query."""
    rows = Series.objects.filter(pair__in=pairs, status=Series.Status.ACTIVE).values_list(
        "pair_id",
        "pair__lead_id",
        "rule",
        "max_gap_days",
        "pair__summary__last_held_at",
        "pair__summary__first_start",
    )
    return [SeriesFacts(*row) for row in rows]


@dataclass(frozen=True)
class _Date:
    start: datetime
    end: datetime
    state: str
    outcome_note: str


def _dates_that_count(pairs: QuerySet[Pair], now: datetime) -> dict[int, list[_Date]]:
    """Dates after each pair's last held 1:1 that the rule reads: unanswered ones, noted skips."""
    answer_by = timedelta(days=settings.MISSED_AFTER_DAYS)
    unanswered = Q(state=State.SCHEDULED, end__lte=now, end__gt=now - answer_by)
    noted_skip = Q(state=State.SKIPPED) & ~Q(outcome_note="")
    rows = (
        Occurrence.objects.filter(unanswered | noted_skip, pair__in=pairs, start__lte=now)
        .filter(
            start__gt=Coalesce(F("pair__summary__last_held_at"), F("pair__summary__first_start"))
        )
        .values_list("pair_id", "start", "end", "state", "outcome_note")
    )
    by_pair: dict[int, list[_Date]] = defaultdict(list)
    for pair_id, start, end, state, outcome_note in rows:
        by_pair[pair_id].append(_Date(start, end, state, outcome_note))
    return by_pair
