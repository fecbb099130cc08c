"""Reads of action items: readable by the two people of the pair."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from showup.actions.models import ActionItem
from showup.meetings.models import Occurrence, Pair
from showup.meetings.selectors import pair_read_by, pairs_of
from showup.people.models import Person


def action_get(*, person: Person, item_id: int) -> ActionItem:
    return (
        ActionItem.objects.filter(pair__in=pairs_of(person))
        .select_related("pair", "owner", "occurrence")
        .get(pk=item_id)
    )


def open_actions_before(*, occurrence: Occurrence, reader: Person) -> list[ActionItem]:
    """Items still open from earlier 1:1s of the pair: they show on every 1:1 until done."""
    pair_read_by(pair=occurrence.pair, reader=reader)
    return list(
        ActionItem.objects.filter(pair_id=occurrence.pair_id, done_at__isnull=True)
        .exclude(occurrence=occurrence)
        .filter(Q(occurrence__isnull=True) | Q(occurrence__start__lt=occurrence.start))
        .select_related("owner", "pair", "occurrence")
        .order_by("due_on", "created_at")
    )


def actions_added_in(*, occurrence: Occurrence, reader: Person) -> list[ActionItem]:
    pair_read_by(pair=occurrence.pair, reader=reader)
    return list(occurrence.action_items.select_related("owner", "pair").order_by("created_at"))


def actions_of_occurrences(*, occurrences: list[Occurrence]) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(occurrence__in=occurrences)
        .select_related("owner", "pair")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class FollowThrough:
    """One person's record on the action items they own in a pair."""

    on_time: int
    late: int
    overdue: int
    open: int

    @property
    def done(self) -> int:
        return self.on_time + self.late


def follow_through(*, pair: Pair, reader: Person, today: date) -> dict[int, FollowThrough]:
    """Each person's record in the pair (done on time, late, overdue, open), in one query."""
    pair = pair_read_by(pair=pair, reader=reader)
    done = Q(done_at__isnull=False)
    late = done & Q(due_on__isnull=False, done_at__date__gt=F("due_on"))
    rows = (
        ActionItem.objects.filter(pair=pair)
        .values("owner_id")
        .annotate(
            on_time=Count("pk", filter=done & ~late),
            late=Count("pk", filter=late),
            overdue=Count("pk", filter=Q(done_at__isnull=True, due_on__lt=today)),
            open=Count("pk", filter=Q(done_at__isnull=True)),
        )
    )
    records = {
        row["owner_id"]: FollowThrough(
            on_time=row["on_time"], late=row["late"], overdue=row["overdue"], open=row["open"]
        )
        for row in rows
    }
    empty = FollowThrough(on_time=0, late=0, overdue=0, open=0)
    return {
        pair.lead_id: records.get(pair.lead_id, empty),
        pair.member_id: records.get(pair.member_id, empty),
    }


def overdue_commitments(*, pair: Pair, reader: Person, today: date) -> list[ActionItem]:
    """What the manager promised and has not done by the date they gave."""
    pair = pair_read_by(pair=pair, reader=reader)
    return list(
        ActionItem.objects.filter(
            pair=pair, owner_id=pair.lead_id, done_at__isnull=True, due_on__lt=today
        )
        .select_related("pair")
        .order_by("due_on")
    )


def actions_of_pair(
    *, pair: Pair, reader: Person, done: bool | None = None
) -> QuerySet[ActionItem]:
    """The pair's action items, newest first: open ones, done ones, or both. Paginate it."""
    pair = pair_read_by(pair=pair, reader=reader)
    items = ActionItem.objects.filter(pair=pair)
    if done is not None:
        items = items.filter(done_at__isnull=not done)
    return items.select_related("owner", "pair").order_by("-created_at", "-pk")
