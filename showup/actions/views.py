"""Action item endpoints: htmx gets the actions fragment back, a plain post goes back to the page."""

from collections.abc import Callable
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_POST

from showup.actions import selectors, services
from showup.actions.models import ActionItem
from showup.actions.sections import actions_section
from showup.meetings import selectors as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence
from showup.meetings.views.common import after_change, found, section_response, viewer


def _occurrence(request: HttpRequest, occurrence_id: int) -> Occurrence:
    return found(
        lambda: meetings.occurrence_get(person=viewer(request), occurrence_id=occurrence_id)
    )


def actions_response(
    request: HttpRequest, occurrence: Occurrence, error: str = ""
) -> HttpResponse:
    return section_response(
        request,
        occurrence,
        template="actions/_actions.html",
        anchor="actions",
        section=lambda: actions_section(occurrence=occurrence, person=viewer(request)),
        error=error,
    )


def _change(
    request: HttpRequest, occurrence: Occurrence, change: Callable[[], object]
) -> HttpResponse:
    return after_change(change, lambda error: actions_response(request, occurrence, error))


def _due(raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise MeetingError("That due date is not a date.") from None


@require_GET
def actions(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    return actions_response(request, _occurrence(request, occurrence_id))


@require_POST
def action_add(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = _occurrence(request, occurrence_id)
    person = viewer(request)
    owner = occurrence.pair.other(person) if request.POST.get("owner") == "other" else person

    def add() -> object:
        return services.action_add(
            occurrence=occurrence,
            by=person,
            owner=owner,
            text=request.POST.get("text", ""),
            due_on=_due(request.POST.get("due_on", "")),
        )

    return _change(request, occurrence, add)


def _item_in(
    request: HttpRequest, occurrence_id: int, item_id: int
) -> tuple[Occurrence, ActionItem]:
    occurrence = _occurrence(request, occurrence_id)
    item = found(lambda: selectors.action_get(person=viewer(request), item_id=item_id))
    if item.pair_id != occurrence.pair_id:
        raise Http404
    return occurrence, item


@require_POST
def action_done(request: HttpRequest, occurrence_id: int, item_id: int) -> HttpResponse:
    occurrence, item = _item_in(request, occurrence_id, item_id)
    done = request.POST.get("done") == "on"
    return _change(
        request,
        occurrence,
        lambda: services.action_set_done(item=item, by=viewer(request), done=done),
    )


@require_POST
def action_delete(request: HttpRequest, occurrence_id: int, item_id: int) -> HttpResponse:
    occurrence, item = _item_in(request, occurrence_id, item_id)
    return _change(
        request, occurrence, lambda: services.action_delete(item=item, by=viewer(request))
    )
