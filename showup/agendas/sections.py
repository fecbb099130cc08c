"""The agenda part of the 1:1 page, for the whole page and for its htmx fragment alike."""

from showup.agendas import selectors
from showup.agendas.prompts import prompt_groups
from showup.core.converters import attach_urls
from showup.meetings.models import Occurrence
from showup.people.models import Person

POINT_ACTIONS = ("discussed", "keep", "delete", "edit", "move")


def agenda_section(
    *, occurrence: Occurrence, person: Person, is_next: bool, first_meeting: bool
) -> dict[str, object]:
    points = selectors.agenda_for(occurrence=occurrence, person=person, is_next=is_next)
    recurring = selectors.recurring_for(pair=occurrence.pair, person=person)
    attach_urls(points, {a: f"agendas:point-{a}" for a in POINT_ACTIONS}, occurrence.pk)
    attach_urls(recurring, {"remove": "agendas:recurring-remove"}, occurrence.pk)
    member_points, lead_points = selectors.member_and_lead(points=points, pair=occurrence.pair)
    return {
        "points": points,
        "member_points": member_points,
        "lead_points": lead_points,
        "recurring": recurring,
        "prompt_groups": prompt_groups(first_meeting=first_meeting),
        "is_next": is_next,
    }
