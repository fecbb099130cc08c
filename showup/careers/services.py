"""Writes about career plans, milestones and career conversations. Both people of the pair write."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from showup.careers.models import MAX_TEXT, CareerConversation, CareerPlan, Milestone
from showup.core.signals import searchable_text_saved
from showup.core.text import text_refusal
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person


def _check_party(pair: Pair, person: Person) -> None:
    if not pair.includes(person):
        raise MeetingError("Only the two people in a 1:1 can change its career plan.")
    if pair.relation != Pair.Relation.MANAGER:
        raise MeetingError("A career plan is kept with one's manager.")


def plan_for_pair(*, pair: Pair) -> CareerPlan:
    plan, _ = CareerPlan.objects.get_or_create(pair=pair)
    return plan


@transaction.atomic
def plan_update(
    *, pair: Pair, by: Person, aspiration: str, target_role: str, horizon: str, notes: str
) -> CareerPlan:
    _check_party(pair, by)
    if aspiration not in CareerPlan.Aspiration.values:
        raise MeetingError("Choose a track, or undecided.")
    refusal = text_refusal(notes, max_length=MAX_TEXT, what="the notes")
    if refusal:
        raise MeetingError(refusal)
    plan = plan_for_pair(pair=pair)
    plan.aspiration = aspiration
    plan.target_role = target_role.strip()[:150]
    plan.horizon = horizon.strip()[:60]
    plan.notes = notes.strip()
    plan.updated_at = timezone.now()
    plan.save()
    searchable_text_saved.send(
        sender=None,
        kind="career-plan",
        object_id=plan.pk,
        pair=pair,
        occurrence=None,
        private_to=None,
        body=f"{plan.target_role}\n{plan.notes}",
    )
    return plan


@transaction.atomic
def milestone_add(*, pair: Pair, by: Person, title: str, due_on: date | None) -> Milestone:
    _check_party(pair, by)
    title = " ".join(title.split())
    if not title:
        raise MeetingError("Say what the milestone is.")
    milestone = Milestone.objects.create(
        plan=plan_for_pair(pair=pair), title=title[:200], due_on=due_on
    )
    searchable_text_saved.send(
        sender=None,
        kind="milestone",
        object_id=milestone.pk,
        pair=pair,
        occurrence=None,
        private_to=None,
        body=milestone.title,
    )
    return milestone


def milestone_set_status(*, milestone: Milestone, by: Person, status: str) -> Milestone:
    _check_party(milestone.plan.pair, by)
    if status not in Milestone.Status.values:
        raise MeetingError("That is not a milestone status.")
    milestone.status = status
    milestone.done_at = timezone.now() if status == Milestone.Status.DONE else None
    milestone.save(update_fields=["status", "done_at"])
    return milestone


def career_conversation_mark(*, occurrence: Occurrence, by: Person, held: bool) -> None:
    """Records (or unrecords) that this 1:1 was a career conversation."""
    _check_party(occurrence.pair, by)
    if held:
        if occurrence.start > timezone.now():
            raise MeetingError("Mark it once the 1:1 has taken place.")
        CareerConversation.objects.get_or_create(
            occurrence=occurrence,
            defaults={"pair": occurrence.pair, "held_on": occurrence.start.date()},
        )
    else:
        CareerConversation.objects.filter(occurrence=occurrence).delete()
