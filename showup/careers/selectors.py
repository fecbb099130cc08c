"""Reads of career plans: for the report and their manager in this pair, and nobody else."""

from datetime import date, timedelta

from django.db.models import Max, Prefetch

from showup.actions.models import ActionItem
from showup.careers.models import CareerConversation, CareerPlan, Milestone
from showup.meetings.models import Pair
from showup.meetings.selectors import pair_read_by, pairs_of
from showup.people.models import Person


def plan_of_pair(*, pair: Pair, reader: Person) -> CareerPlan | None:
    """The plan with its milestones and the manager's commitments to them, in one query plus prefetches."""
    pair = pair_read_by(pair=pair, reader=reader)
    commitments = ActionItem.objects.select_related("owner", "pair").order_by("created_at")
    milestones = Milestone.objects.prefetch_related(Prefetch("commitments", queryset=commitments))
    return (
        CareerPlan.objects.filter(pair=pair)
        .prefetch_related(Prefetch("milestones", queryset=milestones))
        .first()
    )


def milestone_get(*, person: Person, milestone_id: int) -> Milestone:
    return (
        Milestone.objects.filter(plan__pair__in=pairs_of(person))
        .select_related("plan__pair__lead")
        .get(pk=milestone_id)
    )


def milestones_due(
    *, pair: Pair, reader: Person, today: date, within_days: int = 30
) -> list[Milestone]:
    pair = pair_read_by(pair=pair, reader=reader)
    return list(
        Milestone.objects.filter(
            plan__pair=pair,
            status__in=[Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS],
            due_on__lte=today + timedelta(days=within_days),
        ).order_by("due_on")
    )


def last_career_conversation(*, pair: Pair, reader: Person) -> date | None:
    pair = pair_read_by(pair=pair, reader=reader)
    return CareerConversation.objects.filter(pair=pair).aggregate(last=Max("held_on"))["last"]


def is_career_conversation(*, occurrence_id: int) -> bool:
    return CareerConversation.objects.filter(occurrence_id=occurrence_id).exists()
