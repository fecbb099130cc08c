from datetime import UTC, date, datetime, timedelta

import pytest

from showup.agendas import selectors, services
from showup.agendas.models import TalkingPoint
from showup.history.models import SearchEntry
from showup.meetings import services as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Series
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def manager(db: None) -> Person:
    return PersonFactory.create(name="Max Manager")


@pytest.fixture
def report(manager: Person) -> Person:
    return PersonFactory.create(name="Riley Report", manager=manager)


@pytest.fixture
def series(manager: Person, report: Person) -> Series:
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)


def nth(series: Series, n: int) -> Occurrence:
    return series.occurrences.order_by("start")[n]


def add(
    occurrence: Occurrence, author: Person, text: str, *, private: bool = False
) -> TalkingPoint:
    return services.talking_point_add(
        occurrence=occurrence, author=author, text=text, is_private=private
    )


def test_the_report_s_points_come_first(series: Series, manager: Person, report: Person) -> None:
    occurrence = nth(series, 0)
    add(occurrence, manager, "Roadmap for next quarter")
    add(occurrence, report, "My path to senior")
    add(occurrence, manager, "How are you, really?")
    agenda = selectors.agenda_for(occurrence=occurrence, person=manager, is_next=True)
    assert [point.text for point in agenda] == [
        "My path to senior",
        "Roadmap for next quarter",
        "How are you, really?",
    ]


def test_a_private_point_is_seen_by_its_author_alone(
    series: Series, manager: Person, report: Person
) -> None:
    occurrence = nth(series, 0)
    add(occurrence, report, "Ask about the raise without sounding impatient", private=True)
    assert [
        point.text
        for point in selectors.agenda_for(occurrence=occurrence, person=report, is_next=True)
    ] == ["Ask about the raise without sounding impatient"]
    assert selectors.agenda_for(occurrence=occurrence, person=manager, is_next=True) == []
    assert SearchEntry.objects.get().private_to == report


def test_the_guard_s_verdict_is_stored_and_can_be_overruled(
    series: Series, report: Person
) -> None:
    point = add(nth(series, 0), report, "Review my PR #482")
    assert point.off_topic_kind == "work-review"
    assert point.shows_nudge
    services.talking_point_keep(point=point, by=report)
    point.refresh_from_db()
    assert point.off_topic_kind == "work-review"
    assert not point.shows_nudge


def test_empty_or_overlong_points_are_refused(series: Series, report: Person) -> None:
    with pytest.raises(MeetingError, match="Write what you want"):
        add(nth(series, 0), report, "   ")
    with pytest.raises(MeetingError, match="under 500 characters"):
        add(nth(series, 0), report, "x" * 501)
    assert not TalkingPoint.objects.exists()


def test_strangers_cannot_add_points(series: Series) -> None:
    with pytest.raises(MeetingError):
        add(nth(series, 0), PersonFactory.create(), "Hello")


def test_an_edit_based_on_an_old_version_changes_nothing(series: Series, report: Person) -> None:
    point = add(nth(series, 0), report, "First wording")
    services.talking_point_edit(point=point, by=report, text="Second wording", version=1)
    with pytest.raises(MeetingError, match="now reads “Second wording”"):
        services.talking_point_edit(point=point, by=report, text="Stale wording", version=1)
    point.refresh_from_db()
    assert (point.text, point.version) == ("Second wording", 2)


def test_only_the_author_edits_or_removes(series: Series, manager: Person, report: Person) -> None:
    point = add(nth(series, 0), report, "Mine")
    with pytest.raises(MeetingError):
        services.talking_point_delete(point=point, by=manager)
    services.talking_point_delete(point=point, by=report)
    assert not TalkingPoint.objects.exists()
    assert not SearchEntry.objects.exists()


def test_points_move_up_and_down_within_their_author_s_part(
    series: Series, report: Person
) -> None:
    occurrence = nth(series, 0)
    first, _, third = (add(occurrence, report, text) for text in ("one", "two", "three"))
    services.talking_point_move(point=third, by=report, up=True)
    agenda = selectors.agenda_for(occurrence=occurrence, person=report, is_next=True)
    assert [point.text for point in agenda] == ["one", "three", "two"]
    services.talking_point_move(point=first, by=report, up=True)  # already at the top
    assert [
        point.text
        for point in selectors.agenda_for(occurrence=occurrence, person=report, is_next=True)
    ] == ["one", "three", "two"]


def test_undiscussed_points_carry_over_across_three_occurrences(
    series: Series, manager: Person, report: Person
) -> None:
    first, second, third, fourth = (nth(series, n) for n in range(4))
    lingering = add(first, report, "Conference budget")
    done = add(first, report, "Feedback on the retro")
    services.talking_point_set_discussed(point=done, by=manager, occurrence=first, discussed=True)
    for occurrence in (first, second, third):
        meetings.occurrence_hold(occurrence=occurrence, by=manager, now=occurrence.end)
    lingering.refresh_from_db()
    assert (lingering.occurrence, lingering.carried) == (fourth, 3)
    done.refresh_from_db()
    assert (done.occurrence, done.carried) == (first, 0)


def test_a_cancelled_1_1_hands_its_agenda_to_the_next(
    series: Series, manager: Person, report: Person
) -> None:
    point = add(nth(series, 1), report, "Career")
    meetings.occurrence_cancel(occurrence=nth(series, 1), by=manager, now=T0)
    point.refresh_from_db()
    assert point.occurrence == nth(series, 2)
    assert point.carried == 1


def test_pausing_keeps_points_for_the_next_1_1(
    series: Series, manager: Person, report: Person
) -> None:
    point = add(nth(series, 2), report, "Parental leave plans")
    meetings.series_pause(series=series, by=manager, now=T0)
    point.refresh_from_db()
    assert point.occurrence is None
    resumed = meetings.series_resume(
        series=series, by=manager, from_day=date(2026, 4, 1), now=T0 + timedelta(days=20)
    )
    upcoming = resumed.occurrences.order_by("start").first()
    assert upcoming is not None
    agenda = selectors.agenda_for(occurrence=upcoming, person=report, is_next=True)
    assert [point.text for point in agenda] == ["Parental leave plans"]


def test_recurring_points_stay_and_private_ones_are_private(
    series: Series, manager: Person, report: Person
) -> None:
    services.recurring_point_add(
        pair=series.pair, author=manager, text="How are you, really?", is_private=False
    )
    services.recurring_point_add(
        pair=series.pair, author=report, text="Remember to breathe", is_private=True
    )
    assert [point.text for point in selectors.recurring_for(pair=series.pair, person=manager)] == [
        "How are you, really?"
    ]
    assert len(selectors.recurring_for(pair=series.pair, person=report)) == 2
