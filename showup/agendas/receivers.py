"""What the agenda does when a 1:1's fate is decided."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.dispatch import receiver

from showup.agendas.services import (
    talking_points_bring_back,
    talking_points_carry_over,
    talking_points_discussed_keep,
    talking_points_to_backlog,
)
from showup.meetings.models import Occurrence
from showup.meetings.signals import (
    occurrence_outcome_recorded,
    occurrence_restored,
    occurrences_dropping,
)


@receiver(occurrence_outcome_recorded)
def carry_points_on(sender: type, occurrence: Occurrence, now: datetime, **kwargs: Any) -> None:
    talking_points_carry_over(occurrence=occurrence, now=now)


@receiver(occurrences_dropping)
def keep_points_of_dropped_dates(
    sender: type, occurrences: QuerySet[Occurrence], after: datetime, **kwargs: Any
) -> None:
    talking_points_discussed_keep(dropped=list(occurrences), after=after)
    talking_points_to_backlog(occurrences=list(occurrences.values_list("pk", flat=True)))


@receiver(occurrence_restored)
def bring_points_back(sender: type, occurrence: Occurrence, **kwargs: Any) -> None:
    talking_points_bring_back(occurrence=occurrence)
