"""Org insights: aggregates only, by manager, never any text, and no group under three people.

A group is a manager's direct reports. Groups too small to show are pooled
into one row when the pool has three people or more; otherwise they are left
out of the totals too, so that nobody's numbers can be worked out by subtraction.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, QuerySet, Sum

from showup.insights.models import LeadWeek
from showup.insights.rollups import SUMMED
from showup.insights.selectors import MIN_GROUP, Numbers
from showup.meetings.models import Pair, Series
from showup.people.models import Person
from showup.people.selectors import people_under_ids


@dataclass(frozen=True)
class Group:
    label: str
    people: int
    with_series: int
    over_gap: int
    numbers: Numbers


@dataclass(frozen=True)
class OrgView:
    groups: list[Group]
    total: Group | None
    hidden_people: int


def org_scope(*, viewer: Person) -> list[int] | None:
    """Ids of the people the viewer may see numbers about; None means everyone (an admin)."""
    if viewer.is_admin:
        return None
    return people_under_ids(manager=viewer)


def _reporting_pairs(scope: list[int] | None) -> QuerySet[Pair]:
    """Each person's pair with their current manager: the 1:1s that count for the org."""
    pairs = Pair.objects.filter(
        relation=Pair.Relation.MANAGER, member__manager=F("lead"), member__is_active=True
    )
    return pairs if scope is None else pairs.filter(member_id__in=scope)


def org_view(*, viewer: Person, since: date, now: datetime) -> OrgView:
    scope = org_scope(viewer=viewer)
    pairs = _reporting_pairs(scope)
    people = Person.objects.filter(is_active=True, manager__isnull=False)
    if scope is not None:
        people = people.filter(pk__in=scope)
    sizes = dict(
        people.values("manager_id").annotate(n=Count("pk")).values_list("manager_id", "n")
    )
    sums = {
        row["lead_id"]: Numbers.from_row(row)
        for row in LeadWeek.objects.filter(lead_id__in=list(sizes), week__gte=since)
        .values("lead_id")
        .annotate(**{name: Sum(name) for name in SUMMED})
    }
    with_series, over_gap = _series_counts(pairs, now)
    names = dict(Person.objects.filter(pk__in=sizes).values_list("pk", "name"))
    groups = [
        Group(
            f"{names[lead]}'s team",
            size,
            with_series[lead],
            over_gap[lead],
            sums.get(lead, Numbers()),
        )
        for lead, size in sorted(sizes.items(), key=lambda item: names[item[0]])
    ]
    return _hide_small(groups)


def _series_counts(pairs: QuerySet[Pair], now: datetime) -> tuple[dict[int, int], dict[int, int]]:
    """Per manager: pairs with an active series, and those past their longest allowed gap.

    Plain tuples, not model instances: for 10,000 pairs that is the difference
    between a tenth of a second and most of one (bench/org.py).
    """
    with_series: dict[int, int] = defaultdict(int)
    over_gap: dict[int, int] = defaultdict(int)
    rows = Series.objects.filter(pair__in=pairs, status=Series.Status.ACTIVE).values_list(
        "pair__lead_id",
        "max_gap_days",
        "pair__summary__last_held_at",
        "pair__summary__first_start",
    )
    for lead_id, max_gap_days, last_held_at, first_start in rows:
        with_series[lead_id] += 1
        since = last_held_at or first_start
        if since is not None and since <= now and (now - since).days > max_gap_days:
            over_gap[lead_id] += 1
    return with_series, over_gap


def _hide_small(groups: list[Group]) -> OrgView:
    shown = [group for group in groups if group.people >= MIN_GROUP]
    small = [group for group in groups if group.people < MIN_GROUP]
    pooled_people = sum(group.people for group in small)
    hidden = 0
    if pooled_people >= MIN_GROUP:
        shown.append(_pool(f"Smaller teams ({len(small)})", small))
    else:
        hidden = pooled_people
    total = (
        _pool("Everyone shown", shown)
        if sum(group.people for group in shown) >= MIN_GROUP
        else None
    )
    return OrgView(groups=shown, total=total, hidden_people=hidden)


def _pool(label: str, groups: list[Group]) -> Group:
    numbers = Numbers()
    for group in groups:
        numbers = numbers + group.numbers
    return Group(
        label,
        sum(group.people for group in groups),
        sum(group.with_series for group in groups),
        sum(group.over_gap for group in groups),
        numbers,
    )
