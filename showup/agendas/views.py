"""The agenda's endpoints. Without htmx they go back to the page.

With htmx, a write answers with what it changed: the added, edited or kept
point alone (placed by HX-Retarget), or nothing for a removed one; a move,
which reorders, and any refusal answer with the whole agenda.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import SwapMethod, reswap, retarget

from showup.agendas import selectors, services
from showup.agendas.models import TalkingPoint
from showup.agendas.prompts import is_library_prompt
from showup.agendas.sections import POINT_ACTIONS, agenda_section
from showup.core.converters import attach_urls, id_from
from showup.core.responses import RenderedAfterCommit
from showup.meetings import selectors as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence
from showup.meetings.views.common import after_change, found, section_response, viewer


def _occurrence(request: HttpRequest, occurrence_id: int) -> Occurrence:
    return found(
        lambda: meetings.occurrence_get(person=viewer(request), occurrence_id=occurrence_id)
    )


def _point(request: HttpRequest, point_id: int) -> TalkingPoint:
    return found(lambda: selectors.point_get(person=viewer(request), point_id=point_id))


def agenda_response(request: HttpRequest, occurrence: Occurrence, error: str = "") -> HttpResponse:
    """The agenda fragment for htmx, or the whole page for a plain form post."""

    def section() -> dict[str, object]:
        person = viewer(request)
        upcoming = meetings.next_occurrence(
            pair=occurrence.pair, reader=person, now=timezone.now()
        )
        summary = meetings.summary_of(pair=occurrence.pair, reader=person)
        return agenda_section(
            occurrence=occurrence,
            person=person,
            is_next=upcoming is not None and upcoming.pk == occurrence.pk,
            first_meeting=summary is None or summary.held == 0,
        )

    return section_response(
        request,
        occurrence,
        template="agendas/_agenda.html",
        anchor="agenda",
        section=section,
        error=error,
    )


def _change(
    request: HttpRequest, occurrence: Occurrence, change: Callable[[], object]
) -> HttpResponse:
    return after_change(change, lambda error: agenda_response(request, occurrence, error))


@require_GET
def agenda(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    return agenda_response(request, _occurrence(request, occurrence_id))


@require_POST
def point_add(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = _occurrence(request, occurrence_id)
    text = request.POST.get("text", "")
    source = (
        TalkingPoint.Source.PROMPT
        if request.POST.get("source") == "prompt" and is_library_prompt(text)
        else TalkingPoint.Source.OWN
    )
    return _change_one(
        request,
        occurrence,
        lambda: services.talking_point_add(
            occurrence=occurrence,
            author=viewer(request),
            text=text,
            is_private=request.POST.get("private") == "on",
            source=source,
        ),
        placed=_place_of_new,
    )


def _place_of_new(point: TalkingPoint, occurrence: Occurrence) -> tuple[str, SwapMethod]:
    """Where the agenda puts a new point: after the report's points, or last (member_first)."""
    if selectors.is_members(point=point, pair=occurrence.pair):
        return "#agenda-lead-points", "beforebegin"
    return "#agenda-points", "beforeend"


def _in_place(point: TalkingPoint, occurrence: Occurrence) -> tuple[str, SwapMethod]:
    return f"#point-{point.pk}", "outerHTML"


def _change_one(
    request: HttpRequest,
    occurrence: Occurrence,
    change: Callable[[], TalkingPoint],
    placed: Callable[[TalkingPoint, Occurrence], tuple[str, SwapMethod]] = _in_place,
) -> HttpResponse:
    """A write to one point, answered with that point alone where htmx can place it."""
    try:
        point = change()
    except MeetingError as error:
        return agenda_response(request, occurrence, str(error))
    if not request.htmx:  # type: ignore[attr-defined]
        return agenda_response(request, occurrence)
    target, swap = placed(point, occurrence)
    return reswap(retarget(point_response(request, occurrence, point), target), swap)


def _point_in(
    request: HttpRequest, occurrence_id: int, point_id: int
) -> tuple[Occurrence, TalkingPoint]:
    occurrence = _occurrence(request, occurrence_id)
    point = _point(request, point_id)
    if point.pair_id != occurrence.pair_id:
        raise Http404
    return occurrence, point


def _version(request: HttpRequest) -> int:
    return id_from(request.POST.get("version", "")) or 0


@require_POST
def point_edit(request: HttpRequest, occurrence_id: int, point_id: int) -> HttpResponse:
    occurrence, point = _point_in(request, occurrence_id, point_id)
    text = request.POST.get("text", "")
    return _change_one(
        request,
        occurrence,
        lambda: services.talking_point_edit(
            point=point, by=viewer(request), text=text, version=_version(request)
        ),
    )


@require_POST
def point_delete(request: HttpRequest, occurrence_id: int, point_id: int) -> HttpResponse:
    occurrence, point = _point_in(request, occurrence_id, point_id)
    try:
        services.talking_point_delete(point=point, by=viewer(request))
    except MeetingError as error:
        return agenda_response(request, occurrence, str(error))
    if not request.htmx:  # type: ignore[attr-defined]
        return agenda_response(request, occurrence)
    return reswap(retarget(HttpResponse(), f"#point-{point_id}"), "delete")


@require_POST
def point_discussed(request: HttpRequest, occurrence_id: int, point_id: int) -> HttpResponse:
    occurrence, point = _point_in(request, occurrence_id, point_id)
    discussed = request.POST.get("discussed") == "on"
    return _change_one(
        request,
        occurrence,
        lambda: services.talking_point_set_discussed(
            point=point, by=viewer(request), occurrence=occurrence, discussed=discussed
        ),
    )


def point_response(
    request: HttpRequest, occurrence: Occurrence, point: TalkingPoint
) -> HttpResponse:
    """One point, as the writer just left it, rendered after the write commits.

    Not read again: the service returned it only because this reader may touch it,
    so it is theirs to read; what the other person's page then fetches is read for them.
    """

    def context() -> dict[str, object]:
        attach_urls([point], {a: f"agendas:point-{a}" for a in POINT_ACTIONS}, occurrence.pk)
        return {"point": point, "occurrence": occurrence, "pair": occurrence.pair}

    return RenderedAfterCommit(request, "agendas/_point.html", context)


@require_POST
def point_keep(request: HttpRequest, occurrence_id: int, point_id: int) -> HttpResponse:
    occurrence, point = _point_in(request, occurrence_id, point_id)
    return _change_one(
        request, occurrence, lambda: services.talking_point_keep(point=point, by=viewer(request))
    )


@require_POST
def point_move(request: HttpRequest, occurrence_id: int, point_id: int) -> HttpResponse:
    occurrence, point = _point_in(request, occurrence_id, point_id)
    up = request.POST.get("direction") == "up"
    return _change(
        request,
        occurrence,
        lambda: services.talking_point_move(point=point, by=viewer(request), up=up),
    )


@require_POST
def recurring_add(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = _occurrence(request, occurrence_id)
    return _change(
        request,
        occurrence,
        lambda: services.recurring_point_add(
            pair=occurrence.pair,
            author=viewer(request),
            text=request.POST.get("text", ""),
            is_private=request.POST.get("private") == "on",
        ),
    )


@require_POST
def recurring_remove(request: HttpRequest, occurrence_id: int, point_id: int) -> HttpResponse:
    occurrence = _occurrence(request, occurrence_id)
    point = found(lambda: selectors.recurring_get(person=viewer(request), point_id=point_id))
    return _change(
        request,
        occurrence,
        lambda: services.recurring_point_remove(point=point, by=viewer(request)),
    )
