"""The report's check-in before a 1:1 and rating after it."""

from django.db import transaction

from showup.insights.models import CheckIn, MeetingRating
from showup.insights.rollups import pair_week_refresh, week_of
from showup.insights.selectors import pulse_is_asked
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence
from showup.people.models import Person


def _check(occurrence: Occurrence, person: Person, score: int) -> None:
    if not pulse_is_asked(occurrence.pair):
        raise MeetingError("Check-ins and ratings are for a report's 1:1 with their manager.")
    if person.pk != occurrence.pair.member_id:
        raise MeetingError("The report answers these, about their own 1:1.")
    if not 1 <= score <= 5:
        raise MeetingError("Pick a number from 1 to 5.")


@transaction.atomic
def check_in_record(*, occurrence: Occurrence, by: Person, score: int) -> CheckIn:
    """How the report is, before the 1:1. Answering again changes the answer."""
    _check(occurrence, by, score)
    check_in, _ = CheckIn.objects.update_or_create(
        occurrence=occurrence, person=by, defaults={"score": score}
    )
    pair_week_refresh(pair=occurrence.pair, week=week_of(occurrence.start))
    return check_in


@transaction.atomic
def rating_record(*, occurrence: Occurrence, by: Person, score: int) -> MeetingRating:
    """How useful the 1:1 was, once it was held."""
    _check(occurrence, by, score)
    if occurrence.state != Occurrence.State.HELD:
        raise MeetingError("Rate a 1:1 once it was held.")
    rating, _ = MeetingRating.objects.update_or_create(
        occurrence=occurrence, person=by, defaults={"score": score}
    )
    pair_week_refresh(pair=occurrence.pair, week=week_of(occurrence.start))
    return rating
