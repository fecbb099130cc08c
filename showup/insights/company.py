"""The company's 1:1 numbers per team for one closed week: all that leaves for the company as a whole.

The org view's rule (org.py): a manager's team of fewer than three people is
left out of every number, the company's total included, so that no number
minus another gives one person's 1:1s. What is read here may also be kept by
a receiver forever and compared week with week, so it is stricter than the
page in two ways:

- only closed weeks, read from the weekly rollups, which a move in the org
  chart never rewrites: a team's week does not change when someone joins or
  leaves it, so two payloads never differ by one person's history;
- a team's week is left out when fewer than three of its pairs had anything
  in it, since its numbers would then be one or two people's.

Teams are keyed by their manager here; the way out names them otherwise.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count

from showup.insights.models import LeadWeek, PairWeek
from showup.insights.org import company_chart, over_gap_by_lead
from showup.insights.rollups import SUMMED, week_bounds
from showup.insights.selectors import MIN_GROUP, Numbers
from showup.meetings.models import OccurrenceMove, Pair

MANAGER = Pair.Relation.MANAGER


@dataclass(frozen=True)
class TeamWeek:
    """One manager's team in one closed week: sizes and sums, never who."""

    lead_id: int
    people: int
    pairs: int
    numbers: Numbers
    moved: int
    over_gap: int


@dataclass(frozen=True)
class CompanyWeek:
    week: date
    teams: list[TeamWeek]
    left_out_people: int


def closed_week_before(moment: datetime) -> date:
    """The Monday of the last week (UTC) that has wholly ended by `moment`."""
    day = moment.date()
    return day - timedelta(days=day.weekday() + 7)


def company_week(*, week: date, now: datetime) -> CompanyWeek:
    """Every team that may be told about for `week`: five queries, whatever the company's size."""
    chart = company_chart()
    leads = [lead for lead, team in chart.reports.items() if team]
    sums = _lead_sums(leads, week)
    pairs = _pairs_with_numbers(leads, week)
    moved = _moved(leads, week)
    over_gap = over_gap_by_lead(leads=leads, now=now)
    teams, left_out = [], 0
    for lead in leads:
        people = len(chart.reports[lead])
        if people < MIN_GROUP or pairs[lead] < MIN_GROUP:
            left_out += people
            continue
        teams.append(
            TeamWeek(lead, people, pairs[lead], sums[lead], moved[lead], over_gap.get(lead, 0))
        )
    return CompanyWeek(week=week, teams=teams, left_out_people=left_out)


def _lead_sums(leads: list[int], week: date) -> dict[int, Numbers]:
    rows = LeadWeek.objects.filter(lead_id__in=leads, week=week).values("lead_id", *SUMMED)
    return defaultdict(Numbers, {row["lead_id"]: Numbers.from_row(row) for row in rows})


def _pairs_with_numbers(leads: list[int], week: date) -> dict[int, int]:
    rows = (
        PairWeek.objects.filter(pair__lead_id__in=leads, pair__relation=MANAGER, week=week)
        .values("pair__lead_id")
        .annotate(pairs=Count("pair_id", distinct=True))
    )
    return defaultdict(int, {row["pair__lead_id"]: row["pairs"] for row in rows})


def _moved(leads: list[int], week: date) -> dict[int, int]:
    """Per manager: their report 1:1s of that week that had been moved to another time."""
    start, end = week_bounds(week)
    rows = (
        OccurrenceMove.objects.filter(
            occurrence__pair__lead_id__in=leads,
            occurrence__pair__relation=MANAGER,
            occurrence__start__gte=start,
            occurrence__start__lt=end,
        )
        .values("occurrence__pair__lead_id")
        .annotate(moved=Count("occurrence_id", distinct=True))
    )
    return defaultdict(int, {row["occurrence__pair__lead_id"]: row["moved"] for row in rows})


def company_week_totals(company: CompanyWeek) -> Numbers:
    """The sum of the teams told about, and of nothing else."""
    total = Numbers()
    for team in company.teams:
        total = total + team.numbers
    return total
