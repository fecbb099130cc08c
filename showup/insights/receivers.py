"""Each change to an occurrence or an agenda refreshes the week it belongs to."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.dispatch import receiver

from showup.agendas.models import TalkingPoint
from showup.agendas.signals import agenda_changed
from showup.insights.rollups import (
    pair_week_agenda_refresh,
    pair_week_refresh,
    rollups_live,
    week_of,
)
from showup.insights.services import check_ins_keep_from_dropped
from showup.meetings.models import Occurrence
from showup.meetings.signals import occurrence_changed, occurrences_dropping


@receiver(occurrence_changed)
def occurrence_week(sender: type, occurrence: Occurrence, **kwargs: Any) -> None:
    if not rollups_live():
        return
    pair_week_refresh(pair=occurrence.pair, week=week_of(occurrence.start))
    if occurrence.original_start != occurrence.start:
        pair_week_refresh(pair=occurrence.pair, week=week_of(occurrence.original_start))


@receiver(agenda_changed)
def agenda_week(sender: type, point: TalkingPoint, **kwargs: Any) -> None:
    if not rollups_live():
        return
    pair_week_agenda_refresh(pair=point.pair, week=week_of(point.created_at))


@receiver(occurrences_dropping)
def keep_check_ins_of_dropped_dates(
    sender: type, occurrences: QuerySet[Occurrence], after: datetime, **kwargs: Any
) -> None:
    check_ins_keep_from_dropped(dropped=list(occurrences), after=after)
