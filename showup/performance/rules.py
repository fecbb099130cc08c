"""The no-surprises rule: what a review may not say before it was said in a 1:1."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings

from showup.performance.models import Observation, Review, ReviewPoint

Kind = Observation.Kind


@dataclass(frozen=True)
class Flag:
    message: str
    point: ReviewPoint | None = None


def is_low(rating: int | None) -> bool:
    return rating is not None and rating <= settings.REVIEW_LOW_RATINGS


def raised_long_enough(observation: Observation, now: datetime) -> bool:
    days = timedelta(days=settings.NO_SURPRISE_DAYS)
    return observation.raised_at is not None and observation.raised_at <= now - days


def shareable_on(observation: Observation) -> date | None:
    if observation.raised_at is None:
        return None
    return (observation.raised_at + timedelta(days=settings.NO_SURPRISE_DAYS)).date()


def point_flags(point: ReviewPoint, observations: list[Observation], now: datetime) -> list[Flag]:
    concerns = [observation for observation in observations if observation.kind == Kind.CONCERN]
    if point.is_concern and not concerns:
        return [
            Flag(
                "This concern rests on no observation. Record it, raise it in a 1:1, then link it.",
                point,
            )
        ]
    flags = []
    for concern in concerns:
        if concern.raised_at is None:
            flags.append(Flag(f"“{concern.text[:80]}” was never raised in a 1:1.", point))
        elif not raised_long_enough(concern, now):
            flags.append(
                Flag(
                    f"“{concern.text[:80]}” was raised on {concern.raised_at:%-d %b}, less than {settings.NO_SURPRISE_DAYS} days ago "
                    f"(fine from {shareable_on(concern):%-d %b}).",
                    point,
                )
            )
    return flags


def review_flags(
    review: Review, *, points: list[ReviewPoint], concerns_in_period: int, now: datetime
) -> list[Flag]:
    """Everything in the review that would surprise the report, if any."""
    linked = [(point, list(point.observations.all())) for point in points]
    return flags_of(review, points=linked, concerns_in_period=concerns_in_period, now=now)


def flags_of(
    review: Review,
    *,
    points: list[tuple[ReviewPoint, list[Observation]]],
    concerns_in_period: int,
    now: datetime,
) -> list[Flag]:
    """The same rule, for points whose observations were read already (the attention list's one query)."""
    flags = [
        flag for point, observations in points for flag in point_flags(point, observations, now)
    ]
    if is_low(review.rating) and concerns_in_period == 0:
        flags.append(Flag("A low rating, but no concern was raised in a 1:1 during this period."))
    return flags
