"""The agenda part of the 1:1 page, for the whole page and for its htmx fragment alike."""

from collections.abc import Iterable
from typing import Any

from showup.agendas import selectors
from showup.agendas.prompts import prompt_groups
from showup.core.converters import url_for_each
from showup.meetings.models import Occurrence
from showup.people.models import Person

POINT_ACTIONS = ("discussed", "keep", "delete", "edit", "move")


def agenda_section(
    *, occurrence: Occurrence, person: Person, is_next: bool, first_meeting: bool
) -> dict[str, object]:
    points = selectors.agenda_for(occurrence=occurrence, person=person, is_next=is_next)
    recurring = selectors.recurring_for(pair=occurrence.pair, person=person)
    _with_urls(points, occurrence, {a: f"agendas:point-{a}" for a in POINT_ACTIONS})
    _with_urls(recurring, occurrence, {"remove": "agendas:recurring-remove"})
    return {
        "points": points,
        "recurring": recurring,
        "prompt_groups": prompt_groups(first_meeting=first_meeting),
        "is_next": is_next,
    }


def _with_urls(rows: Iterable[Any], occurrence: Occurrence, names: dict[str, str]) -> None:
    """Each row's links (`row.urls.<action>`), built from one reverse() per action."""
    makers = {action: url_for_each(name, occurrence.pk) for action, name in names.items()}
    for row in rows:
        row.urls = {action: make(row.pk) for action, make in makers.items()}
