"""The agenda of a 1:1: read it, add to it, edit, reorder and tick off points."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from showup.agendas import selectors, services
from showup.agendas.models import TalkingPoint
from showup.api.present import point_out
from showup.api.routes.common import answers, caller
from showup.api.schemas import (
    DiscussedIn,
    PointConflictOut,
    PointEditIn,
    PointIn,
    PointMoveIn,
    PointOut,
)
from showup.meetings import selectors as meetings
from showup.meetings.models import Occurrence
from showup.people.models import Person

router = Router(tags=["agenda"])


def _agenda(occurrence: Occurrence, person: Person) -> list[dict[str, Any]]:
    upcoming = meetings.next_occurrence(pair=occurrence.pair, reader=person, now=timezone.now())
    points = selectors.agenda_for(
        occurrence=occurrence,
        person=person,
        is_next=upcoming is not None and upcoming.pk == occurrence.pk,
    )
    return [point_out(point, reader=person) for point in points]


def _point_in(
    person: Person, occurrence_id: int, point_id: int
) -> tuple[Occurrence, TalkingPoint]:
    occurrence = meetings.occurrence_get(person=person, occurrence_id=occurrence_id)
    point = selectors.point_get(person=person, point_id=point_id)
    if point.pair_id != occurrence.pair_id:
        raise TalkingPoint.DoesNotExist
    return occurrence, point


@router.get(
    "/occurrences/{id:occurrence_id}/agenda",
    response=answers(ok=list[PointOut]),
    url_name="agenda",
)
def agenda(request: HttpRequest, occurrence_id: int) -> list[dict[str, Any]]:
    """The points the caller may read, the report's first: shared ones and the caller's own private ones."""
    person = caller(request)
    return _agenda(meetings.occurrence_get(person=person, occurrence_id=occurrence_id), person)


@router.post(
    "/occurrences/{id:occurrence_id}/points",
    response=answers(created=PointOut),
    url_name="point-add",
)
def point_add(request: HttpRequest, occurrence_id: int, point: PointIn) -> Status:
    """Adds a point at the end; `nudge` says if the off-topic guard takes it for work catch-up."""
    person = caller(request)
    occurrence = meetings.occurrence_get(person=person, occurrence_id=occurrence_id)
    added = services.talking_point_add(
        occurrence=occurrence, author=person, text=point.text, is_private=point.private
    )
    return Status(201, point_out(added, reader=person))


@router.patch(
    "/occurrences/{id:occurrence_id}/points/{id:point_id}",
    response=answers(ok=PointOut, conflict=PointConflictOut),
    url_name="point-edit",
)
def point_edit(
    request: HttpRequest, occurrence_id: int, point_id: int, edit: PointEditIn
) -> dict[str, Any] | Status:
    """Rewords a point; if it changed since `version`, answers 409 with it as it is now."""
    person = caller(request)
    _, point = _point_in(person, occurrence_id, point_id)
    if point.version != edit.version:
        return _conflict(point, person)
    try:
        edited = services.talking_point_edit(
            point=point, by=person, text=edit.text, version=edit.version
        )
    except services.AgendaError:
        if point.version == edit.version:
            raise
        return _conflict(point, person)  # changed by someone else between our read and our write
    return point_out(edited, reader=person)


def _conflict(point: TalkingPoint, reader: Person) -> Status:
    return Status(
        409,
        {
            "detail": "Someone changed this point since that version. Nothing was overwritten.",
            "current": point_out(point, reader=reader),
        },
    )


@router.post(
    "/occurrences/{id:occurrence_id}/points/{id:point_id}/move",
    response=answers(ok=list[PointOut]),
    url_name="point-move",
)
def point_move(
    request: HttpRequest, occurrence_id: int, point_id: int, move: PointMoveIn
) -> list[dict[str, Any]]:
    """Swaps the point with its neighbour among its author's points; answers with the new agenda."""
    person = caller(request)
    occurrence, point = _point_in(person, occurrence_id, point_id)
    services.talking_point_move(point=point, by=person, up=move.direction == "up")
    return _agenda(occurrence, person)


@router.post(
    "/occurrences/{id:occurrence_id}/points/{id:point_id}/discussed",
    response=answers(ok=PointOut),
    url_name="point-discussed",
)
def point_discussed(
    request: HttpRequest, occurrence_id: int, point_id: int, mark: DiscussedIn
) -> dict[str, Any]:
    """Ticks the point off on this 1:1 (or back on). A point waiting for the next 1:1 lands here."""
    person = caller(request)
    occurrence, point = _point_in(person, occurrence_id, point_id)
    marked = services.talking_point_set_discussed(
        point=point, by=person, occurrence=occurrence, discussed=mark.discussed
    )
    return point_out(marked, reader=person)
