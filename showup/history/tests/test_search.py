from datetime import UTC, date, datetime

import pytest

from showup.actions.services import action_add
from showup.agendas.services import talking_point_add
from showup.history.highlight import highlight
from showup.history.search import CANDIDATES, Query, entries, search
from showup.meetings.models import Series
from showup.notes.services import note_save
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)


def texts(person: Person, query: str) -> list[str]:
    return [entry.body for entry in entries(search(person=person, text=query).ids)]


def test_it_finds_points_notes_and_actions_by_word_prefix(series: Series) -> None:
    first, second = series.occurrences.order_by("start")[:2]
    lead, member = series.pair.lead, series.pair.member
    talking_point_add(occurrence=first, author=member, text="Path to promotion", is_private=False)
    note_save(
        occurrence=second,
        by=lead,
        private=False,
        body="We agreed on the promotion milestones.",
        base_version=0,
    )
    action_add(
        occurrence=second, by=lead, owner=lead, text="Share promotion criteria", due_on=None
    )
    talking_point_add(occurrence=first, author=member, text="Holiday in August", is_private=False)
    found = texts(member, "promo")
    assert sorted(found) == [
        "Path to promotion",
        "Share promotion criteria",
        "We agreed on the promotion milestones.",
    ]
    assert texts(member, "promotion milestones") == ["We agreed on the promotion milestones."]


def test_newest_meetings_come_first(series: Series) -> None:
    first, second = series.occurrences.order_by("start")[:2]
    talking_point_add(
        occurrence=second, author=series.pair.member, text="Budget, second time", is_private=False
    )
    talking_point_add(
        occurrence=first, author=series.pair.member, text="Budget, first time", is_private=False
    )
    assert texts(series.pair.lead, "budget") == ["Budget, second time", "Budget, first time"]


def test_private_text_is_found_by_its_author_and_nobody_else(series: Series) -> None:
    first = series.occurrences.order_by("start")[0]
    lead, member = series.pair.lead, series.pair.member
    note_save(
        occurrence=first, by=lead, private=True, body="Worried about burnout", base_version=0
    )
    talking_point_add(
        occurrence=first, author=member, text="Burnout prep, private", is_private=True
    )
    assert texts(lead, "burnout") == ["Worried about burnout"]
    assert texts(member, "burnout") == ["Burnout prep, private"]


@pytest.mark.parametrize("who", ["stranger", "admin", "skip-level manager"])
def test_nobody_outside_the_pair_finds_anything(series: Series, who: str) -> None:
    talking_point_add(
        occurrence=series.occurrences.order_by("start")[0],
        author=series.pair.member,
        text="Salary talk",
        is_private=False,
    )
    director = PersonFactory.create()
    series.pair.lead.manager = director
    series.pair.lead.save()
    outsider = {
        "stranger": PersonFactory.create(),
        "admin": PersonFactory.create(is_admin=True),
        "skip-level manager": director,
    }[who]
    assert texts(outsider, "salary") == []


def test_query_syntax_cannot_break_the_search(series: Series) -> None:
    talking_point_add(
        occurrence=series.occurrences.order_by("start")[0],
        author=series.pair.member,
        text="C++ or Rust?",
        is_private=False,
    )
    for nasty in ['"', "NEAR(", "a OR", "*", "') OR 1=1 --", "rust:*", "&|!"]:
        search(person=series.pair.member, text=nasty)
    assert texts(series.pair.member, "rust") == ["C++ or Rust?"]
    assert not Query.parse("  ,;  ")


def test_matches_are_highlighted_in_escaped_text() -> None:
    html = highlight("<b>Promotion</b> plans and promoted people", ("promot",))
    assert (
        html == "&lt;b&gt;<mark>Promotion</mark>&lt;/b&gt; plans and <mark>promoted</mark> people"
    )


def test_case_and_accents_do_not_matter_but_word_starts_do(series: Series) -> None:
    talking_point_add(
        occurrence=series.occurrences.order_by("start")[0],
        author=series.pair.member,
        text="Über-Planung für das Café",
        is_private=False,
    )
    assert texts(series.pair.member, "uber cafe") == ["Über-Planung für das Café"]
    assert texts(series.pair.member, "PLANUNG") == ["Über-Planung für das Café"]
    assert texts(series.pair.member, "lanung") == []


def test_the_more_relevant_entry_comes_first_and_recency_breaks_ties(series: Series) -> None:
    first, second = series.occurrences.order_by("start")[:2]
    member = series.pair.member
    talking_point_add(
        occurrence=first, author=member, text="Holiday plans, then career", is_private=False
    )
    talking_point_add(
        occurrence=first, author=member, text="Career plan and the career ladder", is_private=False
    )
    talking_point_add(
        occurrence=second, author=member, text="Holiday plans, then career", is_private=False
    )
    found = entries(search(person=member, text="career").ids)
    assert [entry.body for entry in found] == [
        "Career plan and the career ladder",
        "Holiday plans, then career",
        "Holiday plans, then career",
    ]
    assert [entry.occurrence_id for entry in found[1:]] == [second.pk, first.pk]


def test_a_common_word_reads_a_capped_set_of_the_newest_matches(series: Series) -> None:
    first = series.occurrences.order_by("start")[0]
    for number in range(CANDIDATES + 1):
        talking_point_add(
            occurrence=first, author=series.pair.member, text=f"Goal {number}", is_private=False
        )
    found = search(person=series.pair.member, text="goal")
    assert len(found) == CANDIDATES
    assert found.capped
    assert not search(person=series.pair.member, text="goal 400").capped


def test_an_edited_text_is_found_by_its_new_words(series: Series) -> None:
    from showup.agendas.services import talking_point_edit

    point = talking_point_add(
        occurrence=series.occurrences.order_by("start")[0],
        author=series.pair.member,
        text="Holiday plans",
        is_private=False,
    )
    talking_point_edit(
        point=point, by=series.pair.member, text="Sabbatical plans", version=point.version
    )
    assert texts(series.pair.member, "holiday") == []
    assert texts(series.pair.member, "sabbatical") == ["Sabbatical plans"]
