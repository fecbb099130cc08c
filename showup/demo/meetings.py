"""Demo history: every manager–report pair has about six months of 1:1s.

Mostly held, some skipped, a few cancelled; Daniel cancels far more than the
other managers; Priya and Kenji have not met for weeks; Diego has no series.
"""

from dataclasses import dataclass
from datetime import time, timedelta

from showup.demo.context import DemoContext
from showup.meetings import services
from showup.meetings.models import Occurrence, Pair, Series
from showup.meetings.recurrence import cadence_rule
from showup.meetings.schedule import Schedule
from showup.meetings.summaries import pair_summary_refresh
from showup.people.models import Person

State = Occurrence.State


@dataclass(frozen=True)
class DemoSeries:
    lead: str
    member: str
    cadence: str
    weekday: int  # 0 is Monday
    at: time
    cancel_rate: float = 0.05
    gap_weeks: int = 0  # recent weeks with no 1:1 held
    relation: str = Pair.Relation.MANAGER


SERIES = [
    DemoSeries("amara", "jonas", "biweekly", 1, time(14, 0)),
    DemoSeries("amara", "priya", "biweekly", 2, time(11, 0)),
    DemoSeries("amara", "daniel", "biweekly", 3, time(16, 0)),
    DemoSeries("jonas", "lena", "weekly", 0, time(10, 0)),
    DemoSeries("jonas", "tomas", "weekly", 0, time(11, 0)),
    DemoSeries("jonas", "marta", "weekly", 1, time(10, 30)),
    DemoSeries("jonas", "felix", "weekly", 3, time(15, 0)),
    DemoSeries("priya", "arjun", "weekly", 0, time(11, 0)),
    DemoSeries("priya", "mei", "weekly", 1, time(11, 30)),
    DemoSeries("priya", "kenji", "weekly", 2, time(10, 30), gap_weeks=7),
    DemoSeries("priya", "ananya", "weekly", 3, time(11, 0)),
    DemoSeries("daniel", "sofia", "weekly", 0, time(10, 0), cancel_rate=0.3),
    DemoSeries("daniel", "marcus", "weekly", 1, time(10, 0), cancel_rate=0.3),
    DemoSeries("daniel", "chloe", "weekly", 2, time(14, 0), cancel_rate=0.35),
    # Diego, Daniel's fourth report, has no series at all.
    DemoSeries("amara", "sofia", "monthly", 4, time(15, 0), relation=Pair.Relation.SKIP_LEVEL),
]
SKIP_NOTES = [
    "Nothing pressing this week, catch up next time.",
    "Heads-down on the release; all good.",
    "",
]
CANCEL_REASONS = [
    "Customer escalation.",
    "Conflict with a leadership meeting.",
    "Travelling.",
    "",
    "Something came up.",
]


def build_meetings(context: DemoContext) -> None:
    for spec in SERIES:
        series = _series(context, spec)
        context.extra.setdefault("series", {})[(spec.lead, spec.member)] = series  # type: ignore[index]
        _history(context, spec, series)
    services.occurrences_mark_missed(now=context.now)
    for pair in Pair.objects.all():
        pair_summary_refresh(pair=pair, now=context.now)


def _series(context: DemoContext, spec: DemoSeries) -> Series:
    lead, member = context.people[spec.lead], context.people[spec.member]
    first_day = (
        context.start + timedelta(days=(spec.weekday - context.start.weekday()) % 7)
    ).date()
    schedule = Schedule(
        rule=cadence_rule(spec.cadence, first_day),
        first_day=first_day,
        at=spec.at,
        timezone=lead.timezone,
        duration_minutes=45 if spec.cadence == "monthly" else 30,
        location=f"https://meet.kestrel.example/{spec.lead}-{spec.member}",
    )
    pair, _ = Pair.objects.get_or_create(
        lead=lead, member=member, defaults={"relation": spec.relation}
    )
    return services.series_create(
        pair=pair, schedule=schedule, by=lead, immediate=True, now=context.start
    )


def _history(context: DemoContext, spec: DemoSeries, series: Series) -> None:
    lead, member = context.people[spec.lead], context.people[spec.member]
    gap_from = context.now - timedelta(weeks=spec.gap_weeks) if spec.gap_weeks else None
    past = list(series.occurrences.filter(end__lt=context.now).order_by("start"))
    for index, occurrence in enumerate(past):
        if index == len(past) - 1 and context.random.random() < 0.5:
            continue  # the latest one waits for someone to say whether it happened
        roll = context.random.random()
        if gap_from and occurrence.start >= gap_from:
            _gap_outcome(context, occurrence, lead, member, roll)
        elif roll < spec.cancel_rate:
            _cancel(context, occurrence, lead if context.random.random() < 0.85 else member)
        elif roll < spec.cancel_rate + 0.08:
            services.occurrence_skip(
                occurrence=occurrence,
                by=context.random.choice([lead, member]),
                note=context.random.choice(SKIP_NOTES),
                now=occurrence.start - timedelta(hours=20),
            )
        elif roll < spec.cancel_rate + 0.11 and index < len(past) - 2:
            _reschedule_then_hold(occurrence, lead)
        elif roll < 0.97:
            services.occurrence_hold(
                occurrence=occurrence,
                by=context.random.choice([lead, member]),
                now=occurrence.end + timedelta(minutes=5),
            )
        # otherwise nobody records anything and the worker marks it missed


def _cancel(context: DemoContext, occurrence: Occurrence, by: Person) -> None:
    notice = timedelta(hours=context.random.choice([1, 2, 3, 5, 20, 30, 50]))
    services.occurrence_cancel(
        occurrence=occurrence,
        by=by,
        reason=context.random.choice(CANCEL_REASONS),
        now=occurrence.start - notice,
    )


def _reschedule_then_hold(occurrence: Occurrence, lead: Person) -> None:
    moved_to = occurrence.start + timedelta(days=1, hours=1)
    services.occurrence_reschedule(
        occurrence=occurrence,
        by=lead,
        new_start=moved_to,
        reason="Clash with the planning session.",
        now=occurrence.start - timedelta(days=2),
    )
    services.occurrence_hold(
        occurrence=occurrence, by=lead, now=occurrence.end + timedelta(minutes=5)
    )


def _gap_outcome(
    context: DemoContext, occurrence: Occurrence, lead: Person, member: Person, roll: float
) -> None:
    """The long-gap pair: cancelled by the manager, or nothing recorded at all."""
    if roll < 0.6:
        _cancel(context, occurrence, lead)
    elif roll < 0.75:
        services.occurrence_skip(
            occurrence=occurrence, by=member, note="", now=occurrence.start - timedelta(hours=3)
        )
