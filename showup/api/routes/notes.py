"""The shared note of a 1:1 and the caller's own private note, saved with a version check."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Status

from showup.api.present import note_out
from showup.api.routes.common import answers, caller
from showup.api.schemas import NoteConflictOut, NoteIn, NoteOut, NotesOut
from showup.meetings import selectors as meetings
from showup.notes.selectors import notes_for
from showup.notes.services import note_save

router = Router(tags=["notes"])


@router.get(
    "/occurrences/{id:occurrence_id}/notes", response=answers(ok=NotesOut), url_name="notes"
)
def notes(request: HttpRequest, occurrence_id: int) -> dict[str, Any]:
    """The shared note, and the caller's private note: never the other person's."""
    person = caller(request)
    occurrence = meetings.occurrence_get(person=person, occurrence_id=occurrence_id)
    shared, private = notes_for(occurrence=occurrence, person=person)
    return {
        "shared": note_out(shared, which="shared"),
        "private": note_out(private, which="private"),
    }


@router.put(
    "/occurrences/{id:occurrence_id}/notes/{which}",
    response=answers(ok=NoteOut, conflict=NoteConflictOut),
    url_name="note-save",
)
def note_write(
    request: HttpRequest, occurrence_id: int, which: Literal["shared", "private"], note: NoteIn
) -> dict[str, Any] | Status:
    """Saves the note if nobody saved it since `version`; otherwise 409 with what is there now.

    Nothing is ever overwritten: merge `current.body` into your text and save
    again with `current.version`.
    """
    person = caller(request)
    occurrence = meetings.occurrence_get(person=person, occurrence_id=occurrence_id)
    result = note_save(
        occurrence=occurrence,
        by=person,
        private=which == "private",
        body=note.body,
        base_version=note.version,
    )
    if not result.saved:
        return Status(
            409,
            {
                "detail": "Someone saved this note since that version. Nothing was overwritten.",
                "current": note_out(result.note, which=which),
            },
        )
    return note_out(result.note, which=which)
