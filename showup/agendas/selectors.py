"""Reads of agendas. A private talking point is returned to its author and to nobody else."""

from datetime import datetime

from django.db.models import Q, QuerySet

from showup.agendas.models import RecurringPoint, TalkingPoint
from showup.meetings.models import Occurrence, Pair
from showup.meetings.selectors import pairs_of
from showup.people.models import Person

# A point both people read: the one half of the rule that needs no reader.
SHARED_POINTS = Q(is_private=False)


def readable_points(person: Person) -> Q:
    """The rule for talking points: shared ones, and the reader's own private ones."""
    return SHARED_POINTS | Q(author=person)


def point_is_readable(*, point: TalkingPoint, reader: Person) -> bool:
    """Whether `reader` may read this point, asked of the one rule (a query, where a way out needs it)."""
    return TalkingPoint.objects.filter(readable_points(reader), pk=point.pk).exists()


def shared_points_of(*, occurrences: list[Occurrence]) -> QuerySet[TalkingPoint]:
    """The points of these 1:1s that both people read, in agenda order, for messages sent to either."""
    return (
        TalkingPoint.objects.filter(SHARED_POINTS, occurrence__in=occurrences)
        .select_related("author")
        .order_by("position")
    )


def agenda_for(*, occurrence: Occurrence, person: Person, is_next: bool) -> list[TalkingPoint]:
    """The occurrence's points the reader may see: the report's first, then the manager's.

    The pair's next 1:1 also shows points waiting for it (from a paused series).
    """
    here = Q(occurrence=occurrence)
    if is_next:
        here |= Q(occurrence__isnull=True)
    points = list(
        TalkingPoint.objects.filter(pair_id=occurrence.pair_id)
        .filter(here)
        .filter(readable_points(person))
        .select_related("author")
    )
    return member_first(points, occurrence.pair)


def member_first(points: list[TalkingPoint], pair: Pair) -> list[TalkingPoint]:
    """The report's points before the manager's: it is their meeting."""
    return sorted(
        points,
        key=lambda point: (
            not is_members(point=point, pair=pair),
            point.position,
            point.created_at,
        ),
    )


def is_members(*, point: TalkingPoint, pair: Pair) -> bool:
    return point.author_id == pair.member_id


def member_and_lead(
    *, points: list[TalkingPoint], pair: Pair
) -> tuple[list[TalkingPoint], list[TalkingPoint]]:
    """The agenda (in member_first's order) split where the report's points end."""
    return (
        [point for point in points if is_members(point=point, pair=pair)],
        [point for point in points if not is_members(point=point, pair=pair)],
    )


def point_get(*, person: Person, point_id: int) -> TalkingPoint:
    return (
        TalkingPoint.objects.filter(pair__in=pairs_of(person))
        .filter(readable_points(person))
        .select_related("pair", "occurrence", "author")
        .get(pk=point_id)
    )


def recurring_for(*, pair: Pair, person: Person) -> list[RecurringPoint]:
    return list(pair.recurring_points.filter(readable_points(person)).select_related("author"))


def recurring_get(*, person: Person, point_id: int) -> RecurringPoint:
    return (
        RecurringPoint.objects.filter(pair__in=pairs_of(person))
        .filter(readable_points(person))
        .select_related("pair")
        .get(pk=point_id)
    )


def points_of_occurrences(
    *, occurrences: list[Occurrence], person: Person
) -> QuerySet[TalkingPoint]:
    """Points of many occurrences at once, for the timeline and exports."""
    return (
        TalkingPoint.objects.filter(occurrence__in=occurrences)
        .filter(readable_points(person))
        .select_related("author")
        .order_by("position", "created_at")
    )


def occurrences_with_points_left(*, ended_before: datetime) -> QuerySet[Occurrence]:
    """1:1s over before the moment whose points were never ticked: the carry-over job's work."""
    return Occurrence.objects.filter(
        end__lt=ended_before,
        pk__in=TalkingPoint.objects.filter(discussed_at__isnull=True).values("occurrence_id"),
    )
