"""One question, one answer: is this pair past the gap its 1:1s allow?

Every surface that answers it is asked on the same data: home's alerts and
its table of reports, the pair page, the attention list (which the Monday
digest sends), the team's row in the org view and the company webhook's team
numbers. Four cases: just under the gap, just over it, over it on the clock
but with the last 1:1's "did it happen?" still open, and over it but with a
skip that said why.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from showup.insights.company import company_week
from showup.insights.org import org_view
from showup.insights.rollups import week_of
from showup.insights.team import team_view
from showup.meetings import services
from showup.meetings.models import Occurrence, Series
from showup.meetings.selectors import gap_alert
from showup.pages.home import home_for
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

pytestmark = pytest.mark.django_db
State = Occurrence.State


@dataclass
class Team:
    manager: Person
    subject: Series  # the pair the question is about
    controls: list[Series]  # two more reports who meet every week

    def dates(self, series: Series) -> list[Occurrence]:
        return list(series.occurrences.order_by("start"))


@pytest.fixture
def team(db: None) -> Team:
    manager = PersonFactory.create(name="Max Manager")
    start = datetime.now().astimezone() - timedelta(weeks=8)
    series = [
        weekly_series(
            manager,
            PersonFactory.create(name=name, manager=manager),
            first_day=start.date(),
            now=start - timedelta(days=1),
        )
        for name in ("Ana Subject", "Ben Control", "Cy Control")
    ]
    return Team(manager=manager, subject=series[0], controls=series[1:])


def _set_up(team: Team, case: str) -> datetime:
    """The subject's last held 1:1 is the first; what follows depends on the case. Returns now."""
    first, second, third = team.dates(team.subject)[:3]
    services.occurrence_hold(occurrence=first, by=team.manager, now=first.end)
    days = 14 if case == "under" else 15
    now = first.start + timedelta(days=days, hours=2)
    Occurrence.objects.filter(pk=second.pk).update(state=State.MISSED)
    if case != "awaiting":  # else the third waits for "did it happen?"
        Occurrence.objects.filter(pk=third.pk).update(state=State.MISSED)
    if case == "noted skip":
        Occurrence.objects.filter(pk=second.pk).update(
            state=State.SKIPPED, outcome_note="Nothing to discuss, on leave"
        )
    for control in team.controls:
        for date in team.dates(control):
            if date.end <= now:
                services.occurrence_hold(occurrence=date, by=team.manager, now=date.end)
    return now


def _home_alert(team: Team, now: datetime) -> bool:
    alerts = home_for(person=team.manager, now=now)["alerts"]
    return team.subject.pair_id in {alert.pair.pk for alert in alerts}  # type: ignore[attr-defined]


def _home_row(team: Team, now: datetime) -> bool:
    rows = home_for(person=team.manager, now=now)["report_rows"]
    [row] = [row for row in rows if row.report == team.subject.pair.member]  # type: ignore[attr-defined]
    return row.alert is not None


def _pair_page(team: Team, now: datetime) -> bool:
    return gap_alert(team.subject, now) is not None


def _attention_and_digest(team: Team, now: datetime) -> bool:
    view = team_view(manager=team.manager, since=now.date() - timedelta(weeks=12), now=now)
    return any(
        entry.kind == "gap" and entry.person == team.subject.pair.member
        for entry in view.attention
    )


def _org_view(team: Team, now: datetime) -> bool:
    view = org_view(viewer=team.manager, since=now.date() - timedelta(weeks=12), now=now)
    assert view is not None
    [own] = [group for group in view.groups if group.drill is None]
    return own.over_gap == 1


def _company_webhook(team: Team, now: datetime) -> bool:
    week = week_of(team.dates(team.subject)[0].start)
    [told] = company_week(week=week, now=now).teams
    return told.over_gap == 1


SURFACES: dict[str, Callable[[Team, datetime], bool]] = {
    "home alert": _home_alert,
    "home's reports": _home_row,
    "pair page": _pair_page,
    "attention list and Monday digest": _attention_and_digest,
    "org view": _org_view,
    "company webhook": _company_webhook,
}
EXPECTED = {"under": False, "over": True, "awaiting": False, "noted skip": False}


@pytest.mark.parametrize("case", list(EXPECTED))
def test_every_surface_gives_the_same_answer(team: Team, case: str) -> None:
    now = _set_up(team, case)
    answers = {name: ask(team, now) for name, ask in SURFACES.items()}
    assert answers == dict.fromkeys(SURFACES, EXPECTED[case])
