"""Writes about talking points: adding, editing, ordering, discussing, carrying over."""

from datetime import datetime

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from showup.agendas.guard import judge, purpose
from showup.agendas.models import MAX_POINT, RecurringPoint, TalkingPoint
from showup.agendas.signals import agenda_changed
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
    if len(cleaned) > MAX_POINT:
        raise AgendaError(
            f"Keep a talking point under {MAX_POINT} characters; put the detail in the notes."
        )
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


@transaction.atomic
def talking_point_move(*, point: TalkingPoint, by: Person, up: bool) -> None:
    """Swaps the point with its neighbour in the same author's part of the agenda."""
    _check_may_touch(point, by)
    siblings = TalkingPoint.objects.filter(
        occurrence=point.occurrence, pair=point.pair, author=point.author
    ).filter(Q(is_private=False) | Q(author=by))
    neighbour = (
        siblings.filter(position__lt=point.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=point.position).order_by("position").first()
    )
    if neighbour is None:
        return
    point.position, neighbour.position = neighbour.position, point.position
    TalkingPoint.objects.bulk_update([point, neighbour], ["position"])


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
    for index, point in enumerate(points, start=1):
        point.position = index
    TalkingPoint.objects.bulk_update(points, ["position"])


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
