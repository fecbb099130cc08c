"""Reads of observations and reviews.

The manager of the pair reads them all. The report reads an observation once
it was raised in a 1:1, and a review once it was shared. Nobody else reads
any of it: not a skip-level manager, not an admin.
"""

from django.db.models import Prefetch, Q, QuerySet

from showup.meetings.models import Pair
from showup.meetings.selectors import pairs_of
from showup.people.models import Person
from showup.performance.models import Observation, Review, ReviewPoint


def readable_observations(person: Person) -> Q:
    return Q(pair__lead=person) | Q(pair__member=person, raised_at__isnull=False)


def readable_reviews(person: Person) -> Q:
    return Q(pair__lead=person) | Q(pair__member=person, status=Review.Status.SHARED)


def observations_of_pair(*, pair: Pair, person: Person) -> QuerySet[Observation]:
    return (
        Observation.objects.filter(pair=pair)
        .filter(readable_observations(person))
        .select_related("raised_in")
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


def unacknowledged_concerns(*, pair: Pair) -> list[Observation]:
    return list(
        pair.observations.filter(
            kind=Observation.Kind.CONCERN, raised_at__isnull=False, acknowledged_at__isnull=True
        ).order_by("raised_at")
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
