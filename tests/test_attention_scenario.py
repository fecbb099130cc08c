"""A whole company, nine months of weekly 1:1s, problems planted on some pairs and healthy decoys on others.

The attention list must name every planted problem for the right pair or
manager, and at most one entry in ten may be about something that was not
planted. Outcomes go through the real services; agendas, check-ins and ratings
are written as rows (the off-topic guard is not what this tests), and the
weekly numbers are rebuilt once at the end, as the demo does.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random

import pytest
from django.utils import timezone

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.agendas.services import talking_point_add, talking_point_set_discussed
from showup.feedback.models import Blocker
from showup.feedback.services import blocker_log
from showup.insights.attention import Entry
from showup.insights.models import CheckIn, MeetingRating
from showup.insights.rollups import rollups_paused, rollups_rebuild_all
from showup.insights.selectors import DEFAULT_PERIOD, period_start
from showup.insights.team import team_view
from showup.meetings import services as meetings
from showup.meetings.models import Occurrence, Pair, Series
from showup.meetings.recurrence import cadence_rule
from showup.people.models import Person
from showup.performance.models import Observation
from showup.performance.services import (
    observation_raise,
    observation_record,
    review_create,
    review_point_add,
)
from tests.factories import PersonFactory, weekly_series

State = Occurrence.State
WEEKS = 39  # nine months
# Outcomes a date can have; "none" is left for the worker to mark missed (or,
# within its week, still waiting for someone to say whether it happened).
HELD, LEAD, LEAD_LATE, MEMBER, NOTED_SKIP, SKIP, NONE = (
    "held",
    "lead",
    "lead-late",
    "member",
    "noted-skip",
    "skip",
    "none",
)
Scores = Callable[[int, Random], int | None]


def healthy_check_in(back: int, rng: Random) -> int | None:
    return rng.choice([3, 4, 4, 4, 5]) if rng.random() < 0.85 else None


def healthy_rating(back: int, rng: Random) -> int | None:
    return rng.choice([3, 4, 4, 5, 5]) if rng.random() < 0.8 else None


@dataclass
class Plan:
    """How one pair's 1:1s go. `back` counts dates from the latest (1) backwards."""

    lead_cancels: float = 0.02
    late_share: float = 0.3
    member_cancels: float = 0.02
    noted_skips: float = 0.04
    unanswered_last: float = 0.25
    script: Callable[[int], str | None] = lambda back: None
    check_in: Scores = healthy_check_in
    rating: Scores = healthy_rating
    # (points by the report, points by the manager, of which catch-up) for one meeting
    agenda: Callable[[int, Random], tuple[int, int, int]] = lambda back, rng: (
        rng.randint(1, 3),
        int(rng.random() < 0.4),
        int(rng.random() < 0.05),
    )
    # "rows" written as data; through the agenda service either ticked off in the 1:1
    # ("ticked", written today) or left for carry-over ("carried", dated the day before).
    points_through: str = "rows"
    cadence: str = "weekly"
    weeks: int = WEEKS
    has_series: bool = True

    def outcome(self, back: int, rng: Random) -> str:
        scripted = self.script(back)
        if scripted:
            return scripted
        if back == 1 and rng.random() < self.unanswered_last:
            return NONE
        roll = rng.random()
        for chance, outcome in (
            (self.lead_cancels, LEAD),
            (self.member_cancels, MEMBER),
            (self.noted_skips, NOTED_SKIP),
            (0.01, SKIP),
            (0.01, NONE),
        ):
            if roll < chance:
                if outcome == LEAD and rng.random() < self.late_share:
                    return LEAD_LATE
                return outcome
            roll -= chance
        return HELD


@dataclass
class Company:
    now: datetime
    director: Person
    managers: dict[str, Person] = field(default_factory=dict)
    reports: dict[str, Person] = field(default_factory=dict)
    # What must be named: (kind, who), who being the report or, for a habit, the manager.
    planted: set[tuple[str, str]] = field(default_factory=set)
    # For each habit, the reports it must name.
    habits: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    # Healthy pairs built to look like a problem: nothing may be said about them.
    decoys: set[str] = field(default_factory=set)


def record(occurrence: Occurrence, outcome: str, lead: Person, member: Person) -> None:
    start = occurrence.start
    if outcome == HELD:
        meetings.occurrence_hold(occurrence=occurrence, by=lead, now=occurrence.end)
    elif outcome in (LEAD, LEAD_LATE, MEMBER):
        notice = timedelta(hours=3) if outcome == LEAD_LATE else timedelta(days=2)
        meetings.occurrence_cancel(
            occurrence=occurrence,
            by=member if outcome == MEMBER else lead,
            reason="Clash",
            now=start - notice,
        )
    elif outcome in (NOTED_SKIP, SKIP):
        meetings.occurrence_skip(
            occurrence=occurrence,
            by=member,
            note="Nothing to discuss this week." if outcome == NOTED_SKIP else "",
            now=start - timedelta(days=1),
        )


def one_on_ones(company: Company, lead: Person, member: Person, plan: Plan, rng: Random) -> None:
    now = company.now
    first = (now - timedelta(weeks=plan.weeks, days=3)).date()
    if plan.cadence == "weekly":
        series = weekly_series(
            lead, member, first_day=first, now=now - timedelta(weeks=plan.weeks)
        )
    else:
        series = weekly_series(
            lead,
            member,
            first_day=first,
            now=now - timedelta(weeks=plan.weeks),
            rule=cadence_rule(plan.cadence, first),
        )
    past = list(series.occurrences.filter(end__lt=now).order_by("start"))
    points, check_ins, ratings = [], [], []
    for index, occurrence in enumerate(past):
        back = len(past) - index
        outcome = plan.outcome(back, rng)
        by_member, by_lead, catch_up = plan.agenda(back, rng) if outcome == HELD else (0, 0, 0)
        if plan.points_through != "rows":
            through_the_service(plan, occurrence, lead, member, by_member, by_lead, outcome)
            continue
        record(occurrence, outcome, lead, member)
        if outcome != HELD:
            continue
        for number in range(by_member + by_lead):
            points.append(
                TalkingPoint(
                    pair=series.pair,
                    occurrence=occurrence,
                    author=member if number < by_member else lead,
                    text=f"Point {number}",
                    position=number + 1,  # one place each (agendas' unique place per 1:1)
                    off_topic_kind="status" if number < catch_up else "",
                    purpose="catch-up" if number < catch_up else "other",
                    created_at=occurrence.start - timedelta(days=1),
                    discussed_at=occurrence.end,
                )
            )
        if (score := plan.check_in(back, rng)) is not None:
            check_ins.append(CheckIn(occurrence=occurrence, person=member, score=score))
        if (score := plan.rating(back, rng)) is not None:
            ratings.append(MeetingRating(occurrence=occurrence, person=member, score=score))
    TalkingPoint.objects.bulk_create(points)
    CheckIn.objects.bulk_create(check_ins)
    MeetingRating.objects.bulk_create(ratings)


ON_TOPIC = [
    "How are you, really?",
    "What's one thing I could do better for you?",
    "I'd like feedback on how I ran the planning session",
    "Can we talk about my path to senior?",
]


def through_the_service(
    plan: Plan,
    occurrence: Occurrence,
    lead: Person,
    member: Person,
    by_member: int,
    by_lead: int,
    outcome: str,
) -> None:
    added = [
        talking_point_add(
            occurrence=occurrence,
            author=member if number < by_member else lead,
            text=ON_TOPIC[number % len(ON_TOPIC)],
            is_private=False,
        )
        for number in range(by_member + by_lead)
    ]
    if plan.points_through == "carried":
        TalkingPoint.objects.filter(pk__in=[point.pk for point in added]).update(
            created_at=occurrence.start - timedelta(days=1)
        )
    record(occurrence, outcome, lead, member)
    if plan.points_through == "ticked":
        for point in added:
            talking_point_set_discussed(
                point=point, by=member, occurrence=occurrence, discussed=True
            )


def scripted(**outcomes: str) -> Callable[[int], str | None]:
    """Outcomes for given dates back from the latest, as b1=..., b2=..."""
    by_back = {int(key[1:]): value for key, value in outcomes.items()}
    return lambda back: by_back.get(back)


def constant(score: int) -> Scores:
    return lambda back, rng: score


def falls(before: list[int], after: list[int], last: int) -> Scores:
    """Scores drawn from `before`, then from `after` for the last `last` meetings held."""
    return lambda back, rng: rng.choice(after if back <= last else before)


def manager_writes(
    share_of_lead: tuple[int, int], last: int
) -> Callable[..., tuple[int, int, int]]:
    """In the last `last` dates, the report writes `share[0]` points and the manager `share[1]`."""

    def agenda(back: int, rng: Random) -> tuple[int, int, int]:
        if back <= last:
            return (*share_of_lead, 0)
        return rng.randint(1, 3), int(rng.random() < 0.4), 0

    return agenda


def forty_five_days(back: int) -> str | None:
    """Held 45 days ago; cancelled by the report since, and the latest not answered yet."""
    if back == 1:
        return NONE
    return MEMBER if back < 7 else HELD if back == 7 else None


def held_lately(back: int) -> str | None:
    return HELD if back <= 8 else None


def days_ago(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def build_company(now: datetime) -> Company:
    rng = Random(20261201)
    director = PersonFactory.create(name="Dana Director")
    company = Company(now=now, director=director)
    for name in ("Mara", "Nico", "Oona", "Pete", "Quinn"):
        manager = PersonFactory.create(name=f"{name} Manager", manager=director)
        company.managers[name] = manager
        for number in range(1, 11):
            company.reports[f"{name}{number}"] = PersonFactory.create(
                name=f"{name}{number} Report", manager=manager
            )
    plans: dict[str, Plan] = {key: Plan() for key in company.reports}

    def plant(kind: str, who: str) -> None:
        company.planted.add((kind, who))

    # Mara cancels four 1:1s in ten with every report, most of them late: one entry, about her.
    for number in range(1, 11):
        plans[f"Mara{number}"] = Plan(lead_cancels=0.4, late_share=0.6)
    plant("habit-cancelled", "Mara")
    company.habits[("habit-cancelled", "Mara")] = {f"Mara{number}" for number in range(1, 11)}

    # Nico: a 45-day gap (the latest date still unanswered), a status meeting, a commitment
    # five weeks overdue, a blocker unanswered for six weeks, a report with no series.
    plans["Nico1"] = Plan(script=forty_five_days)
    plant("gap", "Nico1")
    plans["Nico2"] = Plan(agenda=lambda back, rng: (3, 0, 2))
    plant("status", "Nico2")
    plant("overdue", "Nico3")
    plant("blocker", "Nico4")
    plans["Nico5"] = Plan(has_series=False)
    plant("no-series", "Nico5")
    # Decoys: held 17 days ago, skipped with a note 10 days ago, the latest not answered yet;
    # a pair every two weeks; a fresh blocker; a commitment not due yet and one done late.
    plans["Nico6"] = Plan(script=scripted(b1=NONE, b2=NOTED_SKIP, b3=HELD))
    plans["Nico7"] = Plan(cadence="biweekly", script=scripted(b1=NONE, b2=NOTED_SKIP, b3=HELD))
    # Nico8: two skips with a note in a row, the latest unanswered.
    plans["Nico8"] = Plan(script=scripted(b1=NONE, b2=NOTED_SKIP, b3=NOTED_SKIP, b4=HELD))
    # Nico9: held 16 days ago, the report cancelled the next, the latest not answered yet.
    plans["Nico9"] = Plan(script=scripted(b1=NONE, b2=MEMBER, b3=HELD))
    company.decoys |= {"Nico6", "Nico7", "Nico8", "Nico9"}

    # Oona: a draft review with a concern never raised, an agenda she writes, a rating
    # that fell, a check-in that fell, a concern recorded three weeks ago and never raised.
    plant("review", "Oona1")
    plans["Oona2"] = Plan(
        agenda=manager_writes((0, 3), last=8), script=held_lately, points_through="ticked"
    )
    plant("agenda", "Oona2")
    plans["Oona3"] = Plan(rating=falls([4, 4, 5, 5], [1, 2], last=6), script=held_lately)
    plant("rating-fall", "Oona3")
    plans["Oona4"] = Plan(check_in=falls([4, 4, 5], [1, 2, 2], last=5), script=held_lately)
    plant("check-in-fall", "Oona4")
    plant("concern", "Oona5")
    # Decoys: always rates 3; one bad rating after many good ones; a raised concern in a
    # draft review; a concern recorded three days ago; a rating that dipped only a little.
    plans["Oona6"] = Plan(rating=constant(3), check_in=constant(3))
    plans["Oona7"] = Plan(
        rating=lambda back, rng: 1 if back == 1 else 5, script=scripted(b1=HELD, b2=HELD)
    )
    company.decoys |= {"Oona6", "Oona7", "Oona8", "Oona9", "Oona10"}
    plans["Oona9"] = Plan(
        rating=lambda back, rng: 3 + back % 2 if back <= 4 else rng.choice([4, 5]),
        script=held_lately,
    )

    # Pete writes the agenda with three reports: one entry about him, naming them.
    for number in (1, 2, 3):
        plans[f"Pete{number}"] = Plan(
            agenda=manager_writes((1, 4), last=8),
            script=held_lately,
            points_through="carried" if number == 1 else "rows",
        )
    plant("habit-agenda", "Pete")
    company.habits[("habit-agenda", "Pete")] = {"Pete1", "Pete2", "Pete3"}
    plans["Pete4"] = Plan(rating=lambda back, rng: rng.choice([1, 2, 2]))
    plant("low-rating", "Pete4")
    plans["Pete5"] = Plan(
        script=lambda back: LEAD if back in (2, 4, 5, 8, 11) else (HELD if back <= 12 else None)
    )
    plant("cancelled", "Pete5")
    # Decoys: he cancelled once, late, with Pete6; Pete7 cancels a lot himself; with Pete8
    # Pete writes 7 points in 10, not over three quarters.
    plans["Pete6"] = Plan(lead_cancels=0, script=scripted(b3=LEAD_LATE))
    plans["Pete7"] = Plan(member_cancels=0.3)
    plans["Pete8"] = Plan(agenda=manager_writes((3, 7), last=8), script=held_lately)
    company.decoys |= {"Pete6", "Pete7", "Pete8"}

    # Quinn cancels about one 1:1 in six, nearly always at the last minute, with everyone.
    for number in range(1, 11):
        plans[f"Quinn{number}"] = Plan(lead_cancels=0.17, late_share=0.95)
    plant("habit-cancelled", "Quinn")
    company.habits[("habit-cancelled", "Quinn")] = set()
    # Decoys: Quinn adds a point beside the report's two; Quinn3 joined three weeks ago.
    plans["Quinn1"] = Plan(lead_cancels=0.17, late_share=0.95, agenda=lambda back, rng: (2, 1, 0))
    plans["Quinn3"] = Plan(lead_cancels=0, weeks=3)
    company.decoys |= {"Quinn3"}

    with rollups_paused():
        for key, plan in plans.items():
            report = company.reports[key]
            if plan.has_series:
                one_on_ones(company, report.manager, report, plan, rng)  # type: ignore[arg-type]
        for manager in company.managers.values():
            one_on_ones(company, director, manager, Plan(cadence="biweekly"), rng)
        meetings.occurrences_mark_missed(now=now)
    _growth(company)
    rollups_rebuild_all()
    return company


def _pair(company: Company, key: str) -> Pair:
    return company.reports[key].pairs_joined.get()


def _held(company: Company, key: str, weeks_ago: int) -> Occurrence:
    return (
        _pair(company, key)
        .occurrences.filter(state=State.HELD, start__lte=company.now - timedelta(weeks=weeks_ago))
        .order_by("-start")[0]
    )


def _growth(company: Company) -> None:
    now = company.now
    nico, oona = company.managers["Nico"], company.managers["Oona"]
    # A commitment five weeks overdue; decoys: one due in three days, one done late.
    for key, due, done in (("Nico3", -35, None), ("Nico8", 3, None), ("Nico6", -20, -10)):
        ActionItem.objects.create(
            pair=_pair(company, key),
            owner=nico,
            created_by=company.reports[key],
            text="Find out the conference budget",
            due_on=(now + timedelta(days=due)).date(),
            done_at=now + timedelta(days=done) if done is not None else None,
            created_at=now - timedelta(weeks=8),
        )
    # A blocker waiting six weeks; a decoy waiting five days.
    for key, days in (("Nico4", 42), ("Nico7", 5)):
        blocker = blocker_log(
            pair=_pair(company, key), by=company.reports[key], kind="process", text="Slow deploys"
        )
        Blocker.objects.filter(pk=blocker.pk).update(created_at=days_ago(now, days))
    # A draft review with a concern never raised in a 1:1.
    review = review_create(
        pair=_pair(company, "Oona1"),
        by=oona,
        period_start=(now - timedelta(weeks=26)).date(),
        period_end=now.date(),
    )
    review_point_add(
        review=review,
        by=oona,
        text="Misses deadlines without warning.",
        is_concern=True,
        observations=[],
    )
    # A concern recorded three weeks ago, never raised.
    concern = observation_record(
        pair=_pair(company, "Oona5"), by=oona, kind="concern", text="Late to handovers."
    )
    Observation.objects.filter(pk=concern.pk).update(created_at=days_ago(now, 21))
    # Decoys: a concern raised in a 1:1 a month ago and in a draft review; one recorded
    # three days ago, not raised yet.
    raised = observation_record(
        pair=_pair(company, "Oona8"), by=oona, kind="concern", text="Estimates run long."
    )
    Observation.objects.filter(pk=raised.pk).update(created_at=days_ago(now, 40))
    raised.refresh_from_db()
    observation_raise(observation=raised, by=oona, occurrence=_held(company, "Oona8", 4), now=now)
    fair = review_create(
        pair=_pair(company, "Oona8"),
        by=oona,
        period_start=(now - timedelta(weeks=26)).date(),
        period_end=now.date(),
    )
    review_point_add(
        review=fair, by=oona, text="Estimates run long.", is_concern=True, observations=[raised]
    )
    fresh = observation_record(
        pair=_pair(company, "Oona10"), by=oona, kind="concern", text="Quiet in planning."
    )
    Observation.objects.filter(pk=fresh.pk).update(created_at=days_ago(now, 3))


def key_of(person: Person, company: Company) -> str:
    keys = {person.pk: key for key, person in {**company.reports, **company.managers}.items()}
    keys[company.director.pk] = "Dana"
    return keys[person.pk]


def a_real_gap(entry: Entry, now: datetime) -> bool:
    """A gap entry nobody planted is still true when no 1:1 was held for longer than the series allows.

    Cancelling managers, reports who cancel and plain bad luck leave real gaps.
    """
    if entry.kind != "gap":
        return False
    pair = Pair.objects.get(member=entry.person, lead=entry.person.manager)
    series = pair.series.get(status=Series.Status.ACTIVE)
    held = pair.occurrences.filter(state=State.HELD, start__lte=now).order_by("-start")
    return not held or (now - held[0].start).days > series.max_gap_days


def who(entry: Entry, company: Company) -> str:
    return key_of(entry.person, company)


@pytest.mark.django_db
def test_every_planted_problem_is_named_and_few_entries_are_false() -> None:
    now = timezone.now()
    company = build_company(now)
    since = period_start(DEFAULT_PERIOD, now)
    entries: list[Entry] = []
    for manager in [company.director, *company.managers.values()]:
        entries += team_view(manager=manager, since=since, now=now).attention
    found = {(entry.kind, who(entry, company)) for entry in entries}
    missed = company.planted - found
    unplanted = [
        entry for entry in entries if (entry.kind, who(entry, company)) not in company.planted
    ]
    false = [entry for entry in unplanted if not a_real_gap(entry, now)]
    summary = "\n".join(
        f"{entry.kind:15} {who(entry, company):8} {entry.title}" for entry in entries
    )
    assert not missed, f"missed {sorted(missed)}\n{summary}"
    assert len(false) * 10 <= len(entries), f"false entries: {len(false)}\n{summary}"
    about_decoys = [
        entry
        for entry in entries
        if {who(entry, company), *(key_of(person, company) for person in entry.named)}
        & company.decoys
        and not a_real_gap(entry, now)
    ]
    assert not about_decoys, summary
    for habit, reports in company.habits.items():
        entry = next(entry for entry in entries if (entry.kind, who(entry, company)) == habit)
        named = {key_of(person, company) for person in entry.named}
        assert reports <= named, (habit, named)
    # A habit is one entry: none of Mara's reports has a cancellation entry of its own.
    assert not [
        entry
        for entry in entries
        if entry.kind == "cancelled" and who(entry, company).startswith("Mara")
    ]
    print(
        f"\n{len(company.planted)} planted, {len(company.planted - missed)} named; {len(entries)} "
        f"entries, {len(unplanted)} not planted ({len(unplanted) - len(false)} real gaps), "
        f"{len(false)} false\n{summary}"
    )
