"""Each attention rule at its limits: at the exact value and on either side."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from showup.insights.attention import Entry, ReportFacts, attention_list, score_fall
from showup.insights.selectors import FollowThrough, Meeting, Numbers, Written
from showup.meetings.models import Occurrence, Pair, PairSummary, Series
from showup.people.models import Person
from showup.performance.rules import Flag
from showup.performance.selectors import Surprise

State = Occurrence.State
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
MANAGER = Person(pk=1, name="Max Manager")


def meeting(
    days_ago: float,
    state: str = State.HELD,
    *,
    note: str = "",
    rating: int | None = None,
    check_in: int | None = None,
    by: int | None = None,
    notice: timedelta | None = None,
) -> Meeting:
    start = NOW - timedelta(days=days_ago)
    return Meeting(
        start=start,
        end=start + timedelta(minutes=30),
        state=state,
        outcome_by_id=by,
        outcome_at=start - notice if notice is not None else None,
        outcome_note=note,
        rating=rating,
        check_in=check_in,
    )


def facts(
    number: int = 2,
    *,
    last_held: float | None = 3,
    recent: list[Meeting] | None = None,
    numbers: Numbers | None = None,
    **changes: object,
) -> ReportFacts:
    report = Person(pk=number, name=f"Riley{number} Report")
    pair = Pair(pk=number, lead_id=MANAGER.pk, member_id=report.pk)
    series = Series(
        pk=number, pair=pair, rule="FREQ=WEEKLY;BYDAY=MO", max_gap_days=14, status="active"
    )
    held_at = NOW - timedelta(days=last_held) if last_held is not None else None
    summary = PairSummary(pair=pair, last_held_at=held_at, first_start=NOW - timedelta(days=300))
    built = ReportFacts(
        report=report,
        pair=pair,
        series=series,
        summary=summary,
        numbers=numbers or Numbers(),
        lead_record=FollowThrough(),
        open_blockers=[],
        unraised_concerns=[],
        recent=recent if recent is not None else [meeting(last_held or 3)],
    )
    return replace(built, **changes)  # type: ignore[arg-type]


def kinds(*all_facts: ReportFacts, since: date | None = None) -> list[str]:
    entries = attention_list(facts=list(all_facts), now=NOW, manager=MANAGER, since=since)
    return [entry.kind for entry in entries]


def entry(kind: str, *all_facts: ReportFacts) -> Entry:
    entries = attention_list(facts=list(all_facts), now=NOW, manager=MANAGER)
    return next(entry for entry in entries if entry.kind == kind)


# Gaps ---------------------------------------------------------------------------


def test_a_gap_counts_from_the_last_held_1_1_up_to_what_the_series_allows() -> None:
    assert kinds(facts(last_held=14)) == []
    assert kinds(facts(last_held=15)) == ["gap"]
    assert entry("gap", facts(last_held=15)).title == "No 1:1 with Riley2 for 15 days"


def test_each_skip_with_a_note_lets_the_gap_run_one_cadence_longer_at_most_twice() -> None:
    noted = [meeting(20, State.SKIPPED, note="Nothing to discuss")]
    assert kinds(facts(last_held=21, recent=[meeting(21), *noted])) == []
    assert kinds(facts(last_held=22, recent=[meeting(22), *noted])) == ["gap"]
    assert entry("gap", facts(last_held=22, recent=[meeting(22), *noted])).detail == (
        "Longer than the 14 days this series allows, 7 more for skips with a note."
    )
    three = [meeting(days, State.SKIPPED, note="Quiet week") for days in (8, 15, 22)]
    assert kinds(facts(last_held=28, recent=[meeting(28), *three])) == []
    assert kinds(facts(last_held=29, recent=[meeting(29), *three])) == ["gap"]


def test_a_skip_without_a_note_earns_no_grace() -> None:
    silent = [meeting(10, State.SKIPPED)]
    assert kinds(facts(last_held=17, recent=[meeting(17), *silent])) == ["gap"]


def test_the_clock_stops_at_a_1_1_whose_outcome_is_not_recorded_until_its_chance_passed() -> None:
    # Held 17 days ago; the latest ended just under a week ago, and nobody said whether it happened.
    waiting = meeting(7 - 0.01 + 30 / 1440, State.SCHEDULED)
    assert kinds(facts(last_held=17, recent=[meeting(17), waiting])) == []
    # A week after it ended the worker marks it missed; from then on it does not stop the clock.
    answered_late = meeting(7 + 30 / 1440, State.SCHEDULED)
    assert kinds(facts(last_held=17, recent=[meeting(17), answered_late])) == ["gap"]


def test_a_gap_that_was_long_before_the_unanswered_1_1_is_still_named() -> None:
    waiting = meeting(2, State.SCHEDULED)
    assert entry("gap", facts(last_held=45, recent=[meeting(45), waiting])).title.endswith(
        "for 43 days"
    )


def test_the_healthy_weekly_pair_of_the_issue_gets_no_gap() -> None:
    recent = [
        meeting(17),
        meeting(10, State.SKIPPED, note="Nothing to discuss"),
        meeting(3, "scheduled"),
    ]
    assert kinds(facts(last_held=17, recent=recent)) == []


# Agenda -------------------------------------------------------------------------


def written(days_ago: float, count: int, by_lead: int, on: float | None = None) -> list[Written]:
    """Points written `days_ago`, for the 1:1 the day after (or `on` days ago)."""
    at = NOW - timedelta(days=days_ago)
    sits_on = NOW - timedelta(days=days_ago - 1 if on is None else on)
    return [Written(at, index < by_lead, sits_on) for index in range(count)]


def agenda(by_lead: int, total: int, meetings: int = 6) -> tuple[list[Meeting], list[Written]]:
    """`meetings` held 1:1s a week apart, each with its points written the day before."""
    days = [7 * index + 1 for index in reversed(range(meetings))]
    points = [
        written(
            day + 1,
            total // meetings + (index < total % meetings),
            by_lead // meetings + (index < by_lead % meetings),
        )
        for index, day in zip(reversed(range(meetings)), days, strict=True)
    ]
    return [meeting(day) for day in days], [point for day in points for point in day]


def writing(recent: list[Meeting], points: list[Written], number: int = 2) -> ReportFacts:
    return facts(number, last_held=1, recent=recent, points=points)


def test_the_manager_writing_over_three_quarters_of_the_points_is_named() -> None:
    assert kinds(writing(*agenda(9, 12))) == []  # exactly three quarters
    assert kinds(writing(*agenda(31, 41))) == ["agenda"]  # 75.6 %
    assert kinds(writing(*agenda(10, 12))) == ["agenda"]
    assert (
        entry("agenda", writing(*agenda(10, 12))).title
        == "You wrote 10 of the 12 points in your last 6 1:1s with Riley2"
    )


def test_too_few_points_say_nothing() -> None:
    assert kinds(writing(*agenda(5, 5))) == []
    assert kinds(writing(*agenda(6, 6))) == ["agenda"]


def test_the_agenda_is_read_over_the_last_six_held_1_1s_not_a_period() -> None:
    recent, points = agenda(10, 12)
    # A seventh 1:1 back, and the report's many points written for it, are outside.
    assert kinds(writing([meeting(43), *recent], [*written(44, 10, 0), *points])) == ["agenda"]
    # A cancelled 1:1 in between does not shrink the window; its points still count.
    cancelled = [meeting(43), meeting(40, State.CANCELLED), *recent]
    assert kinds(writing(cancelled, [*written(41, 2, 0), *points])) == []  # 10 of 14
    # Points not ticked off sit on the next 1:1 now: they count by when they were written.
    carried = [*written(44, 10, 0, on=-6), *points]
    assert kinds(writing([meeting(43), *recent], carried)) == ["agenda"]
    # Points all written on one day (an import) count by the 1:1 they sit on.
    imported = [Written(NOW, point.by_lead, point.on) for point in points]
    early = [Written(NOW, False, NOW - timedelta(days=44)) for _ in range(10)]
    assert kinds(writing([meeting(43), *recent], [*early, *imported])) == ["agenda"]
    # Points for the next 1:1, written since the last one, are part of it.
    upcoming = writing(recent, [*points, *written(0.5, 2, 2)])
    assert entry("agenda", upcoming).title.startswith("You wrote 12 of the 14")


# Ratings and check-ins -------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "fell"),
    [
        ([4, 4, 4, 3, 3, 3, 3, 2], (3.75, 2.75)),  # a whole point, to under 3: named
        ([5, 5, 5, 5, 3, 3, 3, 3], None),  # to 3: down, but not under the middle
        ([4] * 8 + [3] * 4 + [3, 3, 3, 2], None),  # down 0.92: less than a point
        ([3, 3, 3, 3, 3, 3, 3, 3], None),  # always 3
        ([5] * 12 + [5, 5, 5, 1], None),  # one bad day
        ([5, 5, 5, 1, 2, 1, 2], None),  # three answers before: no usual yet
        ([1, 2, 1], None),  # three answers: nothing to compare
        ([5, 4, 5, None, 5, 2, None, 1, 2, 1], (4.75, 1.5)),  # unanswered ones are skipped
        ([1] * 5 + [3] + [5] * 11 + [1, 2, 1, 2], (29 / 6, 1.5)),  # the usual is the twelve before
    ],
)
def test_a_fall_is_the_last_four_answers_against_the_twelve_before(
    scores: list[int | None], fell: tuple[float, float] | None
) -> None:
    assert score_fall(scores) == fell


def test_a_rating_that_fell_is_named_even_when_the_average_is_fine() -> None:
    ratings = [
        meeting(7 * back, rating=score)
        for back, score in zip(range(20, 0, -1), [5] * 14 + [1, 2, 1, 2, 1, 2], strict=True)
    ]
    fallen = facts(
        last_held=7, recent=ratings, numbers=Numbers(rating_total=3 * 12, rating_count=12)
    )
    assert kinds(fallen) == ["rating-fall"]
    assert entry("rating-fall", fallen).title == "Riley2's rating of your 1:1s fell to 1.5 of 5"


def test_a_fall_replaces_the_low_average_for_the_same_pair() -> None:
    ratings = [
        meeting(7 * back, rating=score)
        for back, score in zip(range(8, 0, -1), [4] * 4 + [1] * 4, strict=True)
    ]
    low = Numbers(rating_total=10, rating_count=5)
    assert kinds(facts(last_held=7, recent=ratings, numbers=low)) == ["rating-fall"]
    assert kinds(facts(last_held=7, numbers=low)) == ["low-rating"]


def test_check_ins_that_fell_are_named() -> None:
    check_ins = [
        meeting(7 * back, check_in=score)
        for back, score in zip(range(8, 0, -1), [4] * 4 + [2] * 4, strict=True)
    ]
    assert kinds(facts(last_held=7, recent=check_ins)) == ["check-in-fall"]


# A review that would surprise -----------------------------------------------------


def test_a_draft_review_that_would_surprise_comes_first_and_names_the_unraised_concern() -> None:
    surprise = Surprise(review_id=9, pair_id=2, flags=[Flag("never raised")])
    both = facts(surprises=[surprise], unraised_concerns=[object()])
    assert kinds(both) == ["review"]
    assert entry("review", both).url == "/reviews/9/"
    assert kinds(facts(unraised_concerns=[object()])) == ["concern"]


# Cancelling ------------------------------------------------------------------------


def cancelling(number: int, by_lead: int, of: int, late: int = 0) -> ReportFacts:
    lead_late = [
        meeting(10 + day, State.CANCELLED, by=MANAGER.pk, notice=timedelta(hours=2))
        for day in range(late)
    ]
    return facts(
        number,
        last_held=1,
        recent=[meeting(1), *lead_late],
        numbers=Numbers(held=of - by_lead, cancelled=by_lead, cancelled_by_lead=by_lead),
    )


def test_cancelling_with_one_report_is_that_pair_s_entry_from_three_and_a_fifth() -> None:
    assert kinds(cancelling(2, 3, 15)) == ["cancelled"]
    assert kinds(cancelling(2, 3, 16)) == []
    assert kinds(cancelling(2, 2, 4)) == []


def test_cancelling_across_reports_is_one_entry_about_the_manager_naming_them() -> None:
    team = [cancelling(2, 3, 9), cancelling(3, 1, 8), cancelling(4, 1, 8)]  # 5 of 25: a fifth
    habit = entry("habit-cancelled", *team)
    assert kinds(*team) == ["habit-cancelled"]  # Riley2's own entry is inside it
    assert habit.person == MANAGER
    assert [person.pk for person in habit.named] == [2, 3, 4]
    assert habit.title == "You cancelled 5 of 25 1:1s with your reports"
    assert "Riley2 (3), Riley3 (1), Riley4 (1)" in habit.detail
    assert kinds(cancelling(2, 3, 9), cancelling(3, 1, 8), cancelling(4, 1, 9)) == ["cancelled"]


def test_one_troubled_pair_is_not_a_habit() -> None:
    # A third of them cancelled, but all but one with the same report.
    assert kinds(cancelling(2, 5, 6), cancelling(3, 1, 6)) == ["cancelled"]
    assert kinds(cancelling(2, 4, 6), cancelling(3, 2, 6)) == ["habit-cancelled"]


def test_late_cancelling_across_reports_is_a_habit_from_one_in_ten() -> None:
    team = [cancelling(number, 1, 10, late=1) for number in (2, 3, 4)]  # 3 of 30, all late
    assert kinds(*team) == ["habit-cancelled"]
    assert (
        entry("habit-cancelled", *team).title == "You cancelled 3 1:1s at less than a day's notice"
    )
    assert entry("habit-cancelled", *team).detail.startswith(
        "3 of 30 cancelled by you in all. With Riley2 (1), Riley3 (1), Riley4 (1)."
    )
    assert kinds(*team, cancelling(5, 0, 1)) == []  # 3 of 31


def test_only_the_manager_s_late_cancellations_in_the_period_count() -> None:
    team = [cancelling(number, 1, 10, late=1) for number in (2, 3, 4)]
    assert kinds(*team, since=NOW.date()) == []  # those cancellations were before the period
    theirs = [
        replace(
            fact,
            recent=[replace(meeting_, outcome_by_id=fact.report.pk) for meeting_ in fact.recent],
        )
        for fact in team
    ]
    assert kinds(*theirs) == []


# Writing the agenda with several reports -----------------------------------------------


def test_writing_the_agenda_with_two_reports_is_one_entry_about_the_manager() -> None:
    one = writing(*agenda(10, 12), 2)
    two = writing(*agenda(6, 6), 3)
    assert kinds(one) == ["agenda"]
    habit = entry("habit-agenda", one, two)
    assert kinds(one, two) == ["habit-agenda"]
    assert habit.title == "You write most of the agenda with 2 reports"
    assert [person.pk for person in habit.named] == [2, 3]
