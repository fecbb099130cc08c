"""Two people (or one client twice) writing at once, with real threads and real connections."""

import random
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from showup.agendas.models import TalkingPoint
from showup.agendas.services import talking_point_add, talking_point_move
from showup.meetings.models import Occurrence
from showup.people.models import Person
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
