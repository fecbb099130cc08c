"""Writes about talking points: adding, editing, ordering, discussing, carrying over."""

from datetime import datetime

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from showup.agendas.guard import judge, purpose
from showup.agendas.models import MAX_POINT, RecurringPoint, TalkingPoint
from showup.agendas.signals import agenda_changed
from showup.core.text import text_refusal
from showup.history.index import index_delete, index_upsert
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person

State = Occurrence.State
KIND = "point"


class AgendaError(MeetingError):
    pass


def _clean_text(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise AgendaError("Write what you want to talk about.")
    refusal = text_refusal(cleaned, max_length=MAX_POINT, what="a talking point")
    if refusal:
        raise AgendaError(refusal)
    return cleaned


def _check_party(pair: Pair, person: Person) -> None:
    if not pair.includes(person):
        raise AgendaError("Only the two people in a 1:1 can change its agenda.")


def _check_may_touch(point: TalkingPoint, person: Person) -> None:
    _check_party(point.pair, person)
    if point.is_private and point.author_id != person.pk:
        raise AgendaError("That talking point is private to its author.")


def _index(point: TalkingPoint) -> None:
    index_upsert(
        kind=KIND,
        object_id=point.pk,
        pair=point.pair,
        occurrence=point.occurrence,
        private_to=point.author if point.is_private else None,
        body=point.text,
    )


@transaction.atomic
def talking_point_add(
    *,
    occurrence: Occurrence,
    author: Person,
    text: str,
    is_private: bool,
    source: str = TalkingPoint.Source.OWN,
) -> TalkingPoint:
    """Adds a point at the end of the agenda; the off-topic guard's verdict is stored with it."""
    _check_party(occurrence.pair, author)
    cleaned = _clean_text(text)
    _lock_agenda(occurrence.pair_id)
    last = (
        TalkingPoint.objects.filter(occurrence=occurrence).aggregate(last=Max("position"))["last"]
        or 0
    )
    verdict = judge(cleaned)
    point = TalkingPoint.objects.create(
        pair=occurrence.pair,
        occurrence=occurrence,
        author=author,
        text=cleaned,
        is_private=is_private,
        position=last + 1,
        source=source,
        off_topic_kind=verdict.kind or "",
        purpose=purpose(cleaned),
    )
    _index(point)
    agenda_changed.send(sender=TalkingPoint, point=point)
    return point


@transaction.atomic
def talking_point_edit(
    *, point: TalkingPoint, by: Person, text: str, version: int
) -> TalkingPoint:
    """Changes the wording; refused if someone else changed it since `version` was read."""
    _check_may_touch(point, by)
    cleaned = _clean_text(text)
    verdict = judge(cleaned)
    updated = TalkingPoint.objects.filter(pk=point.pk, version=version).update(
        text=cleaned,
        version=F("version") + 1,
        off_topic_kind=verdict.kind or "",
        kept_despite_nudge=False,
        purpose=purpose(cleaned),
    )
    point.refresh_from_db()
    if not updated:
        raise AgendaError(
            f"Someone changed this point a moment ago; it now reads “{point.text}”. Nothing was overwritten."
        )
    _index(point)
    agenda_changed.send(sender=TalkingPoint, point=point)
    return point


@transaction.atomic
def talking_point_delete(*, point: TalkingPoint, by: Person) -> None:
    _check_party(point.pair, by)
    if point.author_id != by.pk:
        raise AgendaError("Only its author can remove a talking point.")
    index_delete(kind=KIND, object_id=point.pk)
    point.delete()
    agenda_changed.send(sender=TalkingPoint, point=point)


def talking_point_set_discussed(
    *, point: TalkingPoint, by: Person, occurrence: Occurrence, discussed: bool
) -> TalkingPoint:
    """Ticks a point off (on this 1:1: a point waiting for the next 1:1 lands here)."""
    _check_may_touch(point, by)
    point.discussed_at = timezone.now() if discussed else None
    point.occurrence = occurrence
    point.save(update_fields=["discussed_at", "occurrence"])
    return point


def talking_point_keep(*, point: TalkingPoint, by: Person) -> TalkingPoint:
    """The author keeps a point the guard nudged about. The verdict stays for the numbers."""
    if point.author_id != by.pk:
        raise AgendaError("Only its author can answer the nudge.")
    point.kept_despite_nudge = True
    point.save(update_fields=["kept_despite_nudge"])
    return point


def _lock_agenda(pair_id: int) -> None:
    """Everyone changing one pair's agenda queues here, so no two read the same order and both write it.

    PostgreSQL waits on the pair's row; SQLite's IMMEDIATE transactions already queue.
    """
    list(Pair.objects.select_for_update().filter(pk=pair_id).values_list("pk", flat=True))


@transaction.atomic
def talking_point_move(*, point: TalkingPoint, by: Person, up: bool) -> None:
    """Swaps the point with its neighbour in the same author's part of the agenda.

    The order is read again under the agenda's lock and written back as 1..n,
    so concurrent moves never leave two points in one place.
    """
    _check_may_touch(point, by)
    _lock_agenda(point.pair_id)
    current = TalkingPoint.objects.filter(pk=point.pk).values_list("occurrence_id", flat=True)
    if not current.exists():
        return
    agenda = list(
        TalkingPoint.objects.filter(pair_id=point.pair_id, occurrence_id=current[0]).order_by(
            "position", "created_at", "pk"
        )
    )
    siblings = [
        index
        for index, other in enumerate(agenda)
        if other.author_id == point.author_id
        and (not other.is_private or other.author_id == by.pk)
    ]
    at = next(place for place, index in enumerate(siblings) if agenda[index].pk == point.pk)
    to = at - 1 if up else at + 1
    if 0 <= to < len(siblings):
        first, second = siblings[at], siblings[to]
        agenda[first], agenda[second] = agenda[second], agenda[first]
    _renumber(agenda)


def _renumber(points: list[TalkingPoint]) -> None:
    changed = []
    for position, point in enumerate(points, start=1):
        if point.position != position:
            point.position = position
            changed.append(point)
    TalkingPoint.objects.bulk_update(changed, ["position"])


def talking_points_carry_over(*, occurrence: Occurrence, now: datetime | None = None) -> int:
    """Moves what was not discussed on to the pair's next 1:1, counting the move."""
    now = now or timezone.now()
    following = (
        Occurrence.objects.filter(
            pair_id=occurrence.pair_id,
            state=State.SCHEDULED,
            start__gt=occurrence.start,
            end__gte=now,
        )
        .order_by("start")
        .first()
    )
    waiting = TalkingPoint.objects.filter(discussed_at__isnull=True).filter(
        Q(occurrence=occurrence) | Q(pair_id=occurrence.pair_id, occurrence__isnull=True)
    )
    moved = waiting.update(occurrence=following, carried=F("carried") + 1)
    if following is not None:
        _renumber_after(following)
    return moved


def talking_points_to_backlog(*, occurrences: list[int]) -> int:
    """Points of 1:1s that will no longer happen wait for the pair's next one."""
    return TalkingPoint.objects.filter(
        occurrence_id__in=occurrences, discussed_at__isnull=True
    ).update(occurrence=None)


def _renumber_after(occurrence: Occurrence) -> None:
    # Carried points come first: they have waited longest.
    points = list(
        TalkingPoint.objects.filter(occurrence=occurrence).order_by(
            "-carried", "position", "created_at"
        )
    )
    _renumber(points)


def recurring_point_add(
    *, pair: Pair, author: Person, text: str, is_private: bool
) -> RecurringPoint:
    _check_party(pair, author)
    return RecurringPoint.objects.create(
        pair=pair, author=author, text=_clean_text(text), is_private=is_private
    )


def recurring_point_remove(*, point: RecurringPoint, by: Person) -> None:
    _check_party(point.pair, by)
    if point.is_private and point.author_id != by.pk:
        raise AgendaError("That recurring point is private to its author.")
    point.delete()
