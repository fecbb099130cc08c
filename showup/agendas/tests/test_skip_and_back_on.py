"""A skipped 1:1 put back on gets its agenda back, and search follows a point to where it shows."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse

from showup.agendas.models import TalkingPoint
from showup.agendas.selectors import agenda_for
from showup.agendas.services import AgendaError, talking_point_add, talking_point_set_discussed
from showup.history.search import entries, search
from showup.meetings.models import Occurrence, Series
from showup.meetings.services import occurrence_restore, occurrence_skip
from tests.factories import PersonFactory, weekly_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def series() -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    first_day = (datetime.now(UTC) + timedelta(days=7)).date()
    return weekly_series(manager, report, first_day=first_day, now=datetime.now(UTC))


def dates(series: Series) -> list[Occurrence]:
    return list(series.occurrences.order_by("start")[:3])


def texts(occurrence: Occurrence, reader: Any) -> list[str]:
    return [
        point.text for point in agenda_for(occurrence=occurrence, person=reader, is_next=False)
    ]


def test_putting_a_skipped_1on1_back_on_brings_its_points_back(series: Series) -> None:
    manager, report = series.pair.lead, series.pair.member
    skipped, following, _ = dates(series)
    talking_point_add(occurrence=skipped, author=report, text="Career path chat", is_private=False)
    talking_point_add(
        occurrence=skipped, author=report, text="Ask about the raise", is_private=True
    )
    talking_point_add(occurrence=skipped, author=manager, text="My own prep", is_private=True)
    talking_point_add(
        occurrence=following, author=report, text="Written for the next", is_private=False
    )

    occurrence_skip(occurrence=skipped, by=report)
    assert texts(skipped, report) == []
    assert texts(following, report) == [
        "Career path chat",
        "Ask about the raise",
        "Written for the next",
    ]

    occurrence_restore(occurrence=skipped, by=report)

    assert texts(skipped, report) == ["Career path chat", "Ask about the raise"]
    # Each private point came back to its author only.
    assert texts(skipped, manager) == ["Career path chat", "My own prep"]
    assert texts(following, report) == ["Written for the next"]
    assert set(
        TalkingPoint.objects.filter(occurrence=skipped).values_list("carried", flat=True)
    ) == {0}


def test_a_point_ticked_off_in_the_meantime_stays_where_it_was_discussed(series: Series) -> None:
    report = series.pair.member
    skipped, following, _ = dates(series)
    done = talking_point_add(
        occurrence=skipped, author=report, text="Done early", is_private=False
    )
    talking_point_add(occurrence=skipped, author=report, text="Still open", is_private=False)
    occurrence_skip(occurrence=skipped, by=report)
    talking_point_set_discussed(point=done, by=report, occurrence=following, discussed=True)

    occurrence_restore(occurrence=skipped, by=report)

    assert texts(skipped, report) == ["Still open"]
    assert texts(following, report) == ["Done early"]


def test_search_links_a_carried_point_to_the_1on1_that_shows_it(
    series: Series, sign_in: Any
) -> None:
    report = series.pair.member
    skipped, following, _ = dates(series)
    talking_point_add(
        occurrence=skipped, author=report, text="Conference budget", is_private=False
    )

    def found_on() -> int | None:
        (entry,) = entries(search(person=report, text="conference").ids)
        return entry.occurrence_id

    assert found_on() == skipped.pk
    occurrence_skip(occurrence=skipped, by=report)
    assert found_on() == following.pk
    page = sign_in(report).get(reverse("history:search"), {"q": "conference"})
    assert reverse("pages:occurrence", args=[following.pk]) in page.content.decode()
    occurrence_restore(occurrence=skipped, by=report)
    assert found_on() == skipped.pk


def test_a_point_waiting_for_the_next_1on1_links_to_the_next_one(
    series: Series, sign_in: Any
) -> None:
    """With no 1:1 ahead the point waits; the result opens whatever comes next."""
    report = series.pair.member
    skipped, *rest = list(series.occurrences.order_by("start"))
    talking_point_add(
        occurrence=skipped, author=report, text="Conference budget", is_private=False
    )
    Occurrence.objects.filter(pk__in=[later.pk for later in rest]).delete()
    occurrence_skip(occurrence=skipped, by=report)
    (entry,) = entries(search(person=report, text="conference").ids)
    assert entry.occurrence_id is None
    page = sign_in(report).get(reverse("history:search"), {"q": "conference"})
    assert reverse("meetings:pair-next", args=[series.pair_id]) in page.content.decode()


def test_two_skips_in_a_row_then_each_put_back_on_gets_its_own_points(series: Series) -> None:
    """The second skip carried the first one's points on: putting the first back on found none."""
    report = series.pair.member
    first, second, third = dates(series)
    talking_point_add(occurrence=first, author=report, text="From the first", is_private=False)
    talking_point_add(occurrence=second, author=report, text="From the second", is_private=False)
    occurrence_skip(occurrence=first, by=report)
    occurrence_skip(occurrence=second, by=report)
    assert texts(third, report) == ["From the first", "From the second"]

    occurrence_restore(occurrence=first, by=report)
    assert texts(first, report) == ["From the first"]
    assert texts(third, report) == ["From the second"]

    occurrence_restore(occurrence=second, by=report)
    assert texts(second, report) == ["From the second"]
    assert texts(first, report) == ["From the first"]
    assert texts(third, report) == []


def test_a_skipped_1_1_takes_no_new_point_and_says_where_its_points_went(
    series: Series, client: Any
) -> None:
    report = series.pair.member
    skipped, _, _ = dates(series)
    occurrence_skip(occurrence=skipped, by=report)
    with pytest.raises(AgendaError, match="called off"):
        talking_point_add(occurrence=skipped, author=report, text="Too late", is_private=False)
    client.force_login(report)
    agenda = client.get(
        reverse("agendas:agenda", args=[skipped.pk]), headers={"HX-Request": "true"}
    )
    html = agenda.content.decode()
    assert "its open points wait on your next one" in html
    assert 'name="text"' not in html
