"""Writes about talking points: adding, editing, ordering, discussing, carrying over."""

from datetime import datetime

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from showup.agendas.guard import judge, purpose
from showup.agendas.models import MAX_POINT, RecurringPoint, TalkingPoint
from showup.agendas.signals import agenda_changed
from showup.core.signals import (
    searchable_text_deleted,
    searchable_text_saved,
    searchable_texts_moved,
)
from showup.core.text import text_refusal
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Pair
from showup.meetings.services import nearest_staying
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
    searchable_text_saved.send(
        sender=None,
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
    if occurrence.is_called_off:
        raise AgendaError("This 1:1 was called off: add the point to your next one.")
    cleaned = _clean_text(text)
    _lock_agenda(occurrence.pair_id)
    verdict = judge(cleaned)
    point = TalkingPoint.objects.create(
        pair=occurrence.pair,
        occurrence=occurrence,
        author=author,
        text=cleaned,
        is_private=is_private,
        position=_next_place(occurrence),
        source=source,
        off_topic_kind=verdict.kind or "",
        purpose=purpose(cleaned),
    )
    _index(point)
    agenda_changed.send(sender=TalkingPoint, point=point, change="added")
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
    agenda_changed.send(sender=TalkingPoint, point=point, change="edited")
    return point


@transaction.atomic
def talking_point_delete(*, point: TalkingPoint, by: Person) -> None:
    _check_party(point.pair, by)
    if point.author_id != by.pk:
        raise AgendaError("Only its author can remove a talking point.")
    searchable_text_deleted.send(sender=None, kind=KIND, object_id=point.pk)
    point.delete()
    agenda_changed.send(sender=TalkingPoint, point=point, change="removed")


@transaction.atomic
def talking_point_set_discussed(
    *, point: TalkingPoint, by: Person, occurrence: Occurrence, discussed: bool
) -> TalkingPoint:
    """Ticks a point off (on this 1:1: a point waiting for the next 1:1 lands here, at the end)."""
    _check_may_touch(point, by)
    _lock_agenda(point.pair_id)
    point.discussed_at = timezone.now() if discussed else None
    fields = ["discussed_at"]
    current = TalkingPoint.objects.filter(pk=point.pk).values_list("occurrence_id", flat=True)
    if current.first() != occurrence.pk:
        point.occurrence = occurrence
        point.position = _next_place(occurrence)
        fields += ["occurrence", "position"]
    point.save(update_fields=fields)
    if "occurrence" in fields:
        _tell_moved([point], occurrence)
    return point


def talking_point_keep(*, point: TalkingPoint, by: Person) -> TalkingPoint:
    """The author keeps a point the guard nudged about. The verdict stays for the numbers."""
    if point.author_id != by.pk:
        raise AgendaError("Only its author can answer the nudge.")
    point.kept_despite_nudge = True
    point.save(update_fields=["kept_despite_nudge"])
    return point


def _next_place(occurrence: Occurrence) -> int:
    """The place after the last one; call it under the agenda's lock (the unique constraint backs it)."""
    last = TalkingPoint.objects.filter(occurrence=occurrence).aggregate(last=Max("position"))
    return int(last["last"] or 0) + 1


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


# Positions are unique per agenda and checked row by row on both databases, so
# points that change places first step out of the way, beyond any real place.
OUT_OF_THE_WAY = 1_000_000


def _renumber(points: list[TalkingPoint]) -> None:
    changed = [point for place, point in enumerate(points, start=1) if point.position != place]
    if not changed:
        return
    TalkingPoint.objects.filter(pk__in=[point.pk for point in changed]).update(
        position=F("position") + OUT_OF_THE_WAY
    )
    for place, point in enumerate(points, start=1):
        point.position = place
    TalkingPoint.objects.bulk_update(changed, ["position"])


@transaction.atomic
def talking_points_carry_over(*, occurrence: Occurrence, now: datetime | None = None) -> int:
    """Moves what was not discussed on to the pair's next 1:1, counting the move."""
    now = now or timezone.now()
    _lock_agenda(occurrence.pair_id)
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
    # Backlog points may share numbers among themselves: each gets its own place beyond the rest.
    moving = list(waiting.select_related("carried_from").order_by("position", "created_at", "pk"))
    start = OUT_OF_THE_WAY + (_next_place(following) if following else 0)
    for place, point in enumerate(moving, start=start):
        point.occurrence = following
        point.carried_from = _home_of(point, leaving=occurrence)
        point.position = place
        point.carried += 1
    TalkingPoint.objects.bulk_update(moving, ["occurrence", "carried_from", "position", "carried"])
    if following:
        _renumber_after(following)
    _tell_moved(moving, following)
    return len(moving)


def _home_of(point: TalkingPoint, *, leaving: Occurrence) -> Occurrence:
    """Where the point goes back to if that 1:1 is put back on: the called-off 1:1 it
    first left, while that stays called off. Two skips in a row then lose nothing:
    putting the first back on brings its points from wherever they went on to."""
    earlier = point.carried_from
    if earlier is not None and earlier.state in Occurrence.CALLED_OFF:
        return earlier
    return leaving


@transaction.atomic
def talking_points_bring_back(*, occurrence: Occurrence) -> int:
    """A skipped or cancelled 1:1 put back on gets back the points that left it.

    Only those still waiting: one ticked off or removed since stays where it is.
    """
    _lock_agenda(occurrence.pair_id)
    returning = list(
        TalkingPoint.objects.filter(carried_from=occurrence, discussed_at__isnull=True).order_by(
            "position", "created_at", "pk"
        )
    )
    for place, point in enumerate(returning, start=OUT_OF_THE_WAY + _next_place(occurrence)):
        point.occurrence = occurrence
        point.carried_from = None
        point.position = place
        point.carried = max(point.carried - 1, 0)
    TalkingPoint.objects.bulk_update(
        returning, ["occurrence", "carried_from", "position", "carried"]
    )
    _renumber_after(occurrence)
    _tell_moved(returning, occurrence)
    return len(returning)


def talking_points_to_backlog(*, occurrences: list[int]) -> int:
    """Points of 1:1s that will no longer happen wait for the pair's next one."""
    waiting = TalkingPoint.objects.filter(occurrence_id__in=occurrences, discussed_at__isnull=True)
    moved = list(waiting)
    waiting.update(occurrence=None)
    _tell_moved(moved, None)
    return len(moved)


def talking_points_discussed_keep(*, dropped: list[Occurrence], after: datetime) -> int:
    """Points already ticked on 1:1s that will no longer happen stay a record of what was
    said, on the pair's nearest 1:1 that stays, instead of losing their date and showing,
    ticked, on every next agenda; returns how many moved."""
    ticked = TalkingPoint.objects.filter(occurrence__in=dropped, discussed_at__isnull=False)
    moved = 0
    for point in ticked.select_related("occurrence").order_by("occurrence__start", "position"):
        assert point.occurrence is not None  # the filter asks for one
        home = nearest_staying(occurrence=point.occurrence, dropped=dropped, after=after)
        if home is None:
            continue
        _lock_agenda(home.pair_id)
        TalkingPoint.objects.filter(pk=point.pk).update(
            occurrence=home, position=_next_place(home)
        )
        _tell_moved([point], home)
        moved += 1
    return moved


def _tell_moved(points: list[TalkingPoint], occurrence: Occurrence | None) -> None:
    if points:
        searchable_texts_moved.send(
            sender=None,
            kind=KIND,
            object_ids=[point.pk for point in points],
            occurrence=occurrence,
        )


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
