"""Points of a 1:1 that is long over move on even if nobody recorded its outcome."""

from datetime import timedelta

from django.utils import timezone

from showup.agendas.selectors import occurrences_with_points_left
from showup.agendas.services import talking_points_carry_over
from showup.core.jobs import periodic

OVER_FOR = timedelta(hours=12)


@periodic("agendas.carry-over", every=timedelta(hours=1))
def carry_over_forgotten() -> None:
    now = timezone.now()
    for occurrence in occurrences_with_points_left(ended_before=now - OVER_FOR):
        talking_points_carry_over(occurrence=occurrence, now=now)
