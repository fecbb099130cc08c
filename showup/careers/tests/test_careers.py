from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse

from showup.actions.services import action_add, action_add_for_pair
from showup.careers import selectors, services
from showup.careers.models import Milestone
from showup.meetings.errors import MeetingError
from showup.meetings.models import Series
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)


def test_a_plan_with_milestones_and_the_manager_s_commitments(series: Series) -> None:
    manager, report = series.pair.lead, series.pair.member
    services.plan_update(
        pair=series.pair,
        by=report,
        aspiration="manager",
        target_role="Engineering Manager",
        horizon="in 2 years",
        notes="",
    )
    milestone = services.milestone_add(
        pair=series.pair,
        by=report,
        title="Run the team's retros for a quarter",
        due_on=date(2026, 6, 30),
    )
    commitment = action_add_for_pair(
        pair=series.pair,
        occurrence=None,
        by=manager,
        owner=manager,
        text="Hand over retro facilitation",
        due_on=date(2026, 4, 1),
        milestone=milestone,
    )
    plan = selectors.plan_of_pair(pair=series.pair, reader=series.pair.lead)
    assert plan is not None
    assert plan.get_aspiration_display() == "Manager track"
    [listed] = plan.milestones.all()
    assert list(listed.commitments.all()) == [commitment]
    services.milestone_set_status(milestone=milestone, by=manager, status=Milestone.Status.DONE)
    assert Milestone.objects.get().done_at is not None


def test_only_the_manager_s_items_can_serve_a_milestone(series: Series) -> None:
    milestone = services.milestone_add(
        pair=series.pair, by=series.pair.member, title="Speak at a meetup", due_on=None
    )
    occurrence = series.occurrences.order_by("start")[0]
    with pytest.raises(MeetingError, match="Only the manager's commitments"):
        action_add(
            occurrence=occurrence,
            by=series.pair.member,
            owner=series.pair.member,
            text="x",
            due_on=None,
            milestone=milestone,
        )


def test_milestones_due_soon_and_the_last_career_conversation(series: Series) -> None:
    services.milestone_add(
        pair=series.pair, by=series.pair.member, title="Soon", due_on=date(2026, 3, 20)
    )
    services.milestone_add(
        pair=series.pair, by=series.pair.member, title="Later", due_on=date(2026, 12, 1)
    )
    assert [
        milestone.title
        for milestone in selectors.milestones_due(
            pair=series.pair, reader=series.pair.lead, today=date(2026, 3, 1)
        )
    ] == ["Soon"]
    first = series.occurrences.order_by("start")[0]
    services.career_conversation_mark(occurrence=first, by=series.pair.lead, held=True)
    assert (
        selectors.last_career_conversation(pair=series.pair, reader=series.pair.lead)
        == first.start.date()
    )


def test_a_career_conversation_is_marked_only_once_it_happened(series: Series) -> None:
    ahead = (
        series.occurrences.filter(start__gt=datetime.now(tz=UTC) + timedelta(days=1))
        .order_by("start")
        .first()
    )
    assert ahead is not None
    with pytest.raises(MeetingError, match="once the 1:1 has taken place"):
        services.career_conversation_mark(occurrence=ahead, by=series.pair.lead, held=True)


def test_strangers_cannot_touch_the_plan(series: Series) -> None:
    with pytest.raises(MeetingError):
        services.plan_update(
            pair=series.pair,
            by=PersonFactory.create(),
            aspiration="manager",
            target_role="",
            horizon="",
            notes="",
        )


@pytest.mark.parametrize(
    ("who", "said", "never"),
    [
        ("lead", "Now hold your end of the bargain.", "Well done"),
        ("member", "Well done: Max sees it on your plan.", "bargain"),
    ],
)
def test_reaching_a_milestone_is_told_to_each_in_their_own_words(
    series: Series, sign_in: Any, who: str, said: str, never: str
) -> None:
    """The bargain is the manager's to hold: the report is never told to hold it."""
    milestone = services.milestone_add(
        pair=series.pair, by=series.pair.member, title="Lead a release", due_on=None
    )
    client = sign_in(getattr(series.pair, who))
    page = client.post(
        reverse("careers:milestone-status", args=[milestone.pk]),
        {"status": Milestone.Status.DONE},
        follow=True,
    ).content.decode()
    assert said in page
    assert never not in page
