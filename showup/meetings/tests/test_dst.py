"""A weekly 10:00 Berlin 1:1 across both daylight-saving switches, seen from Berlin and New York."""

import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from showup.meetings.models import Occurrence
from tests.factories import PersonFactory, weekly_series
from tests.html import main_text

# The US moves its clocks on 8 March 2026, the EU on 29 March: three weeks in
# which New York is five hours behind Berlin instead of six.
EXPECTED = {
    "2026-03-02": ("10:00", "04:00"),
    "2026-03-09": ("10:00", "05:00"),
    "2026-03-16": ("10:00", "05:00"),
    "2026-03-23": ("10:00", "05:00"),
    "2026-03-30": ("10:00", "04:00"),
    "2026-04-06": ("10:00", "04:00"),
}


def shown_start(client: Client, occurrence: Occurrence) -> str:
    html = main_text(client.get(reverse("pages:occurrence", args=[occurrence.pk])))
    match = re.search(r"· (\d\d:\d\d)–\d\d:\d\d", html)
    assert match is not None
    return match.group(1)


@pytest.mark.django_db
def test_each_person_sees_the_1_1_on_their_own_clock_across_the_switches() -> None:
    berliner = PersonFactory.create(name="Berta Berlin", timezone="Europe/Berlin")
    new_yorker = PersonFactory.create(name="Nico York", timezone="America/New_York")
    series = weekly_series(
        berliner, new_yorker, first_day=date(2026, 3, 2), now=datetime(2026, 3, 1, tzinfo=UTC)
    )
    occurrences = list(series.occurrences.order_by("start")[: len(EXPECTED)])
    views = {}
    for person in (berliner, new_yorker):
        client = Client()
        client.force_login(person)
        views[person.name] = [shown_start(client, occurrence) for occurrence in occurrences]
    assert [occurrence.start.date().isoformat() for occurrence in occurrences] == list(EXPECTED)
    assert views["Berta Berlin"] == [berlin for berlin, _ in EXPECTED.values()]
    assert views["Nico York"] == [new_york for _, new_york in EXPECTED.values()]
