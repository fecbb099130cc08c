"""Two people changing the same 1:1 at once, on real threads with their own connections."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from icalendar import Calendar

from showup.invitations.models import InvitationThread
from showup.invitations.preferences import company_default_set
from showup.invitations.services import thread_next_sequence, thread_of
from showup.mail.models import OutboxMessage
from showup.meetings.models import Occurrence
from showup.meetings.services import occurrence_cancel, occurrence_skip
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

CHANGES_EACH = 4
RAISES_EACH = 20


def _change_each(person_id: int, occurrence_ids: list[int], errors: list[BaseException]) -> None:
    try:
        person = Person.objects.get(pk=person_id)
        for occurrence_id in occurrence_ids:
            occurrence = Occurrence.objects.get(pk=occurrence_id)
            if person.manager_id is None:
                occurrence_cancel(occurrence=occurrence, by=person)
            else:
                occurrence_skip(occurrence=occurrence, by=person)
    except BaseException as error:
        errors.append(error)
    finally:
        connection.close()


def sequence_of(message: OutboxMessage) -> int:
    assert message.calendar is not None
    [event] = Calendar.from_ical(message.calendar).events
    return event.sequence


@pytest.mark.django_db(transaction=True)
def test_changes_at_once_each_get_their_own_higher_sequence() -> None:
    manager = PersonFactory.create()
    report = PersonFactory.create(manager=manager)
    company_default_set(by_default=True, by=manager)
    start = timezone.now() - timedelta(days=1)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    ahead = list(
        series.occurrences.filter(start__gt=timezone.now())
        .order_by("start")
        .values_list("pk", flat=True)[: 2 * CHANGES_EACH]
    )
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_change_each, args=(manager.pk, ahead[::2], errors)),
        threading.Thread(target=_change_each, args=(report.pk, ahead[1::2], errors)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    dropped = OutboxMessage.objects.exclude(kind="invitation-created")
    by_person: dict[str, list[int]] = {}
    for message in dropped:
        by_person.setdefault(message.recipient, []).append(sequence_of(message))
    expected = list(range(2, 2 + 2 * CHANGES_EACH))  # 1 was the set-up
    assert sorted(by_person[manager.email]) == expected
    assert sorted(by_person[report.email]) == expected


def _raise(thread_id: int, got: list[int], errors: list[BaseException]) -> None:
    try:
        for _ in range(RAISES_EACH):
            with transaction.atomic():
                got.append(thread_next_sequence(InvitationThread.objects.get(pk=thread_id)))
    except BaseException as error:
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_a_sequence_raised_from_several_connections_at_once_is_never_given_twice() -> None:
    manager = PersonFactory.create()
    report = PersonFactory.create(manager=manager)
    series = weekly_series(manager, report, first_day=timezone.now().date())
    thread = thread_of(series)
    got: list[int] = []
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_raise, args=(thread.pk, got, errors)) for _ in range(3)]
    for each in threads:
        each.start()
    for each in threads:
        each.join(timeout=120)
    assert errors == []
    assert sorted(got) == list(range(1, 1 + 3 * RAISES_EACH))
