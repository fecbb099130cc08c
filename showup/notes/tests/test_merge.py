"""One note, two writers: edits made from the same text are merged; only the same words conflict."""

import threading
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from showup.meetings.models import Occurrence
from showup.notes.merge import merge_texts
from showup.notes.models import Note
from showup.notes.services import note_save
from showup.notes.tests.test_notes import occurrence, people
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
__all__ = ["occurrence", "people"]  # fixtures shared with test_notes.py
BASE = "Talked about the launch.\nRiley wants to own the next release.\nMax books the course."


def test_edits_to_different_words_merge_and_the_same_words_conflict() -> None:
    mine = BASE.replace("the launch", "the launch and the budget")
    theirs = BASE.replace("the next release", "the next big release end to end")
    assert merge_texts(base=BASE, mine=mine, theirs=theirs) == (
        "Talked about the launch and the budget.\n"
        "Riley wants to own the next big release end to end.\nMax books the course."
    )
    both = BASE.replace("the course", "the Kafka course"), BASE.replace("the course", "a course")
    assert merge_texts(base=BASE, mine=both[0], theirs=both[1]) is None


def test_two_lines_added_at_the_end_are_both_kept_theirs_first() -> None:
    merged = merge_texts(base=BASE, mine=BASE + "\nMine: slides.", theirs=BASE + "\nTheirs: demo.")
    assert merged == BASE + "\nTheirs: demo.\nMine: slides."


def test_a_merge_gives_every_character_back_whitespace_emoji_and_all() -> None:
    text = "  Wellbeing 🙂 — late nights\t\n\n- item (one)\r\n"
    assert merge_texts(base=text, mine=text, theirs=text) == text
    assert merge_texts(base="", mine="Only mine 🎉", theirs="") == "Only mine 🎉"


def shared(occurrence: Occurrence, by: Person, body: str, version: int, base: str) -> object:
    return note_save(
        occurrence=occurrence,
        by=by,
        private=False,
        body=body,
        base_version=version,
        base_body=base,
    )


def test_a_save_behind_a_newer_one_merges_into_it(
    occurrence: Occurrence, people: tuple[Person, Person]
) -> None:
    manager, report = people
    note_save(occurrence=occurrence, by=report, private=False, body=BASE, base_version=0)
    theirs = BASE.replace("the next release", "the next big release")
    shared(occurrence, manager, theirs, 1, BASE)
    result = shared(occurrence, report, BASE + "\nAction: Riley drafts the plan.", 1, BASE)
    note = Note.objects.get(occurrence=occurrence, is_private=False)
    assert note.body == theirs + "\nAction: Riley drafts the plan."
    assert note.version == 3
    assert result.merged  # type: ignore[attr-defined]
    assert result.saved  # type: ignore[attr-defined]


def test_the_same_words_changed_by_both_is_a_conflict_and_nothing_is_overwritten(
    occurrence: Occurrence, people: tuple[Person, Person]
) -> None:
    manager, report = people
    note_save(occurrence=occurrence, by=report, private=False, body=BASE, base_version=0)
    shared(occurrence, manager, BASE.replace("the course", "the Kafka course"), 1, BASE)
    result = shared(occurrence, report, BASE.replace("the course", "a course"), 1, BASE)
    assert not result.saved  # type: ignore[attr-defined]
    assert Note.objects.get(occurrence=occurrence).body.endswith("the Kafka course.")


def test_over_htmx_a_merged_save_answers_with_the_merged_text_to_take_in(
    occurrence: Occurrence, people: tuple[Person, Person]
) -> None:
    manager, report = people
    note_save(occurrence=occurrence, by=report, private=False, body=BASE, base_version=0)
    shared(occurrence, manager, "Agenda agreed.\n" + BASE, 1, BASE)
    client = Client()
    client.force_login(report)
    response = client.post(
        reverse("notes:save", args=[occurrence.pk, "shared"]),
        {"body": BASE + "\nMine.", "version": "1", "base": BASE},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert 'id="note-shared-merged"' in html
    assert 'data-version="3"' in html
    assert "Agenda agreed.\nTalked about" in html
    assert "merged with what was saved meanwhile" in html


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_at_once_from_the_same_text_keep_both_edits() -> None:
    """Real threads, each with its own connection, released together: on both databases."""
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    occurrence = weekly_series(
        manager, report, first_day=date(2026, 3, 2), now=T0
    ).occurrences.all()[0]
    note_save(occurrence=occurrence, by=report, private=False, body=BASE, base_version=0)
    edits = {
        manager.pk: BASE.replace("Talked about", "We talked about"),
        report.pk: BASE.replace("the course.", "the course by Friday."),
    }
    start, errors = threading.Barrier(2), []

    def save(person_id: int) -> None:
        try:
            start.wait(timeout=10)
            person = Person.objects.get(pk=person_id)
            shared(Occurrence.objects.get(pk=occurrence.pk), person, edits[person_id], 1, BASE)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(pk,)) for pk in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    note = Note.objects.get(occurrence=occurrence, is_private=False)
    assert note.body == (
        "We talked about the launch.\nRiley wants to own the next release.\n"
        "Max books the course by Friday."
    )
    assert note.version == 3
