"""Writes about observations and reviews. Only the manager of the pair writes them."""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from showup.core.signals import searchable_text_saved
from showup.core.text import text_refusal
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person
from showup.performance.models import (
    MAX_TEXT,
    Observation,
    ObservationRevision,
    Review,
    ReviewPoint,
)
from showup.performance.rules import review_flags
from showup.performance.selectors import concerns_raised_in, review_points
from showup.performance.signals import review_shared


def _check_manager(pair: Pair, person: Person) -> None:
    if person.pk != pair.lead_id:
        raise MeetingError("Only the manager in this 1:1 writes observations and reviews.")


def _clean(text: str, *, what: str, required: bool = True) -> str:
    cleaned = text.strip()
    if required and not cleaned:
        raise MeetingError(f"Write the {what}.")
    refusal = text_refusal(cleaned, max_length=MAX_TEXT, what=f"the {what}")
    if refusal:
        raise MeetingError(refusal)
    return cleaned


def _index(observation: Observation) -> None:
    """Searchable by the manager; by the report too, once raised."""
    searchable_text_saved.send(
        sender=None,
        kind="observation",
        object_id=observation.pk,
        pair=observation.pair,
        occurrence=observation.raised_in,
        private_to=None if observation.is_raised else observation.pair.lead,
        body=f"{observation.text}\n{observation.evidence}",
    )


@transaction.atomic
def observation_record(
    *,
    pair: Pair,
    by: Person,
    kind: str,
    text: str,
    evidence: str = "",
    now: datetime | None = None,
) -> Observation:
    _check_manager(pair, by)
    if kind not in Observation.Kind.values:
        raise MeetingError("An observation is a strength or a concern.")
    observation = Observation.objects.create(
        pair=pair,
        kind=kind,
        text=_clean(text, what="observation"),
        evidence=_clean(evidence, what="evidence", required=False),
        created_at=now or timezone.now(),
    )
    _index(observation)
    return observation


@transaction.atomic
def observation_amend(
    *, observation: Observation, by: Person, kind: str, text: str, evidence: str
) -> Observation:
    """Changes an observation not raised yet; what it said before is kept as a revision.

    A raised one stays as it was said: amended afterwards, words never said in
    a 1:1 would read as raised there, and a review could lean on them.
    """
    _check_manager(observation.pair, by)
    if observation.is_raised:
        raise MeetingError(
            f"This was raised with {observation.pair.member.first_name} as it reads, so it "
            "stays as it was said. Record a new observation for what is new, and raise that."
        )
    if kind not in Observation.Kind.values:
        raise MeetingError("An observation is a strength or a concern.")
    text, evidence = (
        _clean(text, what="observation"),
        _clean(evidence, what="evidence", required=False),
    )
    if (kind, text, evidence) == (observation.kind, observation.text, observation.evidence):
        return observation
    ObservationRevision.objects.create(
        observation=observation,
        kind=observation.kind,
        text=observation.text,
        evidence=observation.evidence,
    )
    observation.kind, observation.text, observation.evidence = kind, text, evidence
    observation.amended_at = timezone.now()
    observation.save(update_fields=["kind", "text", "evidence", "amended_at"])
    _index(observation)
    return observation


@transaction.atomic
def observation_raise(
    *, observation: Observation, by: Person, occurrence: Occurrence, now: datetime | None = None
) -> Observation:
    """The manager says it was raised in that 1:1; from then on the report sees it."""
    now = now or timezone.now()
    _check_manager(observation.pair, by)
    refusal = observation.raise_refusal(occurrence, now)
    if refusal:
        raise MeetingError(refusal)
    observation.raised_in = occurrence
    # Raised no earlier than it existed: the no-surprises days count from here.
    observation.raised_at = max(occurrence.start, observation.created_at)
    observation.save(update_fields=["raised_in", "raised_at"])
    _index(observation)
    return observation


@transaction.atomic
def observations_unraise(*, occurrence: Occurrence) -> int:
    """A 1:1 marked as not having taken place raised nothing: its observations wait to be raised again.

    The report stops seeing them until then, and a review that leans on them
    cannot be shared. Returns how many there were.
    """
    if occurrence.state not in Occurrence.CALLED_OFF:
        return 0
    observations = list(
        Observation.objects.filter(raised_in=occurrence).select_related("pair__lead")
    )
    for observation in observations:
        observation.raised_in, observation.raised_at = None, None
        observation.save(update_fields=["raised_in", "raised_at"])
        _index(observation)
    return len(observations)


def observation_acknowledge(*, observation: Observation, by: Person, comment: str) -> Observation:
    if by.pk != observation.pair.member_id or not observation.is_raised:
        raise MeetingError("Only the report acknowledges an observation, once it was raised.")
    observation.acknowledged_at = timezone.now()
    observation.report_comment = _clean(comment, what="comment", required=False)
    observation.save(update_fields=["acknowledged_at", "report_comment"])
    return observation


def review_create(*, pair: Pair, by: Person, period_start: date, period_end: date) -> Review:
    _check_manager(pair, by)
    if period_end < period_start:
        raise MeetingError("The period ends before it starts.")
    return Review.objects.create(pair=pair, period_start=period_start, period_end=period_end)


def review_update(*, review: Review, by: Person, summary: str, rating: int | None) -> Review:
    _check_manager(review.pair, by)
    if review.status == Review.Status.SHARED:
        raise MeetingError("A shared review stays as it was shared.")
    if rating is not None and not 1 <= rating <= len(settings.REVIEW_RATINGS):
        raise MeetingError("Pick a rating from the scale.")
    review.summary = _clean(summary, what="summary", required=False)
    review.rating = rating
    review.save(update_fields=["summary", "rating"])
    _index_review(review)
    return review


def _index_review(review: Review) -> None:
    """Searchable by the manager; by the report too, once shared."""
    shared = review.status == Review.Status.SHARED
    searchable_text_saved.send(
        sender=None,
        kind="review",
        object_id=review.pk,
        pair=review.pair,
        occurrence=None,
        private_to=None if shared else review.pair.lead,
        body=review.summary,
    )


@transaction.atomic
def review_point_add(
    *, review: Review, by: Person, text: str, is_concern: bool, observations: list[Observation]
) -> ReviewPoint:
    _check_manager(review.pair, by)
    if review.status == Review.Status.SHARED:
        raise MeetingError("A shared review stays as it was shared.")
    if any(observation.pair_id != review.pair_id for observation in observations):
        raise MeetingError("Link only observations about this person.")
    # The review's row is the lock: two points added at once queue here, not on one place.
    list(Review.objects.select_for_update().filter(pk=review.pk).values_list("pk", flat=True))
    last = review.points.aggregate(last=Max("position"))["last"] or 0
    point = ReviewPoint.objects.create(
        review=review, text=_clean(text, what="point"), is_concern=is_concern, position=last + 1
    )
    point.observations.set(observations)
    return point


def review_point_remove(*, point: ReviewPoint, by: Person) -> None:
    _check_manager(point.review.pair, by)
    if point.review.status == Review.Status.SHARED:
        raise MeetingError("A shared review stays as it was shared.")
    point.delete()


@transaction.atomic
def review_share(*, review: Review, by: Person, now: datetime | None = None) -> Review:
    """Shares the review with the report, unless it would surprise them."""
    now = now or timezone.now()
    _check_manager(review.pair, by)
    flags = review_flags(
        review,
        points=review_points(review=review),
        concerns_in_period=concerns_raised_in(review=review),
        now=now,
    )
    if flags:  # each with its own reason: not raised yet, or raised too lately
        reasons = " ".join(flag.message for flag in flags)
        raise MeetingError(
            f"Not shared: {len(flags)} point{'s' if len(flags) != 1 else ''} would come as a "
            f"surprise. {reasons}"
        )
    updated = Review.objects.filter(pk=review.pk, status=Review.Status.DRAFT).update(
        status=Review.Status.SHARED, shared_at=now
    )
    if not updated:
        raise MeetingError("This review is already shared.")
    review.refresh_from_db()
    _index_review(review)
    review_shared.send(sender=Review, review=review)
    return review
