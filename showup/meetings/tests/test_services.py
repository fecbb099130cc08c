from datetime import UTC, date, datetime, time, timedelta

import pytest

from showup.meetings import services
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, OccurrenceMove, Pair, Series
from showup.meetings.schedule import Schedule
from showup.meetings.selectors import gap_alert, report_rows_for
from showup.meetings.summaries import pair_summary_refresh
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

State = Occurrence.State
# Monday 2 March 2026, 08:00 UTC: the series below meet on Mondays at 10:00 Berlin (09:00 UTC).
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def manager(db: None) -> Person:
    return PersonFactory.create(name="Max Manager", timezone="Europe/Berlin")


@pytest.fixture
def report(manager: Person) -> Person:
    return PersonFactory.create(name="Riley Report", manager=manager, timezone="America/New_York")


@pytest.fixture
def series(manager: Person, report: Person) -> Series:
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)


def nth(series: Series, n: int) -> Occurrence:
    return series.occurrences.order_by("original_start")[n]


def test_a_manager_sets_up_a_1_1_with_their_report_at_once(series: Series) -> None:
    assert series.status == Series.Status.ACTIVE
    assert series.pair.relation == Pair.Relation.MANAGER
    first = nth(series, 0)
    assert first.start == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert first.end - first.start == timedelta(minutes=30)
    assert series.occurrences.count() == 58  # 400 days ahead, weekly
    assert series.max_gap_days == 14


def test_a_report_proposes_and_the_manager_accepts(manager: Person, report: Person) -> None:
    pair, immediate = services.pair_between(proposer=report, other=manager)
    assert (pair.lead, pair.member, immediate) == (manager, report, False)
    schedule = Schedule(
        rule="FREQ=WEEKLY;BYDAY=TU",
        first_day=date(2026, 3, 3),
        at=time(9),
        timezone="Europe/Berlin",
    )
    proposed = services.series_create(
        pair=pair, schedule=schedule, by=report, immediate=False, now=T0
    )
    assert proposed.status == Series.Status.PROPOSED
    assert not proposed.occurrences.exists()
    with pytest.raises(MeetingError, match="The other person accepts"):
        services.series_accept(series=proposed, by=report, now=T0)
    services.series_accept(series=proposed, by=manager, now=T0)
    assert proposed.status == Series.Status.ACTIVE
    assert proposed.occurrences.exists()


def test_a_proposal_can_be_declined(manager: Person, report: Person) -> None:
    pair, _ = services.pair_between(proposer=report, other=manager)
    schedule = Schedule(
        rule="FREQ=WEEKLY;BYDAY=TU", first_day=date(2026, 3, 3), at=time(9), timezone="UTC"
    )
    proposed = services.series_create(
        pair=pair, schedule=schedule, by=report, immediate=False, now=T0
    )
    services.series_decline(series=proposed, by=manager, now=T0)
    assert Series.objects.get(pk=proposed.pk).status == Series.Status.DECLINED


def test_a_skip_level_pair_is_led_by_the_higher_manager(manager: Person, report: Person) -> None:
    director = PersonFactory.create()
    manager.manager = director
    manager.save()
    pair, immediate = services.pair_between(proposer=report, other=director)
    assert (pair.lead, pair.member, pair.relation, immediate) == (
        director,
        report,
        Pair.Relation.SKIP_LEVEL,
        False,
    )


def test_peers_may_choose_mentoring(db: None) -> None:
    one, two = PersonFactory.create(), PersonFactory.create()
    pair, immediate = services.pair_between(proposer=one, other=two, relation=Pair.Relation.MENTOR)
    assert (pair.lead, pair.relation, immediate) == (one, Pair.Relation.MENTOR, False)
    again, _ = services.pair_between(proposer=two, other=one)
    assert again == pair


def test_a_pair_has_one_current_series(series: Series) -> None:
    schedule = Schedule(
        rule="FREQ=WEEKLY;BYDAY=TU", first_day=date(2026, 3, 3), at=time(9), timezone="UTC"
    )
    with pytest.raises(MeetingError, match="already have a 1:1 series"):
        services.series_create(
            pair=series.pair, schedule=schedule, by=series.pair.lead, immediate=True, now=T0
        )


def test_a_stranger_cannot_change_a_series(series: Series) -> None:
    with pytest.raises(MeetingError, match="Only the two people"):
        services.series_pause(series=series, by=PersonFactory.create(), now=T0)


def test_pausing_keeps_the_past_and_clears_the_future(series: Series) -> None:
    services.occurrence_hold(
        occurrence=nth(series, 0), by=series.pair.lead, now=T0 + timedelta(hours=2)
    )
    later = T0 + timedelta(days=10)
    services.series_pause(series=series, by=series.pair.member, now=later)
    assert series.status == Series.Status.PAUSED
    assert list(series.occurrences.values_list("state", flat=True)) == [
        State.HELD,
        State.SCHEDULED,
    ]
    assert services.series_keep_window(series=series, now=later) == 0


def test_resuming_starts_a_new_series_with_the_same_rule(series: Series) -> None:
    services.series_pause(series=series, by=series.pair.lead, now=T0 + timedelta(days=1))
    resumed = services.series_resume(
        series=series, by=series.pair.lead, from_day=date(2026, 4, 1), now=T0 + timedelta(days=20)
    )
    assert resumed.replaces == series
    assert resumed.rule == series.rule
    assert resumed.first_start == datetime(
        2026, 4, 6, 8, 0, tzinfo=UTC
    )  # the next Monday, 10:00 Berlin summer time
    assert Series.objects.get(pk=series.pk).status == Series.Status.ENDED


def test_changing_the_rule_applies_from_a_date_and_leaves_the_past_alone(series: Series) -> None:
    held = nth(series, 0)
    services.occurrence_hold(occurrence=held, by=series.pair.lead, now=T0 + timedelta(hours=2))
    now = T0 + timedelta(days=3)
    schedule = Schedule(
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        first_day=date(2026, 3, 12),
        at=time(15),
        timezone="Europe/Berlin",
    )
    changed = services.series_change(
        series=series,
        schedule=schedule,
        by=series.pair.member,
        from_day=date(2026, 3, 12),
        now=now,
    )
    old = Series.objects.get(pk=series.pk)
    assert old.status == Series.Status.ENDED
    assert old.ends_at == datetime(2026, 3, 11, 23, 0, tzinfo=UTC)  # midnight Berlin
    assert list(old.occurrences.values_list("original_start", flat=True)) == [
        held.original_start,
        nth(series, 1).original_start,
    ]
    assert changed.first_start == datetime(2026, 3, 12, 14, 0, tzinfo=UTC)
    assert nth(changed, 1).start == datetime(2026, 3, 26, 14, 0, tzinfo=UTC)


def test_a_change_cannot_reach_into_the_past(series: Series) -> None:
    schedule = Schedule(
        rule="FREQ=WEEKLY;BYDAY=TU", first_day=date(2026, 3, 1), at=time(9), timezone="UTC"
    )
    with pytest.raises(MeetingError, match="from today or later"):
        services.series_change(
            series=series,
            schedule=schedule,
            by=series.pair.lead,
            from_day=date(2026, 3, 1),
            now=T0 + timedelta(days=5),
        )


def test_ending_keeps_history_and_outcomes_already_recorded(series: Series) -> None:
    ahead = nth(series, 3)
    services.occurrence_cancel(occurrence=ahead, by=series.pair.lead, reason="Offsite", now=T0)
    services.series_end(series=series, by=series.pair.lead, now=T0 + timedelta(days=1))
    past_awaiting_outcome, cancelled_ahead = nth(series, 0), ahead
    assert list(series.occurrences.order_by("start")) == [past_awaiting_outcome, cancelled_ahead]
    assert Series.objects.get(pk=series.pk).status == Series.Status.ENDED


def test_the_window_is_kept_without_duplicates(series: Series) -> None:
    count = series.occurrences.count()
    assert services.series_keep_window(series=series, now=T0) == 0
    assert services.series_keep_window(series=series, now=T0 + timedelta(days=14)) == 2
    assert series.occurrences.count() == count + 2


def test_holding_is_refused_before_the_start(series: Series) -> None:
    with pytest.raises(MeetingError, match="has not started yet"):
        services.occurrence_hold(occurrence=nth(series, 1), by=series.pair.lead, now=T0)


def test_cancelling_records_who_when_why_and_how_late(series: Series, manager: Person) -> None:
    occurrence = nth(series, 1)
    services.occurrence_cancel(
        occurrence=occurrence,
        by=manager,
        reason="Board meeting",
        now=occurrence.start - timedelta(hours=2),
    )
    occurrence.refresh_from_db()
    assert (occurrence.state, occurrence.outcome_by, occurrence.outcome_note) == (
        State.CANCELLED,
        manager,
        "Board meeting",
    )
    assert occurrence.notice == timedelta(hours=2)
    summary = pair_summary_refresh(pair=series.pair, now=occurrence.end)
    assert (summary.cancelled, summary.cancelled_by_lead, summary.cancelled_late) == (1, 1, 1)


def test_skipping_is_not_cancelling(series: Series, report: Person) -> None:
    occurrence = nth(series, 1)
    services.occurrence_skip(occurrence=occurrence, by=report, note="Nothing this week", now=T0)
    summary = pair_summary_refresh(pair=series.pair, now=occurrence.end + timedelta(days=1))
    assert (summary.skipped, summary.cancelled) == (1, 0)


def test_a_second_outcome_at_the_same_moment_changes_nothing(
    series: Series, manager: Person, report: Person
) -> None:
    occurrence = nth(series, 1)
    stale_copy = Occurrence.objects.get(pk=occurrence.pk)
    services.occurrence_skip(occurrence=occurrence, by=report, now=T0)
    with pytest.raises(MeetingError, match="Riley Report already marked this 1:1 skipped"):
        services.occurrence_cancel(occurrence=stale_copy, by=manager, now=T0)
    assert Occurrence.objects.get(pk=occurrence.pk).state == State.SKIPPED


def test_rescheduling_moves_the_occurrence_and_records_the_move(
    series: Series, report: Person
) -> None:
    occurrence = nth(series, 1)
    new_start = occurrence.start + timedelta(days=1, hours=3)
    services.occurrence_reschedule(
        occurrence=occurrence, by=report, new_start=new_start, reason="Dentist", now=T0
    )
    occurrence.refresh_from_db()
    assert occurrence.start == new_start
    assert occurrence.end == new_start + timedelta(minutes=30)
    assert occurrence.display_state == "rescheduled"
    move = OccurrenceMove.objects.get()
    assert (move.from_start, move.to_start, move.moved_by, move.reason) == (
        occurrence.original_start,
        new_start,
        report,
        "Dentist",
    )


def test_rescheduling_into_the_past_is_refused(series: Series, report: Person) -> None:
    with pytest.raises(MeetingError, match="still ahead"):
        services.occurrence_reschedule(
            occurrence=nth(series, 1), by=report, new_start=T0 - timedelta(hours=1), now=T0
        )


def test_a_cancellation_can_be_undone_while_it_is_ahead(series: Series, manager: Person) -> None:
    occurrence = nth(series, 1)
    services.occurrence_cancel(occurrence=occurrence, by=manager, now=T0)
    services.occurrence_restore(occurrence=occurrence, by=manager, now=T0)
    assert Occurrence.objects.get(pk=occurrence.pk).state == State.SCHEDULED


def test_forgotten_1_1s_become_missed_after_a_week(series: Series) -> None:
    first = nth(series, 0)
    assert services.occurrences_mark_missed(now=first.end + timedelta(days=6)) == 0
    assert services.occurrences_mark_missed(now=first.end + timedelta(days=8)) == 1
    assert Occurrence.objects.get(pk=first.pk).state == State.MISSED


def test_the_streak_counts_held_in_a_row_and_a_skip_does_not_break_it(
    series: Series, manager: Person
) -> None:
    outcomes = ["held", "cancel", "held", "skip", "held", "held"]
    for index, outcome in enumerate(outcomes):
        occurrence = nth(series, index)
        if outcome == "held":
            services.occurrence_hold(occurrence=occurrence, by=manager, now=occurrence.end)
        elif outcome == "skip":
            services.occurrence_skip(occurrence=occurrence, by=manager, now=occurrence.start)
        else:
            services.occurrence_cancel(
                occurrence=occurrence, by=manager, now=occurrence.start - timedelta(days=1)
            )
    summary = pair_summary_refresh(pair=series.pair, now=nth(series, 5).end)
    assert (summary.held, summary.streak, summary.skipped, summary.cancelled) == (4, 3, 1, 1)


def _answered_as_missed(series: Series, after: Occurrence) -> None:
    """The 1:1s after `after` did not happen, and someone said so: the gap runs on."""
    series.occurrences.filter(start__gt=after.start).update(state=Occurrence.State.MISSED)


def test_a_long_gap_raises_an_alert(series: Series, manager: Person) -> None:
    first = nth(series, 0)
    services.occurrence_hold(occurrence=first, by=manager, now=first.end)
    _answered_as_missed(series, first)
    assert gap_alert(series, first.start + timedelta(days=14)) is None
    alert = gap_alert(series, first.start + timedelta(days=15))
    assert alert is not None
    assert alert.days == 15


def test_a_series_never_held_alerts_from_its_first_date(series: Series) -> None:
    first = nth(series, 0)
    _answered_as_missed(series, first)
    assert gap_alert(series, first.start + timedelta(days=15)) is not None
    assert gap_alert(series, first.start - timedelta(days=1)) is None


def test_a_report_with_no_series_is_flagged_for_the_manager(
    series: Series, manager: Person
) -> None:
    lonely = PersonFactory.create(name="Lonely Report", manager=manager)
    rows = {row.report: row for row in report_rows_for(manager=manager, now=T0)}
    assert rows[lonely].series is None
    assert rows[series.pair.member].series == series
    assert rows[series.pair.member].next_start == nth(series, 0).start
