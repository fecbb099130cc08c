"""Points of a 1:1 that is long over move on even if nobody recorded its outcome."""

from datetime import timedelta

from django.utils import timezone

from showup.agendas.models import TalkingPoint
from showup.agendas.services import talking_points_carry_over
from showup.core.jobs import periodic
from showup.meetings.models import Occurrence

OVER_FOR = timedelta(hours=12)


@periodic("agendas.carry-over", every=timedelta(hours=1))
def carry_over_forgotten() -> None:
    now = timezone.now()
    stale = Occurrence.objects.filter(
        end__lt=now - OVER_FOR,
        pk__in=TalkingPoint.objects.filter(discussed_at__isnull=True).values("occurrence_id"),
    )
    for occurrence in stale:
        talking_points_carry_over(occurrence=occurrence, now=now)
