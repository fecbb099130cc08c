"""The pair's history as the reader may see it: their own private text included, the other person's never."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from showup.actions.models import ActionItem
from showup.actions.selectors import actions_of_occurrences
from showup.agendas.models import TalkingPoint
from showup.agendas.selectors import member_first, points_of_occurrences, readable_points
from showup.meetings.models import Occurrence, Pair
from showup.meetings.selectors import pair_read_by
from showup.notes.markdown import render_markdown
from showup.notes.models import Note
from showup.notes.selectors import notes_of_occurrences, readable_notes
from showup.people.models import Person


@dataclass
class Chapter:
    """One occurrence of the history with everything the reader may see of it."""

    occurrence: Occurrence
    points: list[TalkingPoint] = field(default_factory=list)
    shared_note: Note | None = None
    private_note: Note | None = None
    actions: list[ActionItem] = field(default_factory=list)

    @property
    def shared_html(self) -> SafeString:
        return render_markdown(self.shared_note.body) if self.shared_note else SafeString("")

    @property
    def private_html(self) -> SafeString:
        return render_markdown(self.private_note.body) if self.private_note else SafeString("")

    @property
    def is_empty(self) -> bool:
        return not (self.points or self.shared_note or self.private_note or self.actions)


def history_occurrences(*, pair: Pair, reader: Person) -> QuerySet[Occurrence]:
    """Every occurrence that has begun, newest first."""
    pair = pair_read_by(pair=pair, reader=reader)
    return (
        pair.occurrences.filter(start__lte=timezone.now())
        .select_related("outcome_by", "pair")
        .order_by("-start")
    )


def export_occurrences(*, pair: Pair, person: Person) -> QuerySet[Occurrence]:
    """An export's 1:1s, oldest first: every one that has begun, and any ahead the reader already wrote for.

    Prep for the next 1:1 (a private note, a point) is the reader's too; their search finds it, so their export keeps it.
    The printed page shows the same 1:1s.
    """
    pair = pair_read_by(pair=pair, reader=person)
    prepared = Q(
        pk__in=Note.objects.filter(readable_notes(person)).exclude(body="").values("occurrence_id")
    ) | Q(pk__in=TalkingPoint.objects.filter(readable_points(person)).values("occurrence_id"))
    return (
        pair.occurrences.filter(Q(start__lte=timezone.now()) | prepared)
        .select_related("outcome_by", "pair")
        .order_by("start")
    )


def chapters(*, occurrences: list[Occurrence], person: Person) -> list[Chapter]:
    """The occurrences with their points, notes and actions, in four queries however many there are."""
    by_id = {occurrence.pk: Chapter(occurrence) for occurrence in occurrences}
    for point in points_of_occurrences(occurrences=occurrences, person=person):
        by_id[point.occurrence_id].points.append(point)  # type: ignore[index]
    for note in notes_of_occurrences(occurrences=occurrences, person=person):
        chapter = by_id[note.occurrence_id]
        if note.is_private:
            chapter.private_note = note
        else:
            chapter.shared_note = note
    for item in actions_of_occurrences(occurrences=occurrences):
        by_id[item.occurrence_id].actions.append(item)  # type: ignore[index]
    for chapter in by_id.values():
        chapter.points = member_first(chapter.points, chapter.occurrence.pair)
    return [by_id[occurrence.pk] for occurrence in occurrences]
