"""What a cached page of a pair must be keyed by, so that it is never stale.

The pair's stamp changes with every write to anything of the pair (database
triggers, migration 0003); the rest is what time changes: whether a 1:1 is
ahead, under way or over, which 1:1 is next, and the reader's date.
"""

from datetime import datetime

from django.db import connection
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum, Value
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


# Written out by hand around the pairs' own query: it keys every view of home,
# the pair page and history, and the ORM took longer to compose the sums and
# the two subqueries than the database takes to run them (bench/pages.py).
PAIRS_KEY_SQL = f"""
    SELECT COUNT(p.id),
           COALESCE(SUM(s.stamp), 0)
             + COALESCE((SELECT stamp FROM meetings_pairstamp WHERE pair_id = {ORG_CHART}), 0),
           MIN((SELECT o.start FROM meetings_occurrence o
                 WHERE o.pair_id = p.id AND o.state = %s AND o.start >= %s
                 ORDER BY o.start LIMIT 1)),
           MIN((SELECT o."end" FROM meetings_occurrence o
                 WHERE o.pair_id = p.id AND o.state = %s AND o."end" >= %s
                 ORDER BY o."end" LIMIT 1))
      FROM meetings_pair p LEFT JOIN meetings_pairstamp s ON s.pair_id = p.id
     WHERE p.id IN ({{pairs}})
"""  # noqa: S608 (constants and the ORM's own query; the values go as parameters)


def pairs_key(*, pairs: QuerySet[Pair], now: datetime) -> tuple[object, ...]:
    """All that keys a kept page about these pairs, in one query: how many they are, their
    stamps and the org chart's, and when the next of their 1:1s starts and ends (the
    moments time changes the page)."""
    pairs_sql, pairs_params = pairs.values("pk").query.sql_with_params()
    moment = connection.ops.adapt_datetimefield_value(now)
    scheduled = Occurrence.State.SCHEDULED.value
    with connection.cursor() as cursor:
        cursor.execute(
            PAIRS_KEY_SQL.format(pairs=pairs_sql),
            [scheduled, moment, scheduled, moment, *pairs_params],
        )
        row = cursor.fetchone()
    return tuple(row)
