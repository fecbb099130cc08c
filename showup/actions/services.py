"""Writes about action items."""

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from showup.actions.models import MAX_ACTION, ActionItem
from showup.actions.signals import action_changed
from showup.core.signals import searchable_text_deleted, searchable_text_saved
from showup.core.text import text_refusal
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person

if TYPE_CHECKING:  # careers sits above actions: its milestones are named, never imported
    from showup.careers.models import Milestone

KIND = "action"


def _index(item: ActionItem) -> None:
    searchable_text_saved.send(
        sender=None,
        kind=KIND,
        object_id=item.pk,
        pair=item.pair,
        occurrence=item.occurrence,
        private_to=None,
        body=item.text,
    )


def _check_party(item_pair_includes: bool) -> None:
    if not item_pair_includes:
        raise MeetingError("Only the two people in a 1:1 can change its action items.")


def action_add(
    *,
    occurrence: Occurrence,
    by: Person,
    owner: Person,
    text: str,
    due_on: date | None,
    milestone: "Milestone | None" = None,
) -> ActionItem:
    """Adds an item agreed in a 1:1."""
    return action_add_for_pair(
        pair=occurrence.pair,
        occurrence=occurrence,
        by=by,
        owner=owner,
        text=text,
        due_on=due_on,
        milestone=milestone,
    )


@transaction.atomic
def action_add_for_pair(
    *,
    pair: Pair,
    occurrence: Occurrence | None,
    by: Person,
    owner: Person,
    text: str,
    due_on: date | None,
    milestone: "Milestone | None" = None,
) -> ActionItem:
    """Adds an item; a manager's commitment may serve a milestone of the report's career plan."""
    _check_party(pair.includes(by) and pair.includes(owner))
    if milestone is not None and (milestone.plan.pair_id != pair.pk or owner.pk != pair.lead_id):
        raise MeetingError("Only the manager's commitments can serve a milestone of this plan.")
    cleaned = " ".join(text.split())
    if not cleaned:
        raise MeetingError("Say what will be done.")
    refusal = text_refusal(cleaned, max_length=MAX_ACTION, what="an action")
    if refusal:
        raise MeetingError(refusal)
    item = ActionItem.objects.create(
        pair=pair,
        occurrence=occurrence,
        owner=owner,
        text=cleaned,
        due_on=due_on,
        created_by=by,
        milestone=milestone,
    )
    _index(item)
    action_changed.send(sender=ActionItem, item=item, change="created")
    return item


@transaction.atomic
def action_set_done(*, item: ActionItem, by: Person, done: bool) -> ActionItem:
    _check_party(item.pair.includes(by))
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done_at"])
    if done:
        action_changed.send(sender=ActionItem, item=item, change="done")
    return item


@transaction.atomic
def action_delete(*, item: ActionItem, by: Person) -> None:
    """Only the person who wrote it may remove it, and only while it is open: a done commitment is on record."""
    _check_party(item.pair.includes(by))
    if item.created_by_id != by.pk:
        raise MeetingError("Only the person who added an action item can remove it.")
    if item.is_done:
        raise MeetingError("A done action item stays on record.")
    searchable_text_deleted.send(sender=None, kind=KIND, object_id=item.pk)
    item.delete()
