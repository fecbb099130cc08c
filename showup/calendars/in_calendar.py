"""A person's 1:1 series as their calendar holds them, each series one event, and its dates."""

from datetime import datetime

from showup.meetings.feeds import IN_CALENDAR
from showup.meetings.models import Occurrence, Pair, PairStamp, Series
from showup.meetings.selectors import pairs_of
from showup.people.models import Person

State = Occurrence.State
# The dates a calendar can still change: ahead, and not yet held or missed.
CHANGEABLE = [State.SCHEDULED, State.SKIPPED, State.CANCELLED]


def series_in_calendar(person: Person) -> list[Series]:
    """The person's own series a calendar can show, oldest first; never anyone else's.

    Those paused or ended before their first date among them: their event must go.
    """
    return list(
        Series.objects.filter(pair__in=pairs_of(person), status__in=IN_CALENDAR)
        .select_related("pair__lead", "pair__member")
        .order_by("pk")
    )


def series_occurrences(series: Series) -> list[Occurrence]:
    return list(Occurrence.objects.filter(series=series).select_related("series"))


def changeable(occurrences: list[Occurrence], now: datetime) -> list[Occurrence]:
    return [
        occurrence
        for occurrence in occurrences
        if occurrence.state in CHANGEABLE and occurrence.end > now
    ]


def stamps_by_person(person_ids: list[int]) -> dict[int, int]:
    """The sum of each person's pair stamps, in one query: it rises with every write to their 1:1s."""
    pairs = Pair.objects.of(*person_ids)
    stamps = dict(
        PairStamp.objects.filter(pair_id__in=pairs.values("pk")).values_list("pair_id", "stamp")
    )
    totals = dict.fromkeys(person_ids, 0)
    for pair_id, lead_id, member_id in pairs.values_list("pk", "lead_id", "member_id"):
        for person_id in (lead_id, member_id):
            if person_id in totals:
                totals[person_id] += stamps.get(pair_id, 0)
    return totals
