"""What the attention rules read about a manager's pairs beyond their 1:1s' dates and points.

Moves, feedback each way, the career plan and its conversations, and the
manager's open commitments: one query each, for any number of pairs and any
length of history. The rules that read them are in attention.py.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Max, Min, Q, QuerySet

from showup.actions.models import ActionItem
from showup.careers.models import CareerConversation, CareerPlan
from showup.feedback.models import Feedback
from showup.insights.selectors import RECENT_LOOKBACK
from showup.meetings.models import OccurrenceMove, Pair


@dataclass(frozen=True)
class Moved:
    """A move of one of the pair's past 1:1s: who moved it, and whether to another day."""

    occurrence_id: int
    by_lead: bool
    other_day: bool


def moves_by_pair(*, pairs: QuerySet[Pair], now: datetime) -> dict[int, list[Moved]]:
    rows = OccurrenceMove.objects.filter(
        occurrence__pair__in=pairs,
        occurrence__start__gte=now - RECENT_LOOKBACK,
        occurrence__start__lte=now,
    ).values_list(
        "occurrence__pair_id",
        "occurrence_id",
        "moved_by_id",
        "occurrence__pair__lead_id",
        "from_start",
        "to_start",
        "occurrence__series__timezone",
    )
    by_pair: dict[int, list[Moved]] = defaultdict(list)
    for pair_id, occurrence_id, by, lead, from_start, to_start, zone in rows:
        by_pair[pair_id].append(
            Moved(occurrence_id, by == lead, _day(from_start, zone) != _day(to_start, zone))
        )
    return by_pair


def _day(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


@dataclass(frozen=True)
class FeedbackFlow:
    """Feedback in the pair since a date: from the manager down, from the report up."""

    down: int = 0
    up: int = 0
    first_down: datetime | None = None


def feedback_flow_by_pair(*, pairs: QuerySet[Pair], since: datetime) -> dict[int, FeedbackFlow]:
    down, up = Q(giver=F("pair__lead")), Q(giver=F("pair__member"))
    rows = (
        Feedback.objects.filter(pair__in=pairs, created_at__gte=since)
        .values("pair_id")
        .annotate(
            down=Count("pk", filter=down),
            up=Count("pk", filter=up),
            first_down=Min("created_at", filter=down),
        )
    )
    return {
        row["pair_id"]: FeedbackFlow(row["down"], row["up"], row["first_down"]) for row in rows
    }


@dataclass(frozen=True)
class CareerFacts:
    """The pair's career plan as the rules read it; `has_plan` False means none was ever made."""

    has_plan: bool = False
    last_touched: datetime | None = None
    past_due: int = 0
    last_talk: date | None = None


def career_facts_by_pair(*, pairs: QuerySet[Pair], today: date) -> dict[int, CareerFacts]:
    """Two queries: the plans with their milestones summed up, and the last conversations."""
    plans = (
        CareerPlan.objects.filter(pair__in=pairs)
        .annotate(
            milestone_added=Max("milestones__created_at"),
            milestone_done=Max("milestones__done_at"),
            past_due=Count(
                "milestones",
                filter=Q(milestones__due_on__lt=today, milestones__done_at__isnull=True),
            ),
        )
        .values_list("pair_id", "updated_at", "milestone_added", "milestone_done", "past_due")
    )
    talks = dict(
        CareerConversation.objects.filter(pair__in=pairs)
        .values("pair_id")
        .annotate(last=Max("held_on"))
        .values_list("pair_id", "last")
    )
    facts = {pair_id: CareerFacts(last_talk=last) for pair_id, last in talks.items()}
    for pair_id, updated, added, done, past_due in plans:
        touched = max(moment for moment in (updated, added, done) if moment is not None)
        facts[pair_id] = CareerFacts(True, touched, past_due, talks.get(pair_id))
    return facts


@dataclass(frozen=True)
class Commitment:
    """One of the manager's own open action items in the pair."""

    created_at: datetime
    due_on: date | None


def lead_commitments_by_pair(*, pairs: QuerySet[Pair]) -> dict[int, list[Commitment]]:
    rows = ActionItem.objects.filter(
        pair__in=pairs, done_at__isnull=True, owner_id=F("pair__lead_id")
    ).values_list("pair_id", "created_at", "due_on")
    by_pair: dict[int, list[Commitment]] = defaultdict(list)
    for pair_id, created_at, due_on in rows:
        by_pair[pair_id].append(Commitment(created_at, due_on))
    return by_pair
