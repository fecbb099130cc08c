"""What the notes do when a 1:1's fate is decided."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.dispatch import receiver

from showup.meetings.models import Occurrence
from showup.meetings.signals import occurrences_dropping
from showup.notes.services import notes_keep_from_dropped


@receiver(occurrences_dropping)
def keep_notes_of_dropped_dates(
    sender: type, occurrences: QuerySet[Occurrence], after: datetime, **kwargs: Any
) -> None:
    notes_keep_from_dropped(dropped=list(occurrences), after=after)
