"""What a cached page of a pair must be keyed by, so that it is never stale.

The pair's stamp changes with every write to anything of the pair (database
triggers, migration 0003); the rest is what time changes: whether a 1:1 is
ahead, under way or over, which 1:1 is next, and the reader's date.
"""

from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from showup.meetings.models import PairStamp


def with_pair_stamp(queryset: QuerySet, pair_field: str = "pair_id") -> QuerySet:
    """The queryset's rows with `pair_stamp`: their pair's stamp, 0 before its first write."""
    stamp = PairStamp.objects.filter(pair_id=OuterRef(pair_field)).values("stamp")[:1]
    return queryset.annotate(pair_stamp=Coalesce(Subquery(stamp), Value(0)))


def occurrence_phase(*, start: datetime, end: datetime, now: datetime) -> str:
    if now < start:
        return "ahead"
    return "under-way" if now < end else "over"
