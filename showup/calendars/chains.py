"""A person's 1:1 series grouped into chains: a series and every series that replaced it."""

from datetime import datetime

from showup.meetings.feeds import IN_CALENDAR
from showup.meetings.models import Occurrence, Pair, PairStamp, Series
from showup.meetings.selectors import pairs_of
from showup.people.models import Person

State = Occurrence.State
# The dates a calendar can still change: ahead, and not yet held or missed.
CHANGEABLE = [State.SCHEDULED, State.SKIPPED, State.CANCELLED]


def chains_of(person: Person) -> list[list[Series]]:
    """The person's own series in the calendar, oldest first within each chain; never anyone else's."""
    series_list = list(
        Series.objects.filter(pair__in=pairs_of(person), status__in=IN_CALENDAR)
        .select_related("pair__lead", "pair__member")
        .order_by("pk")
    )
    by_pk = {series.pk: series for series in series_list}
    chains: dict[int, list[Series]] = {}
    for series in series_list:  # by pk, so a series comes after the one it replaces
        root = series
        while root.replaces_id in by_pk:
            root = by_pk[root.replaces_id]
        chains.setdefault(root.pk, []).append(series)
    return list(chains.values())


def chain_occurrences(chain: list[Series]) -> dict[int, list[Occurrence]]:
    by_series: dict[int, list[Occurrence]] = {series.pk: [] for series in chain}
    for occurrence in Occurrence.objects.filter(series__in=chain).select_related("series"):
        by_series[occurrence.series_id].append(occurrence)
    return by_series


def changeable(occurrences: dict[int, list[Occurrence]], now: datetime) -> list[Occurrence]:
    return [
        occurrence
        for series_occurrences in occurrences.values()
        for occurrence in series_occurrences
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
