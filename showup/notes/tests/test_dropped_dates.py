"""A pause, an end or a new schedule drops the dates ahead; the notes written for them stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from showup.agendas.models import TalkingPoint
from showup.agendas.services import talking_point_add, talking_point_set_discussed
from showup.history.models import SearchEntry
from showup.history.search import search
from showup.meetings.models import Occurrence, Series
from showup.meetings.recurrence import cadence_rule
from showup.meetings.schedule import Schedule
from showup.meetings.services import series_change, series_end, series_pause, series_resume
from showup.notes.models import Note
from showup.notes.services import note_save
from showup.people.models import Person
from showup.performance.models import Observation
from showup.performance.services import observation_raise, observation_record
from tests.factories import PersonFactory, weekly_series

pytestmark = pytest.mark.django_db

State = Occurrence.State


@pytest.fixture
def manager(db: None) -> Person:
    return PersonFactory.create(name="Max Manager")


@pytest.fixture
def report(manager: Person) -> Person:
    return PersonFactory.create(name="Riley Report", manager=manager)


@pytest.fixture
def running(manager: Person, report: Person) -> Series:
    """Weekly since two weeks ago: 1:1s behind it and ahead of it."""
    start = timezone.now() - timedelta(weeks=2)
    return weekly_series(manager, report, first_day=start.date(), now=start)


def next_of(series: Series) -> Occurrence:
    ahead = series.occurrences.filter(state=State.SCHEDULED, start__gt=timezone.now())
    return ahead.order_by("start")[0]


def write_ahead(occurrence: Occurrence, manager: Person, report: Person) -> None:
    note_save(
        occurrence=occurrence, by=report, private=False, body="Agenda: zebra", base_version=0
    )
    note_save(
        occurrence=occurrence, by=report, private=True, body="nervous walrus", base_version=0
    )
    note_save(
        occurrence=occurrence, by=manager, private=True, body="ask re giraffe", base_version=0
    )


def bodies(occurrence: Occurrence) -> dict[tuple[bool, str], str]:
    return {
        (note.is_private, note.author.name if note.author else ""): note.body
        for note in Note.objects.filter(occurrence=occurrence).select_related("author")
    }


def found(person: Person, word: str) -> list[int | None]:
    """The 1:1 each of `person`'s search results for `word` links to."""
    ids = search(person=person, text=word).ids
    return [entry.occurrence_id for entry in SearchEntry.objects.filter(pk__in=ids)]


def test_a_pause_moves_them_to_the_last_1_1_each_to_the_same_readers(
    running: Series, manager: Person, report: Person
) -> None:
    dropped = next_of(running)
    write_ahead(dropped, manager, report)
    series_pause(series=running, by=manager)
    assert not Occurrence.objects.filter(pk=dropped.pk).exists()
    home = running.occurrences.order_by("-start")[0]
    kept = bodies(home)
    day = f"{dropped.start.astimezone(running.zone):%a %-d %b %Y}"
    assert kept[(False, "")].endswith("Agenda: zebra")
    assert f"Written for the 1:1 of {day}, which no longer takes place" in kept[(False, "")]
    assert kept[(True, "Riley Report")].endswith("nervous walrus")
    assert kept[(True, "Max Manager")].endswith("ask re giraffe")
    # Search finds each where it now is, for its readers only; nothing points at the dropped date.
    assert found(report, "zebra") == found(manager, "zebra") == [home.pk]
    assert found(report, "walrus") == [home.pk]
    assert found(manager, "walrus") == []
    assert found(manager, "giraffe") == [home.pk]
    assert found(report, "giraffe") == []
    assert not SearchEntry.objects.filter(kind="note", occurrence__isnull=True).exists()


def test_a_new_schedule_moves_them_to_its_first_date_on_or_after_theirs_after_any_notes_there(
    running: Series, manager: Person, report: Person
) -> None:
    dropped = next_of(running)
    write_ahead(dropped, manager, report)
    day = dropped.start.astimezone(running.zone).date() + timedelta(days=1)
    schedule = Schedule(
        rule=cadence_rule("weekly", day),
        first_day=day,
        at=running.local_first_start.time(),
        timezone=running.timezone,
    )
    changed = series_change(
        series=running, schedule=schedule, by=manager, from_day=day - timedelta(days=1)
    )
    home = changed.occurrences.order_by("start")[0]
    assert home.start.astimezone(changed.zone).date() == day
    assert bodies(home)[(False, "")].endswith("Agenda: zebra")
    assert bodies(home)[(True, "Riley Report")].endswith("nervous walrus")
    assert found(manager, "zebra") == [home.pk]


def test_moved_text_is_added_under_what_the_1_1_already_had(
    running: Series, manager: Person, report: Person
) -> None:
    dropped = next_of(running)
    home = running.occurrences.filter(start__lt=dropped.start).order_by("-start")[0]
    note_save(occurrence=home, by=report, private=False, body="What we said then", base_version=0)
    write_ahead(dropped, manager, report)
    series_end(series=running, by=manager)
    shared = Note.objects.get(occurrence=home, is_private=False)
    assert shared.body.startswith("What we said then\n\n_Written for the 1:1 of")
    assert shared.body.endswith("Agenda: zebra")
    assert shared.version == 2


def test_empty_notes_of_dropped_dates_go_with_them(
    running: Series, manager: Person, report: Person
) -> None:
    dropped = next_of(running)
    note_save(occurrence=dropped, by=report, private=False, body="", base_version=0)
    series_pause(series=running, by=manager)
    assert not Note.objects.exists()


@pytest.mark.parametrize("stop", [series_pause, series_end])
def test_a_pair_whose_every_1_1_is_ahead_keeps_the_first_called_off_with_its_notes(
    manager: Person, report: Person, stop: object
) -> None:
    series = weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=2))
    first, second = series.occurrences.order_by("start")[:2]
    write_ahead(second, manager, report)
    stop(series=series, by=manager)  # type: ignore[operator]
    assert list(Occurrence.objects.filter(pair=series.pair)) == [first]
    first.refresh_from_db()
    assert (first.state, first.outcome_by) == (State.CANCELLED, manager)
    assert first.outcome_note.startswith("The 1:1s were")
    assert bodies(first)[(True, "Riley Report")].endswith("nervous walrus")


def test_the_first_date_stays_whether_or_not_anyone_wrote_for_it(
    manager: Person, report: Person
) -> None:
    """Decided by the dates alone: what stays tells the manager nothing about a private note."""
    series = weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=2))
    series_pause(series=series, by=manager)
    assert Occurrence.objects.filter(pair=series.pair, state=State.CANCELLED).count() == 1


def test_resuming_after_a_pause_loses_nothing_written_before_it(
    running: Series, manager: Person, report: Person
) -> None:
    write_ahead(next_of(running), manager, report)
    series_pause(series=running, by=manager)
    resumed = series_resume(
        series=running, by=manager, from_day=timezone.localdate() + timedelta(days=7)
    )
    assert resumed.occurrences.exists()
    assert sorted(Note.objects.values_list("body", flat=True))[0].startswith("_Written for")
    assert Note.objects.filter(body__endswith="nervous walrus", author=report).count() == 1


def test_a_1_1_moved_earlier_that_took_place_is_not_dropped(
    running: Series, manager: Person, report: Person
) -> None:
    """Held but not yet marked, a concern raised in it: a pause leaves it, and does not fail."""
    moved = next_of(running)
    Occurrence.objects.filter(pk=moved.pk).update(
        start=timezone.now() - timedelta(hours=2), end=timezone.now() - timedelta(hours=1)
    )
    moved.refresh_from_db()
    concern = observation_record(pair=running.pair, by=manager, kind="concern", text="Late twice")
    Observation.objects.filter(pk=concern.pk).update(created_at=moved.start - timedelta(days=1))
    concern.refresh_from_db()
    observation_raise(observation=concern, by=manager, occurrence=moved)
    series_pause(series=running, by=manager)
    moved.refresh_from_db()
    assert moved.state == State.SCHEDULED
    assert Observation.objects.get(pk=concern.pk).raised_in_id == moved.pk


def test_a_point_ticked_on_a_dropped_date_stays_a_record_on_the_nearest_1_1(
    running: Series, manager: Person, report: Person
) -> None:
    """Not dateless: a ticked point without a 1:1 showed, ticked, on every next agenda."""
    dropped = next_of(running)
    ticked = talking_point_add(
        occurrence=dropped, author=report, text="Said already", is_private=False
    )
    open_point = talking_point_add(
        occurrence=dropped, author=report, text="Still open", is_private=False
    )
    talking_point_set_discussed(point=ticked, by=report, occurrence=dropped, discussed=True)
    series_pause(series=running, by=manager)
    last = running.occurrences.order_by("-start")[0]
    assert TalkingPoint.objects.get(pk=ticked.pk).occurrence_id == last.pk
    assert TalkingPoint.objects.get(pk=open_point.pk).occurrence_id is None  # waits, as before
