"""Saving notes so that no text is ever lost, even when two people type at once."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from showup.core.signals import searchable_text_saved
from showup.core.text import text_refusal
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence
from showup.notes.models import MAX_NOTE, Note
from showup.people.models import Person

KIND = "note"


@dataclass(frozen=True)
class SaveResult:
    """`saved` is False on a conflict: `note` then holds what the other person saved."""

    saved: bool
    note: Note


def note_key(*, occurrence: Occurrence, person: Person, private: bool) -> dict[str, object]:
    return (
        {"occurrence": occurrence, "is_private": True, "author": person}
        if private
        else {"occurrence": occurrence, "is_private": False}
    )


def note_save(
    *, occurrence: Occurrence, by: Person, private: bool, body: str, base_version: int
) -> SaveResult:
    """Saves `body` if nobody saved since `base_version`; otherwise changes nothing and says so."""
    if not occurrence.pair.includes(by):
        raise MeetingError("Only the two people in a 1:1 can write its notes.")
    refusal = text_refusal(body, max_length=MAX_NOTE, what="notes")
    if refusal:
        raise MeetingError(f"{refusal} Nothing was saved; your text is still in the box.")
    key = note_key(occurrence=occurrence, person=by, private=private)
    with transaction.atomic():
        # No note yet: whatever version the writer's page had, there is nothing to overwrite.
        if not Note.objects.filter(**key).exists():
            try:
                with transaction.atomic():
                    note = Note.objects.create(**key, body=body, version=1, updated_by=by)
            except IntegrityError:
                return SaveResult(saved=False, note=Note.objects.get(**key))
            _index(note)
            return SaveResult(saved=True, note=note)
        updated = Note.objects.filter(**key, version=base_version).update(
            body=body, version=F("version") + 1, updated_at=timezone.now(), updated_by=by
        )
        note = Note.objects.select_related("updated_by").get(**key)
        if updated:
            _index(note)
        return SaveResult(saved=bool(updated), note=note)


def _index(note: Note) -> None:
    searchable_text_saved.send(
        sender=None,
        kind=KIND,
        object_id=note.pk,
        pair=note.occurrence.pair,
        occurrence=note.occurrence,
        private_to=note.author if note.is_private else None,
        body=note.body,
    )
