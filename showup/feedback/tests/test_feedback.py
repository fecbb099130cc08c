from datetime import UTC, date, datetime

import pytest

from showup.feedback import selectors, services
from showup.feedback.models import Blocker
from showup.meetings.errors import MeetingError
from showup.meetings.models import Series
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)


def test_upward_feedback_reaches_the_manager_who_answers_it(series: Series) -> None:
    manager, report = series.pair.lead, series.pair.member
    feedback = services.feedback_give(
        pair=series.pair, giver=report, kind="suggestion", text="Send agendas before planning"
    )
    assert feedback.is_upward
    assert feedback.receiver == manager
    assert list(selectors.upward_feedback_to(manager=manager)) == [feedback]
    with pytest.raises(MeetingError):
        services.feedback_respond(feedback=feedback, by=report, response="x")
    services.feedback_respond(
        feedback=feedback, by=manager, response="Agendas go out the day before now"
    )
    feedback.refresh_from_db()
    assert feedback.response == "Agendas go out the day before now"


def test_empty_feedback_and_strangers_are_refused(series: Series) -> None:
    with pytest.raises(MeetingError, match="Write the feedback"):
        services.feedback_give(pair=series.pair, giver=series.pair.lead, kind="praise", text="  ")
    with pytest.raises(MeetingError):
        services.feedback_give(
            pair=series.pair, giver=PersonFactory.create(), kind="praise", text="Hi"
        )


def test_a_blocker_is_the_manager_s_until_resolved_or_declined_with_a_reason(
    series: Series,
) -> None:
    manager, report = series.pair.lead, series.pair.member
    blocker = services.blocker_log(
        pair=series.pair, by=report, kind="process", text="Deploys take two days of approvals"
    )
    assert selectors.open_blockers_for(manager=manager) == [blocker]
    with pytest.raises(MeetingError, match="reason for declining"):
        services.blocker_decline(blocker=blocker, by=manager, reason=" ")
    with pytest.raises(MeetingError, match="The manager resolves"):
        services.blocker_resolve(blocker=blocker, by=report, outcome="")
    services.blocker_resolve(
        blocker=blocker, by=manager, outcome="Approvals are automatic for small changes now"
    )
    assert Blocker.objects.get().status == Blocker.Status.RESOLVED
    assert selectors.open_blockers_for(manager=manager) == []
    with pytest.raises(MeetingError, match="already closed"):
        services.blocker_decline(blocker=blocker, by=manager, reason="late")


def test_only_the_report_logs_blockers(series: Series) -> None:
    with pytest.raises(MeetingError, match="The report logs"):
        services.blocker_log(pair=series.pair, by=series.pair.lead, kind="process", text="x")


def test_a_skip_level_manager_sees_no_team_blockers_of_other_managers(series: Series) -> None:
    director = PersonFactory.create()
    series.pair.lead.manager = director
    series.pair.lead.save()
    services.blocker_log(
        pair=series.pair, by=series.pair.member, kind="outside", text="Waiting on legal"
    )
    assert list(selectors.team_blockers(manager=director)) == []
