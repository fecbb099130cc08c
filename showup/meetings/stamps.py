"""What a cached page of a pair must be keyed by, so that it is never stale.

The pair's stamp changes with every write to anything of the pair (database
triggers, migration 0003); the rest is what time changes: whether a 1:1 is
ahead, under way or over, which 1:1 is next, and the reader's date.
"""

from datetime import datetime

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from showup.meetings.models import Occurrence, Pair, PairStamp

# The org chart's stamp (migration 0004): raised by any change to any person.
ORG_CHART = 0


def with_pair_stamp(queryset: QuerySet, pair_field: str = "pair_id") -> QuerySet:
    """The queryset's rows with `pair_stamp`: their pair's stamp, 0 before its first write."""
    stamp = PairStamp.objects.filter(pair_id=OuterRef(pair_field)).values("stamp")[:1]
    return queryset.annotate(pair_stamp=Coalesce(Subquery(stamp), Value(0)))


def occurrence_phase(*, start: datetime, end: datetime, now: datetime) -> str:
    if now < start:
        return "ahead"
    return "under-way" if now < end else "over"


def pairs_stamp(*, pairs: QuerySet[Pair]) -> tuple[int, int]:
    """How many of these pairs (and the org chart) were ever written to, and how often in all.

    Stamps only rise, so any write to any of them changes the total.
    """
    row = PairStamp.objects.filter(
        Q(pair_id__in=pairs.values("pk")) | Q(pair_id=ORG_CHART)
    ).aggregate(rows=Count("pk"), total=Sum("stamp"))
    return row["rows"], row["total"] or 0


def next_change(
    *, pairs: QuerySet[Pair], now: datetime
) -> tuple[datetime | None, datetime | None]:
    """When the next of these pairs' 1:1s starts and ends: the moments time changes their pages."""
    row = Occurrence.objects.filter(
        pair__in=pairs, state=Occurrence.State.SCHEDULED, end__gte=now
    ).aggregate(start=Min("start", filter=Q(start__gte=now)), end=Min("end"))
    return row["start"], row["end"]
