"""Action items: list them, add one agreed in a 1:1, tick one off."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Status

from showup.actions import selectors, services
from showup.api.pagination import PageIn, page_of
from showup.api.present import action_out
from showup.api.routes.common import answers, caller
from showup.api.schemas import ActionIn, ActionOut, ActionPage, DoneIn, OccurrenceActionsOut
from showup.meetings import selectors as meetings

router = Router(tags=["action items"])
DONE = {"open": False, "done": True, "all": None}


@router.get("/pairs/{id:pair_id}/actions", response=answers(ok=ActionPage), url_name="actions")
def pair_actions(
    request: HttpRequest,
    pair_id: int,
    page: Query[PageIn],
    state: Literal["open", "done", "all"] = "open",
) -> dict[str, Any]:
    """The pair's action items, newest first. A manager's item is a commitment."""
    reader = caller(request)
    pair = meetings.pair_get(person=reader, pair_id=pair_id)
    return page_of(
        selectors.actions_of_pair(pair=pair, reader=reader, done=DONE[state]), page, action_out
    )


@router.get(
    "/occurrences/{id:occurrence_id}/actions",
    response=answers(ok=OccurrenceActionsOut),
    url_name="occurrence-actions",
)
def occurrence_actions(request: HttpRequest, occurrence_id: int) -> dict[str, Any]:
    """What the 1:1 page shows: items still open from before, and items added in this 1:1."""
    reader = caller(request)
    occurrence = meetings.occurrence_get(person=reader, occurrence_id=occurrence_id)
    return {
        "open_before": [
            action_out(item)
            for item in selectors.open_actions_before(occurrence=occurrence, reader=reader)
        ],
        "added_here": [
            action_out(item)
            for item in selectors.actions_added_in(occurrence=occurrence, reader=reader)
        ],
    }


@router.post(
    "/occurrences/{id:occurrence_id}/actions",
    response=answers(created=ActionOut),
    url_name="action-add",
)
def action_add(request: HttpRequest, occurrence_id: int, item: ActionIn) -> Status:
    """Adds an item for the caller (`me`) or for the other person of the 1:1 (`other`)."""
    person = caller(request)
    occurrence = meetings.occurrence_get(person=person, occurrence_id=occurrence_id)
    owner = occurrence.pair.other(person) if item.owner == "other" else person
    added = services.action_add(
        occurrence=occurrence, by=person, owner=owner, text=item.text, due_on=item.due_on
    )
    return Status(201, action_out(added))


@router.post("/actions/{id:item_id}/done", response=answers(ok=ActionOut), url_name="action-done")
def action_done(request: HttpRequest, item_id: int, mark: DoneIn) -> dict[str, Any]:
    """Marks the item done (or open again)."""
    person = caller(request)
    item = selectors.action_get(person=person, item_id=item_id)
    return action_out(services.action_set_done(item=item, by=person, done=mark.done))
