"""Reads of feedback and blockers: for the two people of the pair, and nobody else."""

from datetime import datetime

from django.db.models import Max, QuerySet

from showup.feedback.models import Blocker, Feedback
from showup.meetings.models import Pair
from showup.meetings.selectors import pair_read_by, pairs_of
from showup.people.models import Person


def feedback_of_pair(*, pair: Pair, reader: Person) -> QuerySet[Feedback]:
    pair = pair_read_by(pair=pair, reader=reader)
    return pair.feedback.select_related("giver", "receiver", "occurrence")


def feedback_get(*, person: Person, feedback_id: int) -> Feedback:
    return (
        Feedback.objects.filter(pair__in=pairs_of(person))
        .select_related("pair", "giver", "receiver")
        .get(pk=feedback_id)
    )


def feedback_to_discuss(*, pair: Pair, reader: Person) -> list[Feedback]:
    pair = pair_read_by(pair=pair, reader=reader)
    return list(
        pair.feedback.filter(discussed_at__isnull=True).select_related("giver", "receiver")[:5]
    )


def feedback_received(*, person: Person) -> QuerySet[Feedback]:
    """Feedback to the person from whoever leads their 1:1s; what their reports said is `upward_feedback_to`."""
    return Feedback.objects.filter(receiver=person, pair__member=person).select_related(
        "giver", "pair"
    )


def feedback_given(*, person: Person) -> QuerySet[Feedback]:
    return Feedback.objects.filter(giver=person, pair__in=pairs_of(person)).select_related(
        "receiver", "pair"
    )


def upward_feedback_to(*, manager: Person) -> QuerySet[Feedback]:
    """What the manager's reports told them, and whether they answered."""
    return Feedback.objects.filter(pair__lead=manager, receiver=manager).select_related(
        "giver", "pair"
    )


def last_feedback_given(*, pair: Pair, person: Person) -> datetime | None:
    return pair.feedback.filter(giver=person).aggregate(last=Max("created_at"))["last"]


def blockers_of_pair(*, pair: Pair, reader: Person) -> QuerySet[Blocker]:
    pair = pair_read_by(pair=pair, reader=reader)
    return pair.blockers.select_related("raised_by")


def blocker_get(*, person: Person, blocker_id: int) -> Blocker:
    return (
        Blocker.objects.filter(pair__in=pairs_of(person))
        .select_related("pair", "raised_by")
        .get(pk=blocker_id)
    )


def team_blockers(*, manager: Person) -> QuerySet[Blocker]:
    """Blockers of the manager's own reports, together, to spot a pattern. Skip-levels see none of this."""
    return Blocker.objects.filter(
        pair__lead=manager, pair__relation=Pair.Relation.MANAGER
    ).select_related("raised_by", "pair")


def open_blockers_for(*, manager: Person) -> list[Blocker]:
    return list(
        team_blockers(manager=manager).filter(status=Blocker.Status.OPEN).order_by("created_at")
    )


def open_blockers_of_pairs(*, pairs: QuerySet[Pair]) -> QuerySet[Blocker]:
    """Open blockers of these pairs (the manager's own, for the team view)."""
    return Blocker.objects.filter(pair__in=pairs, status=Blocker.Status.OPEN)
