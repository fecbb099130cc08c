"""Who may read a pair: the one rule (Pair.objects.of), and the hand-written query that repeats it."""

import pytest
from django.utils import timezone

from showup.meetings.models import Occurrence, Pair
from showup.meetings.selectors import occurrence_page_key, pairs_of
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series


@pytest.fixture
def occurrence(db: None) -> Occurrence:
    manager = PersonFactory.create(name="Morgan Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    series = weekly_series(manager, report, first_day=timezone.localdate())
    found = series.occurrences.first()
    assert found is not None
    return found


def _people(occurrence: Occurrence) -> tuple[Person, Person, Person]:
    pair = occurrence.pair
    return pair.lead, pair.member, PersonFactory.create(name="Sam Stranger")


def test_it_finds_the_pairs_of_each_person_and_no_other(occurrence: Occurrence) -> None:
    lead, member, stranger = _people(occurrence)
    assert list(pairs_of(lead)) == list(pairs_of(member)) == [occurrence.pair]
    assert not pairs_of(stranger).exists()
    assert list(Pair.objects.of(lead.pk, stranger.pk)) == [occurrence.pair]


def test_the_page_key_answers_the_pair_only(occurrence: Occurrence) -> None:
    lead, member, stranger = _people(occurrence)
    now = timezone.now()
    for reader, other in ((lead, member), (member, lead)):
        key = occurrence_page_key(person=reader, occurrence_id=occurrence.pk, now=now)
        assert (key.occurrence_id, key.other_name) == (occurrence.pk, other.name)
    with pytest.raises(Occurrence.DoesNotExist):
        occurrence_page_key(person=stranger, occurrence_id=occurrence.pk, now=now)
