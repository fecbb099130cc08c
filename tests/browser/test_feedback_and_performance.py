"""Issue 5 in a real browser: the no-surprises review, upward feedback, blockers, the career plan."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from showup.actions.services import action_add_for_pair
from showup.careers.services import milestone_add
from showup.feedback.models import Blocker, Feedback
from showup.meetings.models import Occurrence, Series
from showup.performance.models import Observation, Review
from showup.performance.services import observation_raise, observation_record
from tests.browser.helpers import sign_in
from tests.factories import PersonFactory, weekly_series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def series(transactional_db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager", email="max@example.com")
    report = PersonFactory.create(name="Riley Report", email="riley@example.com", manager=manager)
    start = timezone.now() - timedelta(weeks=5)
    # On tomorrow's weekday: the latest 1:1 is never today's, whenever the test runs.
    series = weekly_series(manager, report, first_day=start.date() + timedelta(days=1), now=start)
    series.occurrences.filter(end__lt=timezone.now()).update(state=Occurrence.State.HELD)
    return series


def held(series: Series, weeks_ago: int) -> Occurrence:
    return series.occurrences.filter(
        start__lt=timezone.now() - timedelta(weeks=weeks_ago)
    ).order_by("-start")[0]


def test_a_concern_used_in_a_review_before_it_was_raised_is_flagged_until_raised(
    page: Any, live_server: Any, series: Series
) -> None:
    sign_in(page, live_server, "max@example.com")
    page.goto(f"{live_server.url}/pairs/{series.pair_id}/performance/")
    page.get_by_label("Concern").check()
    page.get_by_label("What you observed").fill("Code reviews are left waiting for days")
    page.get_by_label("Evidence").fill("PRs 101, 104 and 110 waited over three days")
    page.get_by_role("button", name="Record").click()
    page.get_by_text("Not raised yet").wait_for()

    today = timezone.localdate()
    page.get_by_label("From").fill((today - timedelta(days=90)).isoformat())
    page.get_by_label("To").fill(today.isoformat())
    page.get_by_role("button", name="Start a review").click()
    page.get_by_role("textbox", name="Point").fill("Review turnaround needs to improve")
    page.get_by_label("This point is a concern").check()
    page.get_by_label("Concern: Code reviews are left waiting for days").check()
    page.get_by_role("button", name="Add the point").click()
    page.get_by_text("was never raised in a 1:1").wait_for()
    assert page.get_by_role("button", name="Share with Riley").is_disabled()
    review_url = page.url

    # Recorded today, it cannot have been raised in a 1:1 that came before today:
    # none is offered (a forged one is refused, see test_no_surprises).
    page.goto(f"{live_server.url}/pairs/{series.pair_id}/performance/")
    page.get_by_text("No 1:1 has taken place since you recorded this").wait_for()
    assert page.get_by_role("button", name="Mark raised").count() == 0
    assert Observation.objects.get().raised_at is None

    # Recorded six weeks ago, it could: raised in the last 1:1, the review waits 14 days.
    Observation.objects.update(created_at=timezone.now() - timedelta(weeks=6))
    page.goto(f"{live_server.url}/pairs/{series.pair_id}/performance/")
    page.get_by_label("Raised in the 1:1 of").select_option(str(held(series, 0).pk))
    page.get_by_role("button", name="Mark raised").click()
    page.get_by_text("First raised in the 1:1 of").wait_for()
    page.goto(review_url)
    assert page.get_by_text("less than 14 days ago").is_visible()

    # Raised three weeks ago instead: long enough, the flag clears and the review can be shared.
    observation = Observation.objects.get()
    Observation.objects.filter(pk=observation.pk).update(raised_in=None, raised_at=None)
    observation_raise(
        observation=Observation.objects.get(), by=series.pair.lead, occurrence=held(series, 3)
    )
    page.goto(review_url)
    page.get_by_text("Nothing here would surprise Riley").wait_for()
    page.get_by_role("button", name="Share with Riley").click()
    page.get_by_text("Shared with Riley.").wait_for()
    assert Review.objects.get().status == Review.Status.SHARED


def test_a_report_gives_upward_feedback_logs_a_blocker_sees_commitments_and_acknowledges(
    page: Any, live_server: Any, series: Series
) -> None:
    manager = series.pair.lead
    milestone = milestone_add(
        pair=series.pair,
        by=manager,
        title="Lead the API v2 project",
        due_on=timezone.localdate() + timedelta(days=60),
    )
    action_add_for_pair(
        pair=series.pair,
        occurrence=None,
        by=manager,
        owner=manager,
        text="Introduce Riley to the API guild",
        due_on=None,
        milestone=milestone,
    )
    concern = observation_record(
        pair=series.pair,
        by=manager,
        kind="concern",
        text="Estimates have been optimistic",
        now=held(series, 1).start,
    )
    observation_raise(observation=concern, by=manager, occurrence=held(series, 1))

    sign_in(page, live_server, "riley@example.com")
    page.goto(f"{live_server.url}/pairs/{series.pair_id}/feedback/")
    page.get_by_label("Suggestion").check()
    page.get_by_label("Your feedback").fill(
        "Planning meetings would go faster with an agenda the day before"
    )
    page.get_by_role("button", name="Give feedback").click()
    page.get_by_text("Thank you. Max can read it now.").wait_for()
    assert Feedback.objects.get().is_upward

    page.get_by_role("link", name="Harder than it should be").click()
    page.get_by_label("What kind").select_option("interruptions")
    page.get_by_label("What is harder than it should be").fill(
        "Pulled into support every afternoon"
    )
    page.get_by_role("button", name="Log it").click()
    page.get_by_text("Max owns it until it is resolved").first.wait_for()
    assert Blocker.objects.get().status == Blocker.Status.OPEN

    page.get_by_role("link", name="Career plan").click()
    assert page.get_by_text("Introduce Riley to the API guild").is_visible()

    page.get_by_role("link", name="Performance").click()
    page.get_by_label("Your comment").fill("Agreed, I'll add buffers")
    page.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Acknowledged. Your manager sees your comment.").wait_for()
    assert Observation.objects.get().acknowledged_at is not None
