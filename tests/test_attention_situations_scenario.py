"""The six situations of the article a manager sees at a glance, and their decoys, through the services.

Two managers and their teams over nine months of weekly 1:1s (a new joiner's
from their first week). Each situation is planted on one pair of Rhea's, and
rescheduling on two of Sol's (one entry about Sol, naming both); the decoys
look like a situation and are not one. Every situation must be named for the
right pair or manager, and nothing may be said about the decoys.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from showup.actions.models import ActionItem
from showup.actions.services import action_add
from showup.agendas.models import TalkingPoint
from showup.agendas.services import talking_point_add
from showup.api.services import token_issue
from showup.careers.models import CareerConversation, CareerPlan, Milestone
from showup.careers.services import career_conversation_mark, milestone_add, plan_update
from showup.feedback.models import Feedback
from showup.feedback.services import feedback_give
from showup.insights.attention import Entry
from showup.insights.org import org_view
from showup.insights.rollups import rollups_paused, rollups_rebuild_all
from showup.insights.selectors import period_start
from showup.insights.team import team_view
from showup.mail.models import OutboxMessage
from showup.meetings import services as meetings
from showup.meetings.models import Occurrence, Pair, Series
from showup.meetings.recurrence import cadence_rule
from showup.notifications.reminders import plan_digests
from showup.people.models import Person
from tests.api_world import TokenClient
from tests.factories import PersonFactory, weekly_series

State = Occurrence.State
BERLIN = ZoneInfo("Europe/Berlin")
WEEKS = 39
SITUATIONS = {
    "Rhea1": "quiet",
    "Rhea2": "rescheduling",
    "Rhea3": "one-way-feedback",
    "Rhea4": "career",
    "Rhea5": "new-joiner",
    "Rhea6": "piling-up",
}
DECOYS = ["Rhea7", "Rhea8", "Rhea9", "Rhea10", "Rhea11", "Rhea12", "Rhea13", "Rhea14", "Sol3"]
Plan = Callable[[Pair, list[Occurrence]], None]


class Team:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.people: dict[str, Person] = {}
        self.series: dict[str, Series] = {}

    def pair(self, key: str) -> Pair:
        return self.series[key].pair

    def manager_of(self, key: str) -> Person:
        manager = self.people[key].manager
        assert manager is not None
        return manager


def hire(team: Team, key: str, manager: Person, *, days_ago: int = 800) -> Person:
    person = PersonFactory.create(name=f"{key} Report", manager=manager)
    Person.objects.filter(pk=person.pk).update(date_joined=team.now - timedelta(days=days_ago))
    person.refresh_from_db()
    team.people[key] = person
    return person


def set_up(
    team: Team, key: str, *, weeks: int = WEEKS, cadence: str = "weekly"
) -> list[Occurrence]:
    """The pair's 1:1s from `weeks` ago; returns those already past, oldest first."""
    person = team.people[key]
    manager = team.manager_of(key)
    start = team.now - timedelta(weeks=weeks)
    first = (start + timedelta(days=1)).date()
    rule = None if cadence == "weekly" else cadence_rule(cadence, first)
    series = weekly_series(manager, person, first_day=first, now=start, rule=rule)
    team.series[key] = series
    return list(series.occurrences.filter(end__lt=team.now).order_by("start"))


def hold_all(
    past: list[Occurrence], team: Team, key: str, points: Callable[[int], tuple[int, int]]
) -> None:
    """Holds each 1:1; before it, the report and the manager add `points(index from the end)`."""
    person, manager = team.people[key], team.manager_of(key)
    for index, occurrence in enumerate(past):
        back = len(past) - index
        by_report, by_manager = points(back)
        for number in range(by_report + by_manager):
            point = talking_point_add(
                occurrence=occurrence,
                author=person if number < by_report else manager,
                text=f"How are things going for you, part {number}?",
                is_private=False,
            )
            TalkingPoint.objects.filter(pk=point.pk).update(
                created_at=occurrence.start - timedelta(days=1)
            )
        meetings.occurrence_hold(occurrence=occurrence, by=manager, now=occurrence.end)


def usual(back: int) -> tuple[int, int]:
    return 2, 1 if back % 3 == 0 else 0


def move_then_hold(team: Team, key: str, past: list[Occurrence], moved: dict[int, str]) -> None:
    """The 1:1s `back` from the latest in `moved` are moved a day later by "lead" or "member"."""
    person, manager = team.people[key], team.manager_of(key)
    for index, occurrence in enumerate(past):
        back = len(past) - index
        mover = moved.get(back)
        if mover:
            meetings.occurrence_reschedule(
                occurrence=occurrence,
                by=manager if mover == "lead" else person,
                new_start=occurrence.start + timedelta(days=1),
                reason="Clash",
                now=occurrence.start - timedelta(days=2),
            )
            occurrence.refresh_from_db()
        if occurrence.end < team.now:
            meetings.occurrence_hold(occurrence=occurrence, by=manager, now=occurrence.end)


def feedback(team: Team, key: str, *, down_days: list[int], up_days: list[int]) -> None:
    pair, person, manager = team.pair(key), team.people[key], team.manager_of(key)
    for giver, days in ((manager, down_days), (person, up_days)):
        for day in days:
            given = feedback_give(pair=pair, giver=giver, kind="praise", text="Great demo, thanks")
            Feedback.objects.filter(pk=given.pk).update(created_at=team.now - timedelta(days=day))


def career(team: Team, key: str, *, touched: int, talked: int | None, past_due: bool) -> None:
    pair, manager = team.pair(key), team.manager_of(key)
    plan_update(
        pair=pair,
        by=manager,
        aspiration="individual",
        target_role="Senior",
        horizon="a year",
        notes="",
    )
    due = (team.now - timedelta(days=30)).date() if past_due else None
    milestone = milestone_add(pair=pair, by=manager, title="Lead a project", due_on=due)
    at = team.now - timedelta(days=touched)
    CareerPlan.objects.filter(pair=pair).update(updated_at=at)
    Milestone.objects.filter(pk=milestone.pk).update(created_at=at)
    if talked is not None:
        held = pair.occurrences.filter(
            state=State.HELD, start__lte=team.now - timedelta(days=talked)
        )
        occurrence = held.order_by("-start").first()
        assert occurrence is not None
        career_conversation_mark(occurrence=occurrence, by=manager, held=True)


def commitments(team: Team, key: str, *, written_weeks_ago: list[float]) -> None:
    pair, manager = team.pair(key), team.manager_of(key)
    occurrence = pair.occurrences.order_by("start").first()
    assert occurrence is not None
    for weeks in written_weeks_ago:
        item = action_add(
            occurrence=occurrence,
            by=manager,
            owner=manager,
            text="Find the training budget",
            due_on=None,
        )
        ActionItem.objects.filter(pk=item.pk).update(created_at=team.now - timedelta(weeks=weeks))


def build(now: datetime) -> Team:
    team = Team(now)
    director = PersonFactory.create(name="Dana Director")
    rhea = PersonFactory.create(name="Rhea Manager", manager=director)
    sol = PersonFactory.create(name="Sol Manager", manager=director)
    for number in range(1, 15):
        key = f"Rhea{number}"
        days = {5: 50, 12: 60}.get(number, 800)
        hire(team, key, rhea, days_ago=days)
    for number in range(1, 5):
        hire(team, f"Sol{number}", sol)
    with rollups_paused():
        # Rhea1 brought two points to each 1:1 and none to the last six; Rhea adds few.
        hold_all(
            set_up(team, "Rhea1"),
            team,
            "Rhea1",
            lambda back: (0 if back <= 6 else 2, int(back % 4 == 0)),
        )
        # Rhea8 adds one point every other 1:1, as she always has: steady, not quiet.
        hold_all(set_up(team, "Rhea8"), team, "Rhea8", lambda back: (back % 2, 0))
        # Rhea2: Rhea moved six of the last eight to the next day. Rhea9: two by Rhea,
        # three by the report.
        move_then_hold(
            team, "Rhea2", set_up(team, "Rhea2"), dict.fromkeys((1, 2, 3, 5, 6, 8), "lead")
        )
        moved = {2: "lead", 6: "lead", 3: "member", 4: "member", 7: "member"}
        move_then_hold(team, "Rhea9", set_up(team, "Rhea9"), moved)
        for key in (
            "Rhea3",
            "Rhea10",
            "Rhea4",
            "Rhea11",
            "Rhea6",
            "Rhea13",
            "Rhea7",
            "Rhea14",
            "Sol4",
        ):
            hold_all(set_up(team, key), team, key, usual)
        # Rhea5 joined 50 days ago on 1:1s every other week; Rhea12 60 days ago, weekly.
        hold_all(set_up(team, "Rhea5", weeks=7, cadence="biweekly"), team, "Rhea5", usual)
        hold_all(set_up(team, "Rhea12", weeks=8), team, "Rhea12", usual)
        # Sol moves most 1:1s with Sol1 and Sol2; Sol3 moves her own.
        for key in ("Sol1", "Sol2"):
            move_then_hold(team, key, set_up(team, key), dict.fromkeys(range(1, 7), "lead"))
        move_then_hold(team, "Sol3", set_up(team, "Sol3"), dict.fromkeys(range(1, 7), "member"))
        meetings.occurrences_mark_missed(now=now)
    # Feedback: four pieces down in six months and none up; both ways for the decoy.
    feedback(team, "Rhea3", down_days=[170, 120, 60, 20], up_days=[])
    feedback(team, "Rhea10", down_days=[170, 120, 60], up_days=[90])
    # Career: untouched for five months, talked eight months ago, a milestone past due;
    # the decoy worked on its plan two months ago. Sol4, two years in, has no plan and no
    # career conversation; Rhea14 has no plan either, but talked career last month; Rhea7
    # has a plan worked on last month.
    career(team, "Rhea4", touched=150, talked=240, past_due=True)
    career(team, "Rhea11", touched=60, talked=None, past_due=False)
    for key in ("Rhea2", "Rhea1", "Rhea3", "Rhea6", "Rhea7", "Rhea8", "Rhea9", "Rhea10", "Rhea13"):
        career(team, key, touched=30, talked=45, past_due=False)
    for key in ("Sol1", "Sol2", "Sol3"):
        career(team, key, touched=30, talked=45, past_due=False)
    pair14 = team.pair("Rhea14")
    last_month = pair14.occurrences.filter(state=State.HELD, start__lte=now - timedelta(days=30))
    career_conversation_mark(occurrence=last_month.order_by("-start")[0], by=rhea, held=True)
    # Commitments: three of Rhea's carried five weeks; four from the last 1:1 for the decoy.
    commitments(team, "Rhea6", written_weeks_ago=[5, 5.5, 6])
    commitments(team, "Rhea13", written_weeks_ago=[0.5, 0.5, 0.5, 0.5])
    rollups_rebuild_all()
    assert CareerConversation.objects.exists()
    return team


def attention_of(manager: Person, now: datetime) -> list[Entry]:
    return team_view(manager=manager, since=period_start("26w", now), now=now).attention


@pytest.mark.django_db
def test_each_situation_is_named_for_its_pair_and_no_decoy_is() -> None:
    now = timezone.now()
    team = build(now)
    rhea = team.manager_of("Rhea1")
    entries = attention_of(rhea, now)
    found = {(entry.kind, entry.person.name.split()[0]) for entry in entries}
    for key, kind in SITUATIONS.items():
        assert (kind, key) in found, (key, kind, sorted(found))
    about_decoys = [entry for entry in entries if entry.person.name.split()[0] in DECOYS]
    assert not about_decoys, about_decoys
    planted = {(kind, key) for key, kind in SITUATIONS.items()}
    unplanted = [
        entry for entry in entries if (entry.kind, entry.person.name.split()[0]) not in planted
    ]
    assert not unplanted, unplanted

    sol = team.manager_of("Sol1")
    sols = attention_of(sol, now)
    assert sorted((entry.kind, entry.person.name) for entry in sols) == [
        ("career", "Sol4 Report"),
        ("habit-rescheduling", "Sol Manager"),
    ]
    [habit] = [entry for entry in sols if entry.kind.startswith("habit-")]
    assert habit.kind == "habit-rescheduling"
    assert habit.person == sol
    assert sorted(person.name for person in habit.named) == ["Sol1 Report", "Sol2 Report"]
    assert not [entry for entry in attention_of(sol, now) if entry.kind == "rescheduling"]

    # The API carries the same list, by the same rules; someone who leads nobody gets none.
    api = [(row["kind"], row["person_id"]) for row in api_attention(rhea)]
    assert api == [(entry.kind, entry.person.pk) for entry in attention_of(rhea, timezone.now())]
    assert api_attention(team.people["Rhea1"]) == []


def api_attention(person: Person) -> list[dict[str, object]]:
    issued = token_issue(
        person=person, name="attention", scope="read", expires_in_days=7, now=timezone.now()
    )
    response = TokenClient(issued.secret).get("/api/v1/attention")
    assert response.status_code == 200
    rows: list[dict[str, object]] = response.json()
    return rows


def last_monday_morning() -> datetime:
    """09:00 in Berlin on the latest Monday: when the digest goes."""
    today = timezone.now().astimezone(BERLIN)
    monday = today - timedelta(days=today.weekday())
    return monday.replace(hour=9, minute=0, second=0, microsecond=0)


@pytest.mark.django_db
def test_the_digest_and_the_org_view_carry_the_situations_by_the_same_rules() -> None:
    now = last_monday_morning()
    team = build(now)
    rhea = team.manager_of("Rhea1")
    OutboxMessage.objects.all().delete()
    plan_digests(now=now)
    [digest] = OutboxMessage.objects.filter(kind="digest", recipient=rhea.email)
    for entry in attention_of(rhea, now):
        assert entry.title in digest.text_body
    assert "Rhea1 has stopped bringing points to your 1:1s" in digest.text_body

    director = team.manager_of("Rhea1").manager
    assert director is not None
    view = org_view(viewer=director, since=period_start("26w", now), now=now)
    assert view is not None
    [org] = [group for group in view.groups if group.label == "Rhea Manager's org"]
    # Ten of fourteen talked career in six months: all but Rhea4 (eight months ago),
    # Rhea11 (never), and the two new joiners.
    assert (org.people, org.career_talk) == (14, 10)
    # Two new joiners, one on weekly 1:1s: too few to show a share about them.
    assert (org.new_joiners, org.new_weekly, org.new_weekly_share) == (2, 1, None)
