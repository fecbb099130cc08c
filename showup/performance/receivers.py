"""What performance does when a 1:1 turns out not to have taken place."""

from typing import Any

from django.dispatch import receiver

from showup.meetings.models import Occurrence
from showup.meetings.signals import occurrence_outcome_recorded
from showup.performance.services import observations_unraise


@receiver(occurrence_outcome_recorded)
def unraise_in_called_off(sender: Any, *, occurrence: Occurrence, **_: Any) -> None:
    observations_unraise(occurrence=occurrence)
