"""The pair page's schedule card: each clock named is that clock's time."""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series
from tests.html import main_text

pytestmark = pytest.mark.django_db


def schedule_seen_by(person: Person, pair_id: int) -> str:
    client = Client()
    client.force_login(person)
    return main_text(client.get(reverse("pages:pair", args=[pair_id])))


def test_the_schedule_says_the_series_time_on_its_own_clock_and_each_person_s_on_theirs() -> None:
    """Read by someone in London, an 11:00 Berlin series said "10:00 Europe/Berlin"."""
    manager = PersonFactory.create(name="Jonas Lead", timezone="Europe/Berlin")
    report = PersonFactory.create(name="Tomás Report", timezone="Europe/London", manager=manager)
    first_day = timezone.localdate() + timedelta(days=1)
    series = weekly_series(manager, report, first_day=first_day, at=time(11, 0))
    seen_by_report = schedule_seen_by(report, series.pair_id)
    assert "11:00 Europe/Berlin" in seen_by_report
    assert "10:00 for you" in seen_by_report
    seen_by_manager = schedule_seen_by(manager, series.pair_id)
    assert "11:00 Europe/Berlin" in seen_by_manager
    assert "10:00 for Tomás" in seen_by_manager
    assert "for you" not in seen_by_manager


def test_changing_or_resuming_says_the_series_time_on_its_own_clock() -> None:
    manager = PersonFactory.create(name="Jonas Lead", timezone="Europe/London")
    report = PersonFactory.create(name="Tomás Report", timezone="Europe/London", manager=manager)
    first_day = timezone.localdate() + timedelta(days=1)
    series = weekly_series(manager, report, first_day=first_day, at=time(11, 0))
    client = Client()
    client.force_login(manager)
    change = main_text(client.get(reverse("meetings:series-change", args=[series.pk])))
    assert "11:00 Europe/Berlin" in change
