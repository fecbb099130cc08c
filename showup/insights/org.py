"""Org insights: aggregates only, one level of the org chart at a time, never a group under three.

The page for a manager shows their own team and, for each of their reports
who leads people, that report's whole org as one row to drill into. A team
(a manager's direct reports) smaller than three is left out of every number
at every level, its own row and every org above it: were it counted above
and hidden below, the two pages would give it away by subtraction.

The whole chart and each manager's weekly rollups are read once per page
(three queries, whatever the company's size), then added up in memory.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Count, F, QuerySet, Sum

from showup.careers.models import CareerConversation
from showup.insights.attention import CAREER_TALK_DUE, is_new_joiner, meets_weekly, started
from showup.insights.models import LeadWeek
from showup.insights.rollups import SUMMED
from showup.insights.selectors import MIN_GROUP, Numbers
from showup.meetings.gaps import SeriesFacts, active_series_facts, gaps_of
from showup.meetings.models import Pair, PairStamp
from showup.people.models import Person


@dataclass
class Group:
    label: str
    people: int = 0
    with_series: int = 0
    over_gap: int = 0
    numbers: Numbers = field(default_factory=Numbers)
    # The manager to drill into for this row's org; None for a manager's own team.
    drill: int | None = None
    # Reports with a career conversation in the last six months; new joiners (their
    # first ninety days), and those of them on weekly 1:1s (attention.py's rules).
    career_talk: int = 0
    new_joiners: int = 0
    new_weekly: int = 0

    def add(self, other: "Group") -> None:
        self.people += other.people
        self.with_series += other.with_series
        self.over_gap += other.over_gap
        self.numbers = self.numbers + other.numbers
        self.career_talk += other.career_talk
        self.new_joiners += other.new_joiners
        self.new_weekly += other.new_weekly

    @property
    def career_talk_share(self) -> float | None:
        return self.career_talk / self.people if self.people else None

    @property
    def new_weekly_share(self) -> float | None:
        """Shown for three new joiners or more only: fewer would tell about each one."""
        return self.new_weekly / self.new_joiners if self.new_joiners >= MIN_GROUP else None


@dataclass(frozen=True)
class Crumb:
    person_id: int | None
    label: str


@dataclass(frozen=True)
class OrgView:
    """One level of the org: its rows, their total, and the way back up."""

    groups: list[Group]
    total: Group | None
    hidden_people: int
    trail: list[Crumb]


@dataclass
class Chart:
    """Who reports to whom, for the active people the viewer may see numbers about."""

    names: dict[int, str]
    reports: dict[int, list[int]]
    manager_of: dict[int, int | None]

    def top(self) -> list[int]:
        """People at the top of what is in view: their manager is out of it (or they have none)."""
        return [
            person
            for person, manager in self.manager_of.items()
            if manager not in self.manager_of and self.reports.get(person)
        ]

    def subtree(self, root: int) -> list[int]:
        """Managers in `root`'s org, `root` included, parents before their reports."""
        order, stack = [], [root]
        while stack:
            person = stack.pop()
            if self.reports.get(person):
                order.append(person)
                stack.extend(self.reports[person])
        return order


def company_chart() -> Chart:
    """Who reports to whom among the company's active people: one query."""
    rows = list(
        Person.objects.filter(is_active=True).order_by().values_list("pk", "manager_id", "name")
    )
    manager_of: dict[int, int | None] = {pk: manager for pk, manager, _ in rows}
    reports: dict[int, list[int]] = defaultdict(list)
    for pk, manager, _ in rows:
        if manager is not None:
            reports[manager].append(pk)
    return Chart(names={pk: name for pk, _, name in rows}, reports=reports, manager_of=manager_of)


def org_chart(*, viewer: Person) -> Chart | None:
    """The chart the viewer may see numbers about; None when they lead nobody and are no admin."""
    chart = company_chart()
    if viewer.is_admin:
        return chart
    if not chart.reports.get(viewer.pk):
        return None
    inside = set(_everyone_under(chart, viewer.pk)) | {viewer.pk}
    return Chart(
        names={pk: chart.names[pk] for pk in inside},
        reports={pk: chart.reports[pk] for pk in inside if pk in chart.reports},
        manager_of={pk: None if pk == viewer.pk else chart.manager_of[pk] for pk in inside},
    )


def _everyone_under(chart: Chart, root: int) -> list[int]:
    found, stack = [], list(chart.reports.get(root, []))
    while stack:
        person = stack.pop()
        found.append(person)
        stack.extend(chart.reports.get(person, []))
    return found


def org_view(
    *, viewer: Person, since: date, now: datetime, under: int | None = None
) -> OrgView | None:
    """The level of the org below `under` (the viewer's own, or the top for an admin).

    None when the viewer may not see numbers about `under`'s org.
    """
    chart = org_chart(viewer=viewer)
    if chart is None or (under is not None and not chart.reports.get(under)):
        return None
    teams = _team_groups(chart, since, now)
    roots = [under] if under is not None else ([] if viewer.is_admin else [viewer.pk])
    if not roots:
        roots = chart.top()
    orgs = _org_totals(chart, teams, roots)
    rows: list[Group] = []
    if under is not None or not viewer.is_admin:
        own = teams[roots[0]]
        if own.people >= MIN_GROUP:
            rows.append(own)
        children = [child for child in chart.reports[roots[0]] if chart.reports.get(child)]
    else:
        children = roots
    rows += sorted(
        (orgs[child] for child in children if orgs[child].people >= MIN_GROUP),
        key=lambda group: group.label,
    )
    total = Group("Everyone shown")
    for row in rows:
        total.add(row)
    hidden = sum(
        teams[manager].people
        for root in roots
        for manager in chart.subtree(root)
        if teams[manager].people < MIN_GROUP
    )
    return OrgView(
        groups=rows,
        total=total if total.people >= MIN_GROUP else None,
        hidden_people=hidden,
        trail=_trail(chart, under, viewer),
    )


def _team_groups(chart: Chart, since: date, now: datetime) -> dict[int, Group]:
    """Each manager's direct team, worked out once per change anywhere in the company and kept.

    The numbers are the same whoever asks (each viewer then sees only their
    part of the chart); the key holds every pair's stamp and the org chart's,
    and the reader's date, since gaps are counted in days.
    """
    rows, total = PairStamp.objects.aggregate(rows=Count("pk"), total=Sum("stamp")).values()
    leads = hashlib.sha256(repr(sorted(chart.reports)).encode()).hexdigest()
    key = f"org-teams:{since}:{now.date()}:{rows}:{total}:{leads}"
    teams = cache.get(key)
    if teams is None:
        teams = _team_groups_now(chart, since, now)
        cache.set(key, teams)
    return teams


def _team_groups_now(chart: Chart, since: date, now: datetime) -> dict[int, Group]:
    """Each manager's direct team: its size, series and rollups, in two queries for everyone."""
    leads = [lead for lead, team in chart.reports.items() if team]
    sums = (
        {
            row["lead_id"]: Numbers.from_row(row)
            for row in LeadWeek.objects.filter(lead_id__in=leads, week__gte=since)
            .values("lead_id")
            .annotate(**{name: Sum(name) for name in SUMMED})
        }
        if leads
        else {}
    )
    pairs = _reporting_pairs(leads)
    facts = active_series_facts(pairs)
    with_series, over_gap = _series_counts(pairs, now, facts)
    talked = _career_talk_counts(pairs, now)
    joiners, weekly = _rhythm_counts(pairs, facts, now)
    return {
        lead: Group(
            f"{chart.names[lead]}'s team",
            len(chart.reports[lead]),
            with_series[lead],
            over_gap[lead],
            sums.get(lead, Numbers()),
            career_talk=talked[lead],
            new_joiners=joiners[lead],
            new_weekly=weekly[lead],
        )
        for lead in leads
    }


def _career_talk_counts(pairs: QuerySet[Pair], now: datetime) -> dict[int, int]:
    """Per manager: reports who had a career conversation in the last six months. One query."""
    rows = (
        CareerConversation.objects.filter(
            pair__in=pairs, held_on__gte=(now - CAREER_TALK_DUE).date()
        )
        .values("pair__lead_id")
        .annotate(talked=Count("pair", distinct=True))
        .values_list("pair__lead_id", "talked")
    )
    return defaultdict(int, rows)


def _rhythm_counts(
    pairs: QuerySet[Pair], facts: list[SeriesFacts], now: datetime
) -> tuple[dict[int, int], dict[int, int]]:
    """Per manager: new joiners, and those of them on weekly 1:1s. One query."""
    rule_of = {fact.pair_id: fact.rule for fact in facts}
    joiners: dict[int, int] = defaultdict(int)
    weekly: dict[int, int] = defaultdict(int)
    rows = pairs.values_list("pk", "lead_id", "member__date_joined", "summary__first_start")
    for pair_id, lead_id, date_joined, first_start in rows:
        if not is_new_joiner(started(date_joined, first_start), now):
            continue
        joiners[lead_id] += 1
        if pair_id in rule_of and meets_weekly(rule_of[pair_id]):
            weekly[lead_id] += 1
    return joiners, weekly


def _org_totals(chart: Chart, teams: dict[int, Group], roots: list[int]) -> dict[int, Group]:
    """For every manager below the roots, their whole org: the teams of three or more in it."""
    totals: dict[int, Group] = {}
    for root in roots:
        for manager in reversed(chart.subtree(root)):
            org = Group(f"{chart.names[manager]}'s org", drill=manager)
            if teams[manager].people >= MIN_GROUP:
                org.add(teams[manager])
            for report in chart.reports[manager]:
                if report in totals:
                    org.add(totals[report])
            totals[manager] = org
    return totals


def _trail(chart: Chart, under: int | None, viewer: Person) -> list[Crumb]:
    """The way back up from `under` to where the viewer starts."""
    start = Crumb(None, "The company" if viewer.is_admin else "Your org")
    trail: list[Crumb] = []
    person = under
    while person is not None and (viewer.is_admin or person != viewer.pk):
        trail.append(Crumb(person, f"{chart.names[person]}'s org"))
        person = chart.manager_of.get(person)
    return [start, *reversed(trail)]


# Past this many managers, reading every pair beats a long IN list.
MANY_LEADS = 500


def _reporting_pairs(leads: list[int]) -> QuerySet[Pair]:
    """Each person's pair with their current manager: the 1:1s that count for the org."""
    pairs = Pair.objects.filter(
        relation=Pair.Relation.MANAGER, member__manager=F("lead"), member__is_active=True
    )
    return pairs if len(leads) > MANY_LEADS else pairs.filter(lead_id__in=leads)


def _series_counts(
    pairs: QuerySet[Pair], now: datetime, facts: list[SeriesFacts] | None = None
) -> tuple[dict[int, int], dict[int, int]]:
    """Per manager: pairs with an active series, and those past their gap (meetings/gaps.py).

    Plain tuples, not model instances: for 10,000 pairs that is the difference
    between a tenth of a second and most of one (bench/org.py).
    """
    with_series: dict[int, int] = defaultdict(int)
    over_gap: dict[int, int] = defaultdict(int)
    facts = active_series_facts(pairs) if facts is None else facts
    lead_of = {fact.pair_id: fact.lead_id for fact in facts}
    for fact in facts:
        with_series[fact.lead_id] += 1
    for pair_id, gap in gaps_of(pairs=pairs, now=now, facts=facts).items():
        if gap.is_over:
            over_gap[lead_of[pair_id]] += 1
    return with_series, over_gap


def over_gap_by_lead(*, leads: list[int], now: datetime) -> dict[int, int]:
    """Per manager: their reports' 1:1s past the longest gap their series allows, now."""
    return _series_counts(_reporting_pairs(leads), now)[1]
