"""The open 1:1 page's live question: a number and a name travel on it, never the 1:1's content."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.actions.services import action_add
from showup.agendas.services import recurring_point_add, talking_point_add
from showup.meetings.models import Occurrence
from showup.notes.services import note_save
from showup.pages.models import Presence
from showup.people.models import Person
from showup.performance.services import observation_record, review_create
from tests.factories import PersonFactory, weekly_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(db: None) -> Occurrence:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    series = weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=1))
    return series.occurrences.order_by("start")[0]


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def live(client: Client, occurrence: Occurrence, etag: str = "") -> Any:
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(reverse("pages:occurrence-live", args=[occurrence.pk]), headers=headers)


def test_it_answers_304_until_the_other_person_writes(upcoming: Occurrence) -> None:
    manager, report = upcoming.pair.lead, upcoming.pair.member
    client = signed_in(manager)
    first = live(client, upcoming)
    assert first.status_code == 200
    assert live(client, upcoming, first["ETag"]).status_code == 304
    talking_point_add(occurrence=upcoming, author=report, text="Promotion", is_private=False)
    changed = live(client, upcoming, first["ETag"])
    assert changed.status_code == 200
    assert json.loads(changed.content)["stamp"] > json.loads(first.content)["stamp"]


def test_it_says_who_else_has_the_page_open_and_forgets_them_when_they_leave(
    upcoming: Occurrence,
) -> None:
    manager, report = upcoming.pair.lead, upcoming.pair.member
    manager_client, report_client = signed_in(manager), signed_in(report)
    assert json.loads(live(manager_client, upcoming).content)["here"] == []
    live(report_client, upcoming)
    assert json.loads(live(manager_client, upcoming).content)["here"] == ["Riley Report"]
    Presence.objects.filter(person=report).update(seen_at=timezone.now() - timedelta(seconds=26))
    assert json.loads(live(manager_client, upcoming).content)["here"] == []


def test_the_live_channel_never_carries_the_other_person_s_private_words(
    upcoming: Occurrence,
) -> None:
    manager, report = upcoming.pair.lead, upcoming.pair.member
    client = signed_in(manager)
    before = live(client, upcoming)
    talking_point_add(occurrence=upcoming, author=report, text="PRIVATE-worry-7Q", is_private=True)
    note_save(occurrence=upcoming, by=report, private=True, body="PRIVATE-note-7Q", base_version=0)
    after = live(client, upcoming, before["ETag"])
    # Whole words, not a short mark: the page's random form keys can hold any two letters.
    private_words = (b"PRIVATE-worry", b"PRIVATE-note")
    assert not any(words in after.content for words in private_words)
    # What the page then fetches, for this reader, leaves them out too.
    agenda = client.get(
        reverse("agendas:agenda", args=[upcoming.pk]), headers={"HX-Request": "true"}
    )
    note = client.get(reverse("notes:current", args=[upcoming.pk, "shared"]))
    private = client.get(reverse("notes:current", args=[upcoming.pk, "private"]))
    for response in (agenda, note, private):
        assert response.status_code == 200
        assert not any(words in response.content for words in private_words)


def test_the_other_person_never_learns_that_or_when_something_private_was_written(
    upcoming: Occurrence,
) -> None:
    """Not even as a change with nothing to show: the live page hears the shared stamp."""
    manager, report = upcoming.pair.lead, upcoming.pair.member
    client = signed_in(report)
    before = live(client, upcoming)
    talking_point_add(occurrence=upcoming, author=manager, text="Max's own", is_private=True)
    note_save(occurrence=upcoming, by=manager, private=True, body="Max's note", base_version=0)
    recurring_point_add(pair=upcoming.pair, author=manager, text="Ask re pay", is_private=True)
    observation_record(pair=upcoming.pair, by=manager, kind="concern", text="Late twice")
    today = timezone.localdate()
    review_create(pair=upcoming.pair, by=manager, period_start=today, period_end=today)
    assert live(client, upcoming, before["ETag"]).status_code == 304
    action_add(occurrence=upcoming, by=manager, text="Send the budget", owner=manager, due_on=None)
    assert live(client, upcoming, before["ETag"]).status_code == 200


def test_only_the_two_people_may_ask(upcoming: Occurrence) -> None:
    stranger = signed_in(PersonFactory.create())
    assert live(stranger, upcoming).status_code == 404
    assert stranger.get(reverse("notes:current", args=[upcoming.pk, "shared"])).status_code == 404


@pytest.mark.parametrize("weeks", [2, 50])
def test_a_live_question_costs_the_same_whatever_the_history(
    weeks: int, django_assert_num_queries: Any
) -> None:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    start = timezone.now() - timedelta(weeks=weeks)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    occurrence = series.occurrences.filter(start__gt=timezone.now()).order_by("start")[0]
    client = signed_in(manager)
    live(client, occurrence)  # notes the presence: the next ten seconds write nothing
    with django_assert_num_queries(5):  # session, person, the page's key, presence noted?, who
        live(client, occurrence)
