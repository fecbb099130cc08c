"""A check-in answered for a 1:1 that a pause, an end or a new schedule drops is kept."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from showup.insights.models import CheckIn, PairWeek
from showup.insights.services import check_in_record
from showup.meetings.models import Occurrence, Series
from showup.meetings.recurrence import cadence_rule
from showup.meetings.schedule import Schedule
from showup.meetings.services import occurrence_hold, series_change, series_pause
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db: None) -> Person:
    return PersonFactory.create(name="Max Manager")


@pytest.fixture
def report(manager: Person) -> Person:
    return PersonFactory.create(name="Riley Report", manager=manager)


@pytest.fixture
def running(manager: Person, report: Person) -> Series:
    start = timezone.now() - timedelta(weeks=2)
    return weekly_series(manager, report, first_day=start.date(), now=start)


def ahead_and_last(series: Series) -> tuple[Occurrence, Occurrence]:
    now = timezone.now()
    ahead = series.occurrences.filter(state=Occurrence.State.SCHEDULED, start__gt=now)
    last = series.occurrences.filter(start__lt=now).order_by("-start")[0]
    return ahead.order_by("start")[0], last


def test_a_new_schedule_moves_the_answer_to_its_nearest_date(
    running: Series, manager: Person, report: Person
) -> None:
    dropped, _ = ahead_and_last(running)
    check_in_record(occurrence=dropped, by=report, score=2)
    # A week on, so that the answer changes weeks and both weeks' numbers must follow.
    day = dropped.start.astimezone(running.zone).date() + timedelta(days=8)
    schedule = Schedule(
        rule=cadence_rule("weekly", day),
        first_day=day,
        at=running.local_first_start.time(),
        timezone=running.timezone,
    )
    cut = dropped.start.astimezone(running.zone).date()
    changed = series_change(series=running, schedule=schedule, by=manager, from_day=cut)
    home = changed.occurrences.order_by("start")[0]
    assert list(CheckIn.objects.values_list("occurrence", "score")) == [(home.pk, 2)]
    assert PairWeek.objects.aggregate(answers=Sum("check_in_count"))["answers"] == 1


def test_a_pause_never_rewrites_the_answer_of_a_1_1_behind_it(
    running: Series, manager: Person, report: Person
) -> None:
    dropped, last = ahead_and_last(running)
    occurrence_hold(occurrence=last, by=manager)
    check_in_record(occurrence=last, by=report, score=5)
    check_in_record(occurrence=dropped, by=report, score=1)
    series_pause(series=running, by=manager)
    assert list(CheckIn.objects.values_list("occurrence", "score")) == [(last.pk, 5)]


def test_answering_again_is_the_latest_answer(running: Series, report: Person) -> None:
    dropped, _ = ahead_and_last(running)
    first = check_in_record(occurrence=dropped, by=report, score=4)
    CheckIn.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=3))
    again = check_in_record(occurrence=dropped, by=report, score=1)
    assert timezone.now() - again.created_at < timedelta(minutes=1)
