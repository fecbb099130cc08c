"""The manager's attention list: what to act on now, most urgent first, each with where to act."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse

from showup.feedback.models import Blocker
from showup.insights.selectors import FollowThrough, Numbers
from showup.meetings.models import Pair, PairSummary, Series
from showup.people.models import Person
from showup.performance.models import Observation

IGNORED_BLOCKER_DAYS = 14
UNRAISED_CONCERN_DAYS = 7
LOW_RATING = 2.5
STATUS_MEETING_SHARE = 0.4
MIN_POINTS_FOR_SHARE = 5


@dataclass(frozen=True)
class Entry:
    severity: float
    person: Person
    title: str
    detail: str
    url: str
    action: str


@dataclass(frozen=True)
class ReportFacts:
    """Everything the attention rules need about one direct report, gathered in a few queries."""

    report: Person
    pair: Pair | None
    series: Series | None
    summary: PairSummary | None
    numbers: Numbers
    lead_record: FollowThrough
    open_blockers: list[Blocker]
    unraised_concerns: list[Observation]


def attention_list(*, facts: list[ReportFacts], now: datetime) -> list[Entry]:
    entries = [entry for fact in facts for entry in _entries(fact, now)]
    return sorted(entries, key=lambda entry: (-entry.severity, entry.person.name))


def _entries(fact: ReportFacts, now: datetime) -> list[Entry]:
    name = fact.report.first_name
    if fact.pair is None or fact.series is None:
        return [
            Entry(
                100,
                fact.report,
                f"{fact.report.name} has no 1:1 series",
                "A report with no regular 1:1 is the first to drift.",
                reverse("meetings:series-new") + f"?with={fact.report.pk}",
                "Set one up",
            )
        ]
    entries = []
    if gap := _gap(fact, now):
        entries.append(gap)
    pair_url = reverse("meetings:pair", args=[fact.pair.pk])
    ignored = [
        blocker
        for blocker in fact.open_blockers
        if blocker.created_at < now - timedelta(days=IGNORED_BLOCKER_DAYS)
    ]
    if ignored:
        oldest = (now - min(blocker.created_at for blocker in ignored)).days
        entries.append(
            Entry(
                75,
                fact.report,
                f"{name}'s blocker has waited {oldest} days",
                f"{len(ignored)} open blocker{'s' if len(ignored) != 1 else ''} with no answer from you.",
                reverse("feedback:blockers", args=[fact.pair.pk]),
                "Resolve or decline",
            )
        )
    if fact.unraised_concerns:
        entries.append(
            Entry(
                70,
                fact.report,
                f"A concern about {name} was never raised",
                "If it reaches a review first, it will be a surprise. Raise it in your next 1:1.",
                reverse("performance:pair", args=[fact.pair.pk]),
                "Review concerns",
            )
        )
    if fact.numbers.cancelled_by_lead >= 2:
        cancelled, total = (
            fact.numbers.cancelled_by_lead,
            fact.numbers.meant_to_happen + fact.numbers.skipped,
        )
        entries.append(
            Entry(
                65,
                fact.report,
                f"You cancelled {cancelled} 1:1s with {name}",
                f"{cancelled} of {total} with an outcome in this period; {fact.numbers.cancelled_late} at less than a day's notice. Move instead of cancelling.",
                pair_url,
                "See the pattern",
            )
        )
    if fact.lead_record.overdue:
        entries.append(
            Entry(
                60,
                fact.report,
                f"{fact.lead_record.overdue} overdue commitment{'s' if fact.lead_record.overdue != 1 else ''} to {name}",
                "Hold your end of the bargain, or say why not.",
                reverse("meetings:pair-next", args=[fact.pair.pk]),
                "Open the next 1:1",
            )
        )
    rating = fact.numbers.average_rating
    if rating is not None and fact.numbers.rating_count >= 2 and rating <= LOW_RATING:
        entries.append(
            Entry(
                55,
                fact.report,
                f"{name} rates your 1:1s {rating:.1f} of 5",
                "Ask what would make them worth their time.",
                reverse("insights:pair", args=[fact.pair.pk]),
                "See the trend",
            )
        )
    share = fact.numbers.off_topic_share
    if (
        share is not None
        and fact.numbers.points >= MIN_POINTS_FOR_SHARE
        and share >= STATUS_MEETING_SHARE
    ):
        entries.append(
            Entry(
                50,
                fact.report,
                f"Your 1:1 with {name} became a status meeting",
                f"{share:.0%} of the agenda was work catch-up. Move it to stand-up and talk about {name}.",
                reverse("insights:pair", args=[fact.pair.pk]),
                "See the agenda mix",
            )
        )
    return entries


def _gap(fact: ReportFacts, now: datetime) -> Entry | None:
    series, summary = fact.series, fact.summary
    if series is None or series.status != Series.Status.ACTIVE or summary is None:
        return None
    days = summary.days_without(now)
    if days is None or days <= series.max_gap_days:
        return None
    return Entry(
        90 + min(days / series.max_gap_days, 9),
        fact.report,
        f"No 1:1 with {fact.report.first_name} for {days} days",
        f"Longer than the {series.max_gap_days} days this series allows.",
        reverse("meetings:pair-next", args=[series.pair_id]),
        "Make the next one happen",
    )
