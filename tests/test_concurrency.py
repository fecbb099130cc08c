"""Two people (or one client twice) writing at once, with real threads and real connections."""

import random
import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from showup.agendas.models import TalkingPoint
from showup.agendas.services import (
    talking_point_add,
    talking_point_move,
    talking_points_carry_over,
)
from showup.meetings.models import Occurrence
from showup.people.models import Person
from showup.performance.models import Review, ReviewPoint
from showup.performance.services import review_create, review_point_add, review_point_remove
from tests.factories import PersonFactory, weekly_series

MOVES_EACH = 25


def _mover(person_id: int, point_ids: list[int], seed: int, errors: list[BaseException]) -> None:
    chance = random.Random(seed)
    try:
        person = Person.objects.get(pk=person_id)
        for _ in range(MOVES_EACH):
            # Read the point as a view does, then move it: the read may be stale by the time it writes.
            point = TalkingPoint.objects.get(pk=chance.choice(point_ids))
            talking_point_move(point=point, by=person, up=chance.random() < 0.5)
    except BaseException as error:
        errors.append(error)
    finally:
        connection.close()


def _adder(person_id: int, occurrence_id: int, errors: list[BaseException]) -> None:
    try:
        person = Person.objects.get(pk=person_id)
        occurrence = Occurrence.objects.get(pk=occurrence_id)
        for n in range(5):
            talking_point_add(
                occurrence=occurrence, author=person, text=f"Late idea {n}", is_private=False
            )
    except BaseException as error:
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_and_adds_leave_every_point_in_its_own_place() -> None:
    manager = PersonFactory.create()
    report = PersonFactory.create(manager=manager)
    start = timezone.now() - timedelta(days=1)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    occurrence = series.occurrences.filter(start__gt=timezone.now()).order_by("start").first()
    assert occurrence is not None
    points = [
        talking_point_add(
            occurrence=occurrence, author=report, text=f"Point {n}", is_private=False
        )
        for n in range(7)
    ]
    ids = [point.pk for point in points]
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_mover, args=(report.pk, ids, 1, errors)),
        threading.Thread(target=_mover, args=(manager.pk, ids, 2, errors)),
        threading.Thread(target=_mover, args=(report.pk, ids, 3, errors)),
        threading.Thread(target=_adder, args=(manager.pk, occurrence.pk, errors)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    positions = sorted(
        TalkingPoint.objects.filter(occurrence=occurrence).values_list("position", flat=True)
    )
    assert positions == list(range(1, 13))


def _post_once(person_id: int, url: str, results: list[int], errors: list[BaseException]) -> None:
    from django.test import Client

    try:
        client = Client()
        client.force_login(Person.objects.get(pk=person_id))
        response = client.post(url, {"text": "Sent twice at once", "once": "t" * 32})
        results.append(response.status_code)
    except BaseException as error:
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_adds_one_point() -> None:
    from django.urls import reverse

    manager = PersonFactory.create()
    report = PersonFactory.create(manager=manager)
    start = timezone.now() - timedelta(days=1)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    occurrence = series.occurrences.filter(start__gt=timezone.now()).order_by("start").first()
    assert occurrence is not None
    url = reverse("agendas:point-add", args=[occurrence.pk])
    results: list[int] = []
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_post_once, args=(report.pk, url, results, errors))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert results == [302, 302, 302, 302]
    assert TalkingPoint.objects.filter(occurrence=occurrence).count() == 1


def _pair_with_next_occurrence() -> tuple[Person, Person, Occurrence]:
    manager = PersonFactory.create()
    report = PersonFactory.create(manager=manager)
    start = timezone.now() - timedelta(days=1)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    occurrence = series.occurrences.filter(start__gt=timezone.now()).order_by("start").first()
    assert occurrence is not None
    return manager, report, occurrence


def _add_one(
    person_id: int, occurrence_id: int, go: threading.Event, errors: list[BaseException]
) -> None:
    try:
        person = Person.objects.get(pk=person_id)
        occurrence = Occurrence.objects.get(pk=occurrence_id)
        go.wait(timeout=30)
        talking_point_add(occurrence=occurrence, author=person, text="At once", is_private=False)
    except BaseException as error:
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_eighteen_adds_at_once_take_eighteen_places() -> None:
    manager, report, occurrence = _pair_with_next_occurrence()
    go = threading.Event()
    errors: list[BaseException] = []
    threads = [
        threading.Thread(
            target=_add_one, args=((manager, report)[n % 2].pk, occurrence.pk, go, errors)
        )
        for n in range(18)
    ]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    positions = sorted(
        TalkingPoint.objects.filter(occurrence=occurrence).values_list("position", flat=True)
    )
    assert positions == list(range(1, 19))


@pytest.mark.django_db
def test_the_database_itself_refuses_two_points_in_one_place() -> None:
    manager, report, occurrence = _pair_with_next_occurrence()
    point = talking_point_add(occurrence=occurrence, author=report, text="One", is_private=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        TalkingPoint.objects.create(
            pair=occurrence.pair,
            occurrence=occurrence,
            author=manager,
            text="Two",
            position=point.position,
        )


@pytest.mark.django_db
def test_carried_points_and_backlog_points_sharing_numbers_all_find_a_place() -> None:
    manager, report, occurrence = _pair_with_next_occurrence()
    following = (
        Occurrence.objects.filter(pair=occurrence.pair, start__gt=occurrence.start)
        .order_by("start")
        .first()
    )
    assert following is not None
    for n in range(3):
        talking_point_add(
            occurrence=following, author=manager, text=f"Ahead {n}", is_private=False
        )
        talking_point_add(occurrence=occurrence, author=report, text=f"Now {n}", is_private=False)
    for n in range(3):  # waiting points from dropped 1:1s: the same numbers as the others
        TalkingPoint.objects.create(
            pair=occurrence.pair, occurrence=None, author=report, text=f"Backlog {n}", position=1
        )
    assert talking_points_carry_over(occurrence=occurrence, now=occurrence.end) == 6
    agenda = list(TalkingPoint.objects.filter(occurrence=following).order_by("position"))
    assert [point.position for point in agenda] == list(range(1, 10))
    assert [point.text[:4] for point in agenda[:6]].count("Ahea") == 0  # carried come first


def _add_review_point(
    review_id: int, by_id: int, go: threading.Event, errors: list[BaseException]
) -> None:
    try:
        review = Review.objects.get(pk=review_id)
        by = Person.objects.get(pk=by_id)
        go.wait(timeout=30)
        review_point_add(review=review, by=by, text="Point", is_concern=False, observations=[])
    except BaseException as error:
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_review_points_added_at_once_and_after_a_removal_never_share_a_place() -> None:
    manager, _report, occurrence = _pair_with_next_occurrence()
    review = review_create(
        pair=occurrence.pair,
        by=manager,
        period_start=timezone.now().date() - timedelta(days=90),
        period_end=timezone.now().date(),
    )
    first = review_point_add(
        review=review, by=manager, text="First", is_concern=False, observations=[]
    )
    review_point_add(review=review, by=manager, text="Second", is_concern=False, observations=[])
    review_point_remove(point=first, by=manager)  # count() + 1 would now give "Second"'s place
    go = threading.Event()
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_add_review_point, args=(review.pk, manager.pk, go, errors))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    positions = sorted(
        ReviewPoint.objects.filter(review=review).values_list("position", flat=True)
    )
    assert positions == list(range(2, 9))


@pytest.mark.django_db(transaction=True)
def test_a_note_saved_while_a_pause_moves_text_into_it_keeps_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pause appends a dropped date's note while the other person saves the same note."""
    from showup.meetings.services import series_pause
    from showup.notes import services as notes
    from showup.notes.models import Note

    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    start = timezone.now() - timedelta(weeks=2)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    ahead = series.occurrences.filter(start__gt=timezone.now()).order_by("start")
    dropped = ahead[0]
    last = series.occurrences.filter(start__lt=timezone.now()).order_by("-start")[0]
    said = "Hello\nWhat we said"
    notes.note_save(occurrence=last, by=report, private=False, body=said, base_version=0)
    notes.note_save(
        occurrence=dropped, by=report, private=False, body="Prep words", base_version=0
    )
    pausing_read_the_note = threading.Event()
    real_first = notes.Note.objects.select_for_update

    def slow_lock(*args: Any, **kwargs: Any) -> Any:
        # The pause is about to lock the note: let the other save start, and give it time to land.
        pausing_read_the_note.set()
        threading.Event().wait(0.5)
        return real_first(*args, **kwargs)

    monkeypatch.setattr(notes.Note.objects, "select_for_update", slow_lock)
    errors: list[BaseException] = []
    saved: list[bool] = []

    def pause() -> None:
        try:
            series_pause(series=series, by=manager)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    def save() -> None:
        try:
            pausing_read_the_note.wait(5)
            result = notes.note_save(
                occurrence=last,
                by=report,
                private=False,
                body="Hello and more\nWhat we said",
                base_version=1,
                base_body=said,
            )
            saved.append(result.saved)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=pause), threading.Thread(target=save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert saved == [True]
    body = Note.objects.get(occurrence=last, is_private=False).body
    assert body.startswith("Hello and more\nWhat we said")
    assert body.endswith("Prep words")
