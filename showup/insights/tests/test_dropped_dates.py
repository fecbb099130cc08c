"""A check-in answered for a 1:1 that a pause, an end or a new schedule drops is kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from showup.insights.models import CheckIn
from showup.insights.services import check_in_record
from showup.meetings.models import Occurrence, Series
from showup.meetings.services import series_end, series_pause
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


def test_a_pause_moves_the_answer_to_the_last_1_1(
    running: Series, manager: Person, report: Person
) -> None:
    dropped, last = ahead_and_last(running)
    check_in_record(occurrence=dropped, by=report, score=2)
    series_pause(series=running, by=manager)
    assert CheckIn.objects.get(person=report).occurrence == last
    assert CheckIn.objects.get(person=report).score == 2


def test_a_later_answer_replaces_an_earlier_one_and_never_the_other_way(
    running: Series, manager: Person, report: Person
) -> None:
    dropped, last = ahead_and_last(running)
    earlier = check_in_record(occurrence=last, by=report, score=4)
    CheckIn.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - timedelta(days=3))
    check_in_record(occurrence=dropped, by=report, score=1)
    series_end(series=running, by=manager)
    assert list(CheckIn.objects.values_list("occurrence", "score")) == [(last.pk, 1)]


def test_an_older_answer_of_a_dropped_date_gives_way_to_a_newer_one(
    running: Series, manager: Person, report: Person
) -> None:
    dropped, last = ahead_and_last(running)
    older = check_in_record(occurrence=dropped, by=report, score=1)
    CheckIn.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    check_in_record(occurrence=last, by=report, score=4)
    series_end(series=running, by=manager)
    assert list(CheckIn.objects.values_list("occurrence", "score")) == [(last.pk, 4)]
