from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse

from showup.history.models import SearchEntry
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence
from showup.notes.markdown import render_markdown
from showup.notes.models import Note
from showup.notes.selectors import notes_for
from showup.notes.services import note_save
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series
from tests.html import active_content

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def people(db: None) -> tuple[Person, Person]:
    manager = PersonFactory.create(name="Max Manager")
    return manager, PersonFactory.create(name="Riley Report", manager=manager)


@pytest.fixture
def occurrence(people: tuple[Person, Person]) -> Occurrence:
    manager, report = people
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0).occurrences.order_by(
        "start"
    )[0]


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="https://tracker.example/p.gif">',
        "![pixel](https://tracker.example/p.gif)",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
        '<a href="#" onclick="steal()">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<div style="background:url(https://t.example)">x</div>',
        "<svg onload=alert(1)>",
        '[x](https://ok.example "title" onmouseover=alert(1))',
    ],
)
def test_markdown_renders_inert(source: str) -> None:
    assert active_content(render_markdown(source)) == []


def test_markdown_keeps_formatting_and_safe_links() -> None:
    html = render_markdown("**bold** and [docs](https://example.com)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">docs</a>' in html
    assert "<li>one</li>" in html


def test_the_first_save_creates_and_later_saves_need_the_current_version(
    occurrence: Occurrence, people: tuple[Person, Person]
) -> None:
    manager, _ = people
    first = note_save(
        occurrence=occurrence,
        by=manager,
        private=False,
        body="Agreed: fewer meetings",
        base_version=0,
    )
    assert (first.saved, first.note.version) == (True, 1)
    second = note_save(
        occurrence=occurrence,
        by=manager,
        private=False,
        body="Agreed: fewer meetings.\nMore focus.",
        base_version=1,
    )
    assert (second.saved, second.note.version) == (True, 2)


def test_a_simultaneous_edit_is_detected_and_nothing_is_overwritten(
    occurrence: Occurrence, people: tuple[Person, Person]
) -> None:
    manager, report = people
    note_save(occurrence=occurrence, by=manager, private=False, body="Start", base_version=0)
    mine = note_save(
        occurrence=occurrence, by=manager, private=False, body="Manager's text", base_version=1
    )
    theirs = note_save(
        occurrence=occurrence,
        by=report,
        private=False,
        body="Report's text, typed at the same time",
        base_version=1,
    )
    assert mine.saved
    assert not theirs.saved
    assert theirs.note.body == "Manager's text"  # what the report is shown, to merge
    assert Note.objects.get(is_private=False).body == "Manager's text"
    merged = note_save(
        occurrence=occurrence,
        by=report,
        private=False,
        body="Manager's text\nReport's text",
        base_version=theirs.note.version,
    )
    assert merged.saved


def test_two_first_saves_at_once_keep_the_first(
    occurrence: Occurrence, people: tuple[Person, Person]
) -> None:
    manager, report = people
    assert note_save(
        occurrence=occurrence, by=manager, private=False, body="A", base_version=0
    ).saved
    late = note_save(occurrence=occurrence, by=report, private=False, body="B", base_version=0)
    assert not late.saved
    assert Note.objects.get().body == "A"


def test_private_notes_are_their_author_s_alone(
    occurrence: Occurrence, people: tuple[Person, Person]
) -> None:
    manager, report = people
    note_save(
        occurrence=occurrence, by=manager, private=True, body="She seems tired", base_version=0
    )
    note_save(
        occurrence=occurrence, by=report, private=True, body="Ask about the raise", base_version=0
    )
    assert notes_for(occurrence=occurrence, person=manager)[1].body == "She seems tired"  # type: ignore[union-attr]
    assert notes_for(occurrence=occurrence, person=report)[1].body == "Ask about the raise"  # type: ignore[union-attr]
    assert set(SearchEntry.objects.values_list("private_to", flat=True)) == {manager.pk, report.pk}


def test_strangers_and_oversized_notes_are_refused(occurrence: Occurrence) -> None:
    with pytest.raises(MeetingError):
        note_save(
            occurrence=occurrence,
            by=PersonFactory.create(),
            private=False,
            body="x",
            base_version=0,
        )
    with pytest.raises(MeetingError, match="under 50,000 characters"):
        note_save(
            occurrence=occurrence,
            by=occurrence.pair.lead,
            private=False,
            body="x" * 50_001,
            base_version=0,
        )
    assert not Note.objects.exists()


def test_without_javascript_a_conflicting_save_shows_both_texts_and_keeps_mine(
    client: Client, occurrence: Occurrence, people: tuple[Person, Person]
) -> None:
    manager, report = people
    note_save(occurrence=occurrence, by=manager, private=False, body="Manager's", base_version=0)
    client.force_login(report)
    url = reverse("notes:save", args=[occurrence.pk, "shared"])
    response = client.post(url, {"body": "Report's own words", "version": "0"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Manager&#x27;s" in html
    assert "Report&#x27;s own words</textarea>" in html
    assert 'name="version" value="1"' in html
    assert Note.objects.get().body == "Manager's"
    merged = client.post(url, {"body": "Both", "version": "1"})
    assert merged.status_code == 302
    assert Note.objects.get().body == "Both"


def test_without_javascript_a_note_over_the_limit_comes_back_in_the_box(
    client: Client, occurrence: Occurrence
) -> None:
    client.force_login(occurrence.pair.lead)
    url = reverse("notes:save", args=[occurrence.pk, "shared"])
    response = client.post(url, {"body": "y" * 50_001, "version": "0"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "under 50,000 characters" in html
    assert "y" * 50_001 + "</textarea>" in html
    assert not Note.objects.exists()


def test_a_first_save_from_a_page_with_a_stale_version_is_kept(
    occurrence: Occurrence, people: tuple[Person, Person]
) -> None:
    manager, _ = people
    result = note_save(occurrence=occurrence, by=manager, private=False, body="A", base_version=7)
    assert result.saved
    assert Note.objects.get().body == "A"


@pytest.mark.parametrize(("length", "saved"), [(49_999, True), (50_000, True), (50_001, False)])
def test_a_note_is_kept_up_to_its_limit_exactly(
    client: Client, occurrence: Occurrence, length: int, saved: bool
) -> None:
    client.force_login(occurrence.pair.lead)
    url = reverse("notes:save", args=[occurrence.pk, "shared"])
    response = client.post(url, {"body": "n" * length, "version": "0"})
    assert response.status_code == (302 if saved else 400)
    assert Note.objects.filter(body="n" * length).exists() is saved


@pytest.mark.parametrize(
    ("length", "answer"),
    [
        (99_999, "under 50,000 characters"),
        (100_000, "under 50,000 characters"),
        (100_001, "far longer than Showup keeps"),
    ],
)
def test_no_value_past_the_longest_text_reaches_a_view(
    client: Client, occurrence: Occurrence, length: int, answer: str
) -> None:
    """Up to 100,000 characters the note's own rule answers; past it the guard in front of every view."""
    client.force_login(occurrence.pair.lead)
    url = reverse("notes:save", args=[occurrence.pk, "shared"])
    response = client.post(url, {"body": "n" * length, "version": "0"})
    assert response.status_code == 400
    assert answer in response.content.decode()
    assert not Note.objects.exists()
