"""Reads of observations and reviews.

The manager of the pair reads them all. The report reads an observation once
it was raised in a 1:1, and a review once it was shared. Nobody else reads
any of it: not a skip-level manager, not an admin.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from showup.meetings.models import Pair
from showup.meetings.selectors import pair_read_by, pairs_of
from showup.people.models import Person
from showup.performance.models import Observation, Review, ReviewPoint
from showup.performance.rules import Flag, flags_of


def readable_observations(person: Person) -> Q:
    return Q(pair__lead=person) | Q(pair__member=person, raised_at__isnull=False)


def readable_reviews(person: Person) -> Q:
    return Q(pair__lead=person) | Q(pair__member=person, status=Review.Status.SHARED)


def observations_of_pair(*, pair: Pair, person: Person) -> QuerySet[Observation]:
    return (
        Observation.objects.filter(pair=pair)
        .filter(readable_observations(person))
        .select_related("raised_in", "pair__lead")  # the lead's clock dates each one
        .prefetch_related("revisions")
    )


def observation_get(*, person: Person, observation_id: int) -> Observation:
    return (
        Observation.objects.filter(readable_observations(person))
        .select_related("pair__lead", "pair__member")
        .get(pk=observation_id)
    )


def reviews_of_pair(*, pair: Pair, person: Person) -> QuerySet[Review]:
    return Review.objects.filter(pair=pair).filter(readable_reviews(person))


def review_get(*, person: Person, review_id: int) -> Review:
    return (
        Review.objects.filter(readable_reviews(person))
        .select_related("pair__lead", "pair__member")
        .get(pk=review_id)
    )


def review_point_get(*, person: Person, review_id: int, point_id: int) -> ReviewPoint:
    """One point of a review the person may read, by the same rule as `review_get`."""
    readable = Review.objects.filter(readable_reviews(person), pk=review_id)
    return ReviewPoint.objects.select_related("review__pair").get(review__in=readable, pk=point_id)


def review_points(*, review: Review) -> list[ReviewPoint]:
    return list(
        review.points.prefetch_related(
            Prefetch("observations", queryset=Observation.objects.order_by("pk"))
        )
    )


def concerns_raised_in(*, review: Review) -> int:
    return Observation.objects.filter(
        pair=review.pair,
        kind=Observation.Kind.CONCERN,
        raised_at__date__gte=review.period_start,
        raised_at__date__lte=review.period_end,
    ).count()


def unacknowledged_concerns(*, pair: Pair, reader: Person) -> list[Observation]:
    pair = pair_read_by(pair=pair, reader=reader)
    return list(
        pair.observations.filter(
            kind=Observation.Kind.CONCERN, raised_at__isnull=False, acknowledged_at__isnull=True
        ).order_by("raised_at")
    )


def unraised_concerns_of_pairs(
    *, pairs: QuerySet[Pair], recorded_before: datetime
) -> QuerySet[Observation]:
    """Concerns recorded before the moment and never raised in a 1:1: a surprise in the making."""
    return Observation.objects.filter(
        pair__in=pairs,
        kind=Observation.Kind.CONCERN,
        raised_at__isnull=True,
        created_at__lt=recorded_before,
    )


def concerns_by_report(*, manager: Person) -> QuerySet[Observation]:
    """Every concern the manager recorded, with when each was first raised in a 1:1."""
    return (
        Observation.objects.filter(
            pair__lead=manager, pair__in=pairs_of(manager), kind=Observation.Kind.CONCERN
        )
        .select_related("pair__member", "raised_in")
        .order_by("pair__member__name", "created_at")
    )


@dataclass(frozen=True)
class Surprise:
    """A draft review that would surprise the report if shared now, and why."""

    review_id: int
    pair_id: int
    flags: list[Flag]


def draft_review_surprises(*, pairs: QuerySet[Pair], now: datetime) -> dict[int, list[Surprise]]:
    """The manager's draft reviews that would surprise the report, by pair: one query.

    The same no-surprises rule the review page applies (`rules.flags_of`), read
    for every draft at once, so the manager hears of it before opening the review.
    """
    raised_in_period = (
        Observation.objects.filter(
            pair=OuterRef("pair_id"),
            kind=Observation.Kind.CONCERN,
            raised_at__date__gte=OuterRef("period_start"),
            raised_at__date__lte=OuterRef("period_end"),
        )
        .order_by()
        .values("pair")
        .annotate(count=Count("pk"))
        .values("count")
    )
    rows = (
        Review.objects.filter(pair__in=pairs, status=Review.Status.DRAFT)
        .annotate(concerns_in_period=Coalesce(Subquery(raised_in_period), 0))
        .values_list(
            "pk",
            "pair_id",
            "rating",
            "concerns_in_period",
            "points__pk",
            "points__is_concern",
            "points__observations__pk",
            "points__observations__kind",
            "points__observations__text",
            "points__observations__raised_at",
        )
        .order_by("pk", "points__position", "points__pk")
    )
    reviews: dict[int, tuple[Review, int]] = {}
    points: dict[int, dict[int, tuple[ReviewPoint, list[Observation]]]] = defaultdict(dict)
    for row in rows:
        review_id, pair_id, rating, in_period, point_id, is_concern = row[:6]
        observation_id, kind, text, raised_at = row[6:]
        reviews.setdefault(
            review_id, (Review(pk=review_id, pair_id=pair_id, rating=rating), in_period)
        )
        if point_id is None:
            continue
        point = points[review_id].setdefault(
            point_id, (ReviewPoint(pk=point_id, review_id=review_id, is_concern=is_concern), [])
        )
        if observation_id is not None:
            point[1].append(
                Observation(pk=observation_id, kind=kind, text=text, raised_at=raised_at)
            )
    surprises: dict[int, list[Surprise]] = defaultdict(list)
    for review_id, (review, in_period) in reviews.items():
        flags = flags_of(
            review,
            points=list(points[review_id].values()),
            concerns_in_period=in_period,
            now=now,
        )
        if flags:
            surprises[review.pair_id].append(Surprise(review_id, review.pair_id, flags))
    return surprises
