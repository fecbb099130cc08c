"""What a cached page of a pair must be keyed by, so that it is never stale.

The pair's stamp changes with every write to anything of the pair (database
triggers, migration 0003); the rest is what time changes: whether a 1:1 is
ahead, under way or over, which 1:1 is next, and the reader's date.
"""

from datetime import datetime

from django.db.models import Count, Min, OuterRef, QuerySet, Subquery, Sum, Value
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
    """How many these pairs are, and the sum of their stamps and the org chart's.

    Stamps only rise, so any write to any of them, or to anyone in the org
    chart, changes the sum. Read through the pair and stamp indexes.
    """
    row = Pair.objects.filter(pk__in=pairs.values("pk")).aggregate(
        pairs=Count("pk"),
        total=Coalesce(Sum(_stamp_of(OuterRef("pk"))), 0) + _stamp_of(ORG_CHART),
    )
    return row["pairs"], row["total"]


def _stamp_of(pair: int | OuterRef) -> Coalesce:
    stamp = PairStamp.objects.filter(pair_id=pair).values("stamp")[:1]
    return Coalesce(Subquery(stamp), Value(0))


def pairs_key(*, pairs: QuerySet[Pair], now: datetime) -> tuple[object, ...]:
    """All that keys a kept page about these pairs, in one query: their stamps and the org
    chart's, and when the next of their 1:1s starts and ends (the moments time changes the page)."""
    scheduled = Occurrence.objects.filter(pair_id=OuterRef("pk"), state=Occurrence.State.SCHEDULED)
    next_start = scheduled.filter(start__gte=now).order_by("start").values("start")[:1]
    next_end = scheduled.filter(end__gte=now).order_by("end").values("end")[:1]
    row = Pair.objects.filter(pk__in=pairs.values("pk")).aggregate(
        pairs=Count("pk"),
        total=Coalesce(Sum(_stamp_of(OuterRef("pk"))), 0) + _stamp_of(ORG_CHART),
        next_start=Min(Subquery(next_start)),
        next_end=Min(Subquery(next_end)),
    )
    return tuple(row.values())
