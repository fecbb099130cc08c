"""The report's check-in before a 1:1 and rating after it."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from showup.insights.models import CheckIn, MeetingRating
from showup.insights.rollups import pair_week_refresh, week_of
from showup.insights.selectors import pulse_is_asked
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence
from showup.meetings.services import nearest_staying
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
        occurrence=occurrence, person=by, defaults={"score": score, "created_at": timezone.now()}
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


def check_ins_keep_from_dropped(*, dropped: list[Occurrence], after: datetime) -> int:
    """A check-in answered for a 1:1 that a new schedule drops moves to the new schedule's
    nearest 1:1, unless that one has a later answer; returns how many moved.

    "How are you?" asked before a 1:1 belongs to a 1:1 still ahead: after a pause or
    an end it goes with its date, and a 1:1 already behind keeps its own answer.
    """
    moved = 0
    for check_in in CheckIn.objects.filter(occurrence__in=dropped).select_related("occurrence"):
        home = nearest_staying(occurrence=check_in.occurrence, dropped=dropped, after=after)
        if home is None or home.start < after or home.state != Occurrence.State.SCHEDULED:
            continue
        there = CheckIn.objects.filter(occurrence=home, person_id=check_in.person_id).first()
        if there and there.created_at >= check_in.created_at:
            continue
        if there:
            there.delete()
        CheckIn.objects.filter(pk=check_in.pk).update(occurrence=home)
        for week in {week_of(home.start), week_of(check_in.occurrence.start)}:
            pair_week_refresh(pair=home.pair, week=week)
        moved += 1
    return moved
