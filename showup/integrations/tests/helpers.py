"""A pair with a 1:1 behind them and one ahead, for the integration tests."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from showup.meetings.models import Occurrence
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series


@dataclass
class Scene:
    manager: Person
    report: Person
    stranger: Person
    past: Occurrence
    ahead: Occurrence


def scene() -> Scene:
    manager = PersonFactory.create(name="Morgan Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    stranger = PersonFactory.create(name="Sam Stranger")
    now = timezone.now()
    series = weekly_series(
        manager, report, first_day=(now - timedelta(days=15)).date(), now=now - timedelta(days=15)
    )
    past = series.occurrences.filter(end__lt=now).order_by("-start").first()
    ahead = series.occurrences.filter(start__gt=now + timedelta(hours=2)).order_by("start").first()
    assert past is not None
    assert ahead is not None
    return Scene(manager, report, stranger, past, ahead)
