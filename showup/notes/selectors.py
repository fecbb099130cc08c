"""Reads of notes. A private note is returned to its author and to nobody else."""

from django.db.models import Q, QuerySet

from showup.meetings.models import Occurrence
from showup.notes.models import Note
from showup.people.models import Person


def readable_notes(person: Person) -> Q:
    return Q(is_private=False) | Q(author=person)


def notes_for(*, occurrence: Occurrence, person: Person) -> tuple[Note | None, Note | None]:
    """The shared note and the reader's own private note, in one query."""
    shared = private = None
    for note in (
        Note.objects.filter(occurrence=occurrence)
        .filter(readable_notes(person))
        .select_related("updated_by")
    ):
        if note.is_private:
            private = note
        else:
            shared = note
    return shared, private


def notes_of_occurrences(*, occurrences: list[Occurrence], person: Person) -> QuerySet[Note]:
    return (
        Note.objects.filter(occurrence__in=occurrences)
        .filter(readable_notes(person))
        .exclude(body="")
    )
