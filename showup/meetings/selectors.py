"""Reads about pairs, series and occurrences, with the privacy rules applied.

A pair's schedule and history are for the two people in it. Everyone else,
managers up the chain and admins included, gets nothing from here: asking
for a pair or an occurrence that is not yours raises DoesNotExist, which the
views answer with 404.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Min, Q, QuerySet
from django.utils.dateparse import parse_datetime

from showup.meetings.gaps import Gap, gap_of_series, gaps_of
from showup.meetings.models import (
    PAIR_OF_PERSON_SQL,
    Occurrence,
    OccurrenceMove,
    Pair,
    PairSummary,
    Series,
    SeriesEvent,
)
from showup.meetings.stamps import with_pair_stamp
from showup.people.models import Person

State = Occurrence.State
Status = Series.Status
CURRENT = [Status.PROPOSED, Status.ACTIVE, Status.PAUSED]


def pairs_of(person: Person) -> QuerySet[Pair]:
    return Pair.objects.of(person.pk)


def pair_read_by(*, pair: Pair, reader: Person) -> Pair:
    """The pair in hand, if `reader` may read it (`Pair.includes`, the rule of `Pair.objects.of`).

    Every selector handed a pair rather than an id starts here, so a caller
    that passes the wrong pair gets a 404, never the content.
    """
    if not pair.includes(reader):
        raise Pair.DoesNotExist(f"pair {pair.pk} is not {reader.pk}'s to read")
    return pair


def pair_get(*, person: Person, pair_id: int) -> Pair:
    return pairs_of(person).select_related("lead", "member").get(pk=pair_id)


def occurrence_get(*, person: Person, occurrence_id: int) -> Occurrence:
    """The occurrence, with its pair's stamp (`pair_stamp`) for keying cached parts of its page."""
    return with_pair_stamp(
        Occurrence.objects.filter(pair__in=pairs_of(person)).select_related(
            "pair__lead", "pair__member", "series", "outcome_by"
        )
    ).get(pk=occurrence_id)


@dataclass(frozen=True)
class OccurrencePageKey:
    """Whether a kept rendering of a 1:1 page still stands, and what its header needs, in one query."""

    occurrence_id: int
    start: datetime
    end: datetime
    pair_stamp: int
    # Raised only by what both people see: what the live page is told (pages/live.py).
    shared_stamp: int
    next_id: int | None
    other_name: str

    @property
    def other_first_name(self) -> str:
        return self.other_name.split(" ")[0]


# Written out by hand: this one query runs on every view of the 1:1 page, and building it
# with the ORM cost several times more than running it (bench/pages.py).
PAGE_KEY_SQL = f"""
    SELECT o.id, o.start, o."end", COALESCE(s.stamp, 0), COALESCE(shared.stamp, 0),
           (SELECT n.id FROM meetings_occurrence n
             WHERE n.pair_id = o.pair_id AND n.state = %s AND n."end" >= %s
             ORDER BY n.start, n.id LIMIT 1),
           CASE WHEN p.lead_id = %s THEN member.name ELSE lead.name END
      FROM meetings_occurrence o
      JOIN meetings_pair p ON p.id = o.pair_id
      JOIN people_person lead ON lead.id = p.lead_id
      JOIN people_person member ON member.id = p.member_id
      LEFT JOIN meetings_pairstamp s ON s.pair_id = o.pair_id
      LEFT JOIN meetings_sharedstamp shared ON shared.pair_id = o.pair_id
     WHERE o.id = %s AND {PAIR_OF_PERSON_SQL}
"""  # noqa: S608 (constants only; the values go as parameters)


def occurrence_page_key(*, person: Person, occurrence_id: int, now: datetime) -> OccurrencePageKey:
    """The reader's occurrence's key facts; DoesNotExist when it is not the reader's."""
    moment = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            PAGE_KEY_SQL,
            [State.SCHEDULED, moment, person.pk, occurrence_id, person.pk, person.pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Occurrence.DoesNotExist
    pk, start, end, stamp, shared_stamp, next_id, other_name = row
    return OccurrencePageKey(
        pk, _moment(start), _moment(end), stamp, shared_stamp, next_id, other_name
    )


def _moment(value: datetime | str) -> datetime:
    """A datetime read by hand: SQLite gives naive UTC (as Django stores it), PostgreSQL aware."""
    parsed = value if isinstance(value, datetime) else parse_datetime(value)
    assert parsed is not None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def series_get(*, person: Person, series_id: int) -> Series:
    return (
        Series.objects.filter(pair__in=pairs_of(person))
        .select_related("pair__lead", "pair__member")
        .get(pk=series_id)
    )


def current_series(*, pair: Pair, reader: Person) -> Series | None:
    pair = pair_read_by(pair=pair, reader=reader)
    return pair.series.filter(status__in=CURRENT).select_related("created_by").first()


def series_of_pair(*, pair: Pair, reader: Person) -> QuerySet[Series]:
    """Every series the pair had, newest first: a change of rule starts a new one. Paginate it."""
    return pair_read_by(pair=pair, reader=reader).series.order_by("-created_at", "-pk")


def summary_of(*, pair: Pair, reader: Person) -> PairSummary | None:
    return _summary(pair_read_by(pair=pair, reader=reader))


def _summary(pair: Pair) -> PairSummary | None:
    try:
        return pair.summary
    except PairSummary.DoesNotExist:
        return None


# The home page ---------------------------------------------------------------


@dataclass(frozen=True)
class GapAlert:
    """A pair past the gap its series allows (meetings/gaps.py decides)."""

    pair: Pair
    series: Series
    gap: Gap

    @property
    def days(self) -> int:
        return self.gap.days

    @property
    def never_held(self) -> bool:
        return self.gap.never_held


def upcoming_for(*, person: Person, now: datetime, limit: int = 6) -> list[Occurrence]:
    return list(
        Occurrence.objects.filter(pair__in=pairs_of(person), state=State.SCHEDULED, end__gte=now)
        .select_related("pair__lead", "pair__member", "series")
        .order_by("start")[:limit]
    )


def awaiting_outcome_for(*, person: Person, now: datetime, limit: int = 10) -> list[Occurrence]:
    """1:1s whose time is over and whose outcome nobody recorded yet."""
    return list(
        Occurrence.objects.filter(pair__in=pairs_of(person), state=State.SCHEDULED, end__lt=now)
        .select_related("pair__lead", "pair__member")
        .order_by("-start")[:limit]
    )


def gap_alerts_for(*, person: Person, now: datetime) -> dict[int, GapAlert]:
    """Active series of this person's pairs past the gap they allow, by pair, longest first."""
    alerts = _gap_alerts(pairs_of(person), now)
    return dict(sorted(alerts.items(), key=lambda item: -item[1].days))


def gap_alert(series: Series, now: datetime) -> GapAlert | None:
    """The pair's alert, when its series is active and past its gap."""
    gap = gap_of_series(series=series, now=now)
    if gap is None or not gap.is_over:
        return None
    return GapAlert(pair=series.pair, series=series, gap=gap)


def _gap_alerts(pairs: QuerySet[Pair], now: datetime) -> dict[int, GapAlert]:
    gaps = {pair_id: gap for pair_id, gap in gaps_of(pairs=pairs, now=now).items() if gap.is_over}
    if not gaps:
        return {}
    over = Series.objects.filter(pair_id__in=gaps, status=Status.ACTIVE).select_related(
        "pair__lead", "pair__member", "pair__summary"
    )
    return {
        series.pair_id: GapAlert(pair=series.pair, series=series, gap=gaps[series.pair_id])
        for series in over
    }


def proposals_for(*, person: Person) -> list[Series]:
    """Series proposed to this person, and proposals of theirs still waiting for an answer."""
    return list(
        Series.objects.filter(pair__in=pairs_of(person), status=Status.PROPOSED).select_related(
            "pair__lead", "pair__member", "created_by"
        )
    )


@dataclass(frozen=True)
class ReportRow:
    """One direct report in the manager's table."""

    report: Person
    series: Series | None
    next_start: datetime | None
    days_without: int | None
    alert: GapAlert | None

    @property
    def summary(self) -> PairSummary | None:
        return _summary(self.series.pair) if self.series else None


def report_rows_for(
    *, manager: Person, now: datetime, alerts: dict[int, GapAlert] | None = None
) -> list[ReportRow]:
    """The manager's direct reports with their 1:1 status, in a few queries however long the history.

    `alerts` are the manager's own gap alerts when the caller has them already (home does).
    """
    reports = list(manager.reports.filter(is_active=True).order_by("name"))
    series_by_report = {
        series.pair.member_id: series
        for series in Series.objects.filter(
            pair__lead=manager, pair__member__in=reports, status__in=CURRENT
        ).select_related("pair__summary", "pair__lead", "pair__member")
    }
    next_by_pair = dict(
        Occurrence.objects.filter(pair__lead=manager, state=State.SCHEDULED, end__gte=now)
        .values("pair_id")
        .annotate(next_start=Min("start"))
        .values_list("pair_id", "next_start")
    )
    if alerts is None:
        alerts = _gap_alerts(Pair.objects.filter(lead=manager, member__in=reports), now)
    return [
        _report_row(report, series_by_report.get(report.pk), next_by_pair, alerts, now)
        for report in reports
    ]


def _report_row(
    report: Person,
    series: Series | None,
    next_by_pair: dict[int, datetime],
    alerts: dict[int, GapAlert],
    now: datetime,
) -> ReportRow:
    if series is None:
        return ReportRow(
            report=report, series=None, next_start=None, days_without=None, alert=None
        )
    summary = _summary(series.pair)
    return ReportRow(
        report=report,
        series=series,
        next_start=next_by_pair.get(series.pair_id),
        days_without=summary.days_without(now) if summary else None,
        alert=alerts.get(series.pair_id),
    )


# The pair page ---------------------------------------------------------------


def pair_upcoming(
    *, pair: Pair, reader: Person, now: datetime, limit: int = 8
) -> list[Occurrence]:
    pair = pair_read_by(pair=pair, reader=reader)
    return list(pair_ahead(pair=pair, reader=reader, now=now)[:limit])


def pair_ahead(*, pair: Pair, reader: Person, now: datetime) -> QuerySet[Occurrence]:
    """The pair's 1:1s from now on, soonest first: paginate it."""
    pair = pair_read_by(pair=pair, reader=reader)
    return pair.occurrences.filter(end__gte=now).exclude(state=State.MISSED).order_by("start")


def pair_past(*, pair: Pair, reader: Person, now: datetime) -> QuerySet[Occurrence]:
    """The pair's history, newest first: paginate it."""
    pair = pair_read_by(pair=pair, reader=reader)
    return pair.occurrences.filter(end__lt=now).select_related("outcome_by").order_by("-start")


def pair_begun_and_not_called_off(
    *, pair: Pair, reader: Person, now: datetime, limit: int
) -> list[Occurrence]:
    """The pair's latest 1:1s that have begun and were not cancelled, skipped or missed."""
    pair = pair_read_by(pair=pair, reader=reader)
    return list(
        pair.occurrences.filter(start__lte=now)
        .exclude(state__in=Occurrence.CALLED_OFF)
        .order_by("-start")[:limit]
    )


def pair_events(*, pair: Pair, reader: Person, limit: int = 12) -> list[SeriesEvent]:
    pair = pair_read_by(pair=pair, reader=reader)
    return list(pair.series_events.select_related("by")[:limit])


# The occurrence page -----------------------------------------------------------


def occurrence_neighbours(
    *, occurrence: Occurrence, reader: Person
) -> tuple[Occurrence | None, Occurrence | None]:
    pair_read_by(pair=occurrence.pair, reader=reader)
    siblings = Occurrence.objects.filter(pair_id=occurrence.pair_id)
    earlier = siblings.filter(
        Q(start__lt=occurrence.start) | Q(start=occurrence.start, pk__lt=occurrence.pk)
    )
    later = siblings.filter(
        Q(start__gt=occurrence.start) | Q(start=occurrence.start, pk__gt=occurrence.pk)
    )
    return earlier.order_by("-start", "-pk").first(), later.order_by("start", "pk").first()


def occurrence_moves(*, occurrence: Occurrence, reader: Person) -> list[OccurrenceMove]:
    pair_read_by(pair=occurrence.pair, reader=reader)
    return list(occurrence.moves.select_related("moved_by"))


def next_occurrence(*, pair: Pair, reader: Person, now: datetime) -> Occurrence | None:
    pair = pair_read_by(pair=pair, reader=reader)
    return pair.occurrences.filter(state=State.SCHEDULED, end__gte=now).order_by("start").first()


def pair_with(*, person: Person, other: Person) -> Pair | None:
    """The pair the reader has with `other`, whichever way round; the latest if there are two."""
    return (
        Pair.objects.filter(Q(lead=person, member=other) | Q(lead=other, member=person))
        .order_by("-created_at")
        .first()
    )
