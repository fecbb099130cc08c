"""Feedback, blockers, observations, reviews and career plans for the demo company.

Feedback flows both ways; Lena's CI blocker was resolved while Kenji's staging
access has been ignored for weeks; Jonas holds a concern about Tomás he never
raised, and his draft review of Tomás trips the no-surprises check; Daniel
noted a concern about Sofia two weeks ago and has not raised it; Lena's
career plan carries a commitment Jonas has not kept.
"""

from datetime import datetime, timedelta

from showup.actions.models import ActionItem
from showup.actions.services import action_add_for_pair
from showup.careers.models import CareerConversation, Milestone
from showup.careers.services import milestone_add, milestone_set_status, plan_update
from showup.demo.context import DemoContext
from showup.feedback.models import Blocker, Feedback
from showup.feedback.services import blocker_log, blocker_resolve, feedback_give, feedback_respond
from showup.meetings.models import Occurrence, Pair
from showup.performance.services import (
    observation_acknowledge,
    observation_raise,
    observation_record,
    review_create,
    review_point_add,
    review_update,
)

State = Occurrence.State

UPWARD = [
    (
        "suggestion",
        "Planning meetings would go faster with the agenda sent the day before.",
        "Agendas now go out the afternoon before.",
    ),
    ("praise", "Thank you for shielding us during the outage; it made a real difference.", ""),
    (
        "suggestion",
        "Our 1:1s get moved a lot lately; could we keep the slot fixed?",
        "Fair. I've blocked the slot and will only move it for emergencies.",
    ),
    ("suggestion", "I'd like more context on why priorities changed last sprint.", ""),
]
DOWNWARD = [
    ("praise", "Your write-up of the incident was clear and calm. Leadership quoted it."),
    ("suggestion", "In design reviews, try leading with the trade-off before the details."),
    ("praise", "Great mentoring of the new joiner; they were productive in week two."),
]


def _pair(context: DemoContext, lead: str, member: str) -> Pair:
    return Pair.objects.get(lead=context.people[lead], member=context.people[member])


def _held(pair: Pair, weeks_ago: int, context: DemoContext) -> Occurrence | None:
    return (
        pair.occurrences.filter(
            state=State.HELD, start__lte=context.now - timedelta(weeks=weeks_ago)
        )
        .order_by("-start")
        .first()
    )


def _at(model: type, pk: int, when: datetime, field: str = "created_at") -> None:
    model.objects.filter(pk=pk).update(**{field: when})  # type: ignore[attr-defined]


def build_growth(context: DemoContext) -> None:
    _feedback(context)
    _blockers(context)
    _observations(context)
    _careers(context)


def _feedback(context: DemoContext) -> None:
    manager_pairs = Pair.objects.filter(relation=Pair.Relation.MANAGER).select_related(
        "lead", "member"
    )
    for index, pair in enumerate(manager_pairs):
        kind, text, answer = UPWARD[index % len(UPWARD)]
        upward = feedback_give(pair=pair, giver=pair.member, kind=kind, text=text)
        _at(Feedback, upward.pk, context.now - timedelta(days=10 + index * 3))
        if answer:
            feedback_respond(feedback=upward, by=pair.lead, response=answer)
        if index % 2 == 0:
            kind, text = DOWNWARD[index % len(DOWNWARD)]
            down = feedback_give(pair=pair, giver=pair.lead, kind=kind, text=text)
            _at(Feedback, down.pk, context.now - timedelta(days=5 + index))


def _blockers(context: DemoContext) -> None:
    lena = _pair(context, "jonas", "lena")
    resolved = blocker_log(
        pair=lena,
        by=lena.member,
        kind="process",
        text="Flaky CI fails one build in three; every merge takes an hour of retries.",
    )
    _at(Blocker, resolved.pk, context.now - timedelta(days=40))
    blocker_resolve(
        blocker=resolved,
        by=lena.lead,
        outcome="Platform team quarantined the flaky suites; retries dropped to near zero.",
    )
    _at(Blocker, resolved.pk, context.now - timedelta(days=26), field="closed_at")

    kenji = _pair(context, "priya", "kenji")
    ignored = blocker_log(
        pair=kenji,
        by=kenji.member,
        kind="outside",
        text="Still waiting for staging access; I borrow a colleague's session to test.",
    )
    _at(Blocker, ignored.pk, context.now - timedelta(days=38))

    marcus = _pair(context, "daniel", "marcus")
    interruptions = blocker_log(
        pair=marcus,
        by=marcus.member,
        kind="interruptions",
        text="Support pings me every afternoon; no deep work after lunch.",
    )
    _at(Blocker, interruptions.pk, context.now - timedelta(days=12))


def _observations(context: DemoContext) -> None:
    ananya = _pair(context, "priya", "ananya")
    raised_in = _held(ananya, 5, context)
    concern = observation_record(
        pair=ananya,
        by=ananya.lead,
        kind="concern",
        text="Estimates have been optimistic by about half.",
        evidence="Search filters: 3 days estimated, 7 taken.",
        now=raised_in.start - timedelta(days=2) if raised_in else context.now,
    )
    if raised_in:
        observation_raise(
            observation=concern, by=ananya.lead, occurrence=raised_in, now=context.now
        )
        observation_acknowledge(
            observation=concern,
            by=ananya.member,
            comment="Agreed. I'm adding a buffer and breaking tasks smaller.",
        )
    strength = observation_record(
        pair=ananya,
        by=ananya.lead,
        kind="strength",
        text="Asks for help early; unblocks herself fast.",
        now=raised_in.start - timedelta(days=2) if raised_in else context.now,
    )
    if raised_in:
        observation_raise(
            observation=strength, by=ananya.lead, occurrence=raised_in, now=context.now
        )

    tomas = _pair(context, "jonas", "tomas")
    never_raised = observation_record(
        pair=tomas,
        by=tomas.lead,
        kind="concern",
        text="Code reviews from Tomás often wait three or more days.",
        evidence="PRs waited 3–5 days in October.",
        now=context.now - timedelta(days=30),
    )
    review = review_create(
        pair=tomas,
        by=tomas.lead,
        period_start=(context.now - timedelta(days=180)).date(),
        period_end=context.now.date(),
    )
    review_update(
        review=review,
        by=tomas.lead,
        summary="Solid delivery on payments; review turnaround is the gap.",
        rating=2,
    )
    review_point_add(
        review=review,
        by=tomas.lead,
        text="Review turnaround slows the team down.",
        is_concern=True,
        observations=[never_raised],
    )
    review_point_add(
        review=review,
        by=tomas.lead,
        text="Delivered the refunds flow on time.",
        is_concern=False,
        observations=[],
    )

    sofia = _pair(context, "daniel", "sofia")
    observation_record(
        pair=sofia,
        by=sofia.lead,
        kind="concern",
        text="Hand-offs to QA arrive without test notes.",
        evidence="Three releases in a row.",
        now=context.now - timedelta(days=12),
    )


def _careers(context: DemoContext) -> None:
    lena = _pair(context, "jonas", "lena")
    plan_update(
        pair=lena,
        by=lena.member,
        aspiration="manager",
        target_role="Engineering Manager",
        horizon="in 18 months",
        notes="Wants to try leading before committing.",
    )
    retro = milestone_add(
        pair=lena,
        by=lena.member,
        title="Facilitate the team's retros for a quarter",
        due_on=(context.now + timedelta(days=45)).date(),
    )
    milestone_set_status(milestone=retro, by=lena.member, status=Milestone.Status.IN_PROGRESS)
    mentor = milestone_add(
        pair=lena,
        by=lena.lead,
        title="Mentor the new joiner through their first project",
        due_on=(context.now + timedelta(days=100)).date(),
    )
    broken = action_add_for_pair(
        pair=lena,
        occurrence=None,
        by=lena.lead,
        owner=lena.lead,
        text="Hand Lena the sprint planning facilitation",
        due_on=(context.now - timedelta(days=30)).date(),
        milestone=retro,
    )
    _at(ActionItem, broken.pk, context.now - timedelta(days=60))
    kept = action_add_for_pair(
        pair=lena,
        occurrence=None,
        by=lena.lead,
        owner=lena.lead,
        text="Pair Lena with the new joiner",
        due_on=(context.now - timedelta(days=20)).date(),
        milestone=mentor,
    )
    ActionItem.objects.filter(pk=kept.pk).update(
        created_at=context.now - timedelta(days=50), done_at=context.now - timedelta(days=25)
    )
    _conversation(lena, weeks_ago=16, context=context)

    kenji = _pair(context, "priya", "kenji")
    plan_update(
        pair=kenji,
        by=kenji.member,
        aspiration="individual",
        target_role="Senior Engineer",
        horizon="this year",
        notes="",
    )
    talk = milestone_add(
        pair=kenji,
        by=kenji.member,
        title="Give a talk at the internal tech conference",
        due_on=(context.now + timedelta(days=20)).date(),
    )
    ActionItem.objects.filter(
        pair=kenji, owner=kenji.lead, text__startswith="Get Kenji a speaking slot"
    ).update(milestone=talk)

    mei = _pair(context, "priya", "mei")
    plan_update(
        pair=mei,
        by=mei.member,
        aspiration="undecided",
        target_role="",
        horizon="",
        notes="Exploring data engineering.",
    )
    milestone_add(
        pair=mei,
        by=mei.member,
        title="Ship one data pipeline end to end",
        due_on=(context.now + timedelta(days=75)).date(),
    )
    _conversation(mei, weeks_ago=4, context=context)


def _conversation(pair: Pair, *, weeks_ago: int, context: DemoContext) -> None:
    occurrence = _held(pair, weeks_ago, context)
    if occurrence:
        CareerConversation.objects.get_or_create(
            occurrence=occurrence, defaults={"pair": pair, "held_on": occurrence.start.date()}
        )
