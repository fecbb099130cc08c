"""Saving notes so that no text is ever lost, even when two people type at once."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from showup.core.signals import searchable_text_deleted, searchable_text_saved
from showup.core.text import text_refusal
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, PairStamp
from showup.meetings.services import nearest_staying
from showup.notes.merge import merge_texts
from showup.notes.models import MAX_NOTE, Note
from showup.people.models import Person

KIND = "note"


# A save that finds a newer note merges into it; if yet another save lands while it
# merges, it tries again, this many times, before it calls it a conflict.
MERGE_ATTEMPTS = 3


@dataclass(frozen=True)
class SaveResult:
    """`saved` is False on a conflict: `note` then holds what the other person saved.

    `merged` is True when the writer's edit was put together with a newer save:
    `note.body` then differs from what they sent.
    """

    saved: bool
    note: Note
    merged: bool = False


def note_key(*, occurrence: Occurrence, person: Person | None, private: bool) -> dict[str, object]:
    return (
        {"occurrence": occurrence, "is_private": True, "author": person}
        if private
        else {"occurrence": occurrence, "is_private": False}
    )


def note_save(
    *,
    occurrence: Occurrence,
    by: Person,
    private: bool,
    body: str,
    base_version: int,
    base_body: str | None = None,
) -> SaveResult:
    """Saves `body` if nobody saved since `base_version`.

    If someone did and `base_body` (the text at `base_version`, which the writer
    edited) is given, both edits are merged and saved; when they touched the
    same words, or without `base_body`, nothing changes and the result says so.
    """
    if not occurrence.pair.includes(by):
        raise MeetingError("Only the two people in a 1:1 can write its notes.")
    refusal = text_refusal(body, max_length=MAX_NOTE, what="notes")
    if refusal:
        raise MeetingError(f"{refusal} Nothing was saved; your text is still in the box.")
    key = note_key(occurrence=occurrence, person=by, private=private)
    with transaction.atomic():
        _queue_behind_pair_writes(occurrence.pair_id)
        # No note yet: whatever version the writer's page had, there is nothing to overwrite.
        if not Note.objects.filter(**key).exists():
            try:
                with transaction.atomic():
                    note = Note.objects.create(**key, body=body, version=1, updated_by=by)
            except IntegrityError:  # the other person's first save landed a moment before
                if base_body is None:
                    return SaveResult(saved=False, note=_current(key))
                return _merge(key, base_body=base_body, body=body, by=by)
            _index(note)
            return SaveResult(saved=True, note=note)
        if _write(key, body=body, version=base_version, by=by):
            return _saved(key)
        if base_body is None or len(base_body) > MAX_NOTE:
            return SaveResult(saved=False, note=_current(key))
        return _merge(key, base_body=base_body, body=body, by=by)


def _queue_behind_pair_writes(pair_id: int) -> None:
    """Waits for whatever else is writing this pair's content, taking its locks in their order.

    A pause or a new schedule raises the pair's stamp first and then moves notes; a save
    that locked its note first and then the stamp (the trigger does, after the write)
    would deadlock with it on PostgreSQL. SQLite's IMMEDIATE transactions already queue.
    """
    list(
        PairStamp.objects.select_for_update().filter(pair_id=pair_id).values_list("pk", flat=True)
    )


def _write(key: dict[str, object], *, body: str, version: int, by: Person) -> bool:
    return bool(
        Note.objects.filter(**key, version=version).update(
            body=body, version=F("version") + 1, updated_at=timezone.now(), updated_by=by
        )
    )


def _current(key: dict[str, object]) -> Note:
    return Note.objects.select_related("updated_by").get(**key)


def _saved(key: dict[str, object], *, merged: bool = False) -> SaveResult:
    note = _current(key)
    _index(note)
    return SaveResult(saved=True, note=note, merged=merged)


def _merge(key: dict[str, object], *, base_body: str, body: str, by: Person) -> SaveResult:
    """The writer's edit put together with whatever was saved since their text."""
    for _ in range(MERGE_ATTEMPTS):
        theirs = _current(key)
        merged = merge_texts(base=base_body, mine=body, theirs=theirs.body)
        if merged is None or len(merged) > MAX_NOTE:
            return SaveResult(saved=False, note=theirs)
        if _write(key, body=merged, version=theirs.version, by=by):
            return _saved(key, merged=merged != body)
    return SaveResult(saved=False, note=_current(key))


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


def notes_keep_from_dropped(*, dropped: list[Occurrence], after: datetime) -> int:
    """Notes written ahead for 1:1s that will no longer happen move to the pair's nearest 1:1
    that stays, under a line saying which date they were for; returns how many moved.

    A pause, an end or a new schedule drops the dates from `after` on, and a note
    is often written days before its 1:1: dropping the date must not drop the text.
    """
    written = Note.objects.filter(occurrence__in=dropped).exclude(body="")
    moved = 0
    in_order = written.order_by("occurrence__start", "is_private", "pk")
    for note in in_order.select_related("occurrence__series", "author", "updated_by"):
        home = nearest_staying(occurrence=note.occurrence, dropped=dropped, after=after)
        if home is None:  # meetings keeps a pair's first 1:1 so that there is one (_drop_future)
            raise MeetingError("This would leave the pair without a 1:1; nothing was changed.")
        _append(note, to=home)
        moved += 1
    for note_id in Note.objects.filter(occurrence__in=dropped).values_list("pk", flat=True):
        searchable_text_deleted.send(sender=None, kind=KIND, object_id=note_id)
    return moved


def _day_of(occurrence: Occurrence) -> str:
    return f"{occurrence.start.astimezone(occurrence.series.zone):%a %-d %b %Y}"


def _append(note: Note, *, to: Occurrence) -> None:
    written_for = (
        f"_Written for the 1:1 of {_day_of(note.occurrence)}, which no longer takes place:_"
    )
    moved_text = f"{written_for}\n\n{note.body}"
    key = note_key(occurrence=to, person=note.author, private=note.is_private)
    for _ in range(MERGE_ATTEMPTS):
        # Locked until the pause or change commits: a save landing meanwhile waits, then
        # finds a newer version and merges into it, so neither text is lost.
        existing = Note.objects.select_for_update().filter(**key).first()
        if existing is not None:
            # Appended whole, even past MAX_NOTE: the limit guards what one person types,
            # and cutting here would lose text.
            body = f"{existing.body.rstrip()}\n\n{moved_text}" if existing.body else moved_text
            Note.objects.filter(pk=existing.pk).update(
                body=body,
                version=F("version") + 1,
                updated_at=timezone.now(),
                updated_by=note.updated_by,
            )
            _index(_current(key))
            return
        try:
            with transaction.atomic():
                created = Note.objects.create(
                    **key, body=moved_text, version=1, updated_by=note.updated_by
                )
        except IntegrityError:  # the other person's first save landed a moment before
            continue
        _index(created)
        return
    raise MeetingError("The notes changed while this was saved; nothing was changed. Try again.")
