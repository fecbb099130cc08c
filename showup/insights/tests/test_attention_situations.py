"""The six situations the article asks a manager to see, each at its limits, with its decoys."""

from dataclasses import replace
from datetime import timedelta

from showup.insights.attention import ReportFacts
from showup.insights.habits import CareerFacts, Commitment, FeedbackFlow, Moved
from showup.insights.selectors import Meeting, Written
from showup.insights.tests.test_attention import MANAGER, NOW, entry, facts, kinds, meeting
from showup.meetings.models import Occurrence, PairSummary, Series
from showup.people.models import Person

State = Occurrence.State


def weekly_held(count: int) -> list[Meeting]:
    """`count` held 1:1s, a week apart, the latest three days ago; occurrence ids 1 to count."""
    return [
        replace(meeting(3 + 7 * (count - number)), occurrence_id=number)
        for number in range(1, count + 1)
    ]


# A report gone quiet ------------------------------------------------------------


def points_by_report(recent: list[Meeting], per_meeting: list[int]) -> list[Written]:
    """The report's points, written the day before each 1:1: `per_meeting` for each, oldest first."""
    return [
        Written(held.start - timedelta(days=1), False, held.start)
        for held, count in zip(recent, per_meeting, strict=True)
        for _ in range(count)
    ]


def quiet(per_meeting: list[int]) -> ReportFacts:
    recent = weekly_held(len(per_meeting))
    return facts(recent=recent, points=points_by_report(recent, per_meeting))


def test_a_report_who_used_to_bring_points_and_brought_none_for_six_1_1s_has_gone_quiet() -> None:
    assert "quiet" in kinds(quiet([1, 0, 1, 0, 1, 0] + [0] * 6))  # three before: used to
    assert "quiet" not in kinds(quiet([1, 0, 0, 0, 1, 0] + [0] * 6))  # two before: never did
    assert "quiet" not in kinds(quiet([1, 0, 1, 0, 1, 0] + [0] * 5 + [1]))  # one lately


def test_a_report_who_adds_few_points_but_steadily_is_not_quiet() -> None:
    assert "quiet" not in kinds(quiet([1, 0] * 6))
    assert "quiet" not in kinds(quiet([2] * 6))  # six 1:1s only: nothing to compare with


def test_a_quiet_report_s_unanswered_check_ins_are_said() -> None:
    found = entry("quiet", quiet([2] * 6 + [0] * 6))
    assert "left the check-in and rating unanswered 6 times" in found.detail
    assert found.url.endswith("/next/")


# Chronic rescheduling -------------------------------------------------------------


def moved(occurrences: range, *, by_lead: bool = True, other_day: bool = True) -> list[Moved]:
    return [Moved(number, by_lead, other_day) for number in occurrences]


def rescheduled(moves: list[Moved]) -> ReportFacts:
    return facts(recent=weekly_held(10), moves=moves)


def test_five_of_the_last_eight_moved_by_the_manager_to_another_day_is_chronic() -> None:
    assert "rescheduling" in kinds(rescheduled(moved(range(6, 11))))  # five of the last eight
    assert "rescheduling" not in kinds(rescheduled(moved(range(7, 11))))  # four
    # Five moves, but one of them before the last eight.
    assert "rescheduling" not in kinds(rescheduled(moved(range(2, 3)) + moved(range(7, 11))))


def test_moves_by_the_report_or_within_the_day_are_not_the_manager_s_habit() -> None:
    assert "rescheduling" not in kinds(rescheduled(moved(range(3, 11), by_lead=False)))
    assert "rescheduling" not in kinds(rescheduled(moved(range(3, 11), other_day=False)))
    assert "rescheduling" not in kinds(rescheduled(moved(range(9, 11))))  # two in eight


# Feedback one way ---------------------------------------------------------------


def flow(down: int, up: int, first_days_ago: int) -> ReportFacts:
    return facts(feedback=FeedbackFlow(down, up, NOW - timedelta(days=first_days_ago)))


def test_three_pieces_down_over_three_months_and_none_up_is_one_way() -> None:
    span = 90  # days: FEEDBACK_SPAN, pinned
    assert "one-way-feedback" in kinds(flow(3, 0, span))
    assert "one-way-feedback" not in kinds(flow(2, 0, span))
    assert "one-way-feedback" not in kinds(flow(3, 0, span - 1))  # too soon to call it
    assert "one-way-feedback" in kinds(flow(9, 0, span + 60))


def test_feedback_both_ways_is_fine() -> None:
    assert "one-way-feedback" not in kinds(flow(6, 1, 150))


# Career talk overdue -------------------------------------------------------------


def career(
    *, touched: int | None, talked: int | None, past_due: int = 0, joined: int = 800
) -> ReportFacts:
    talk = (NOW - timedelta(days=talked)).date() if talked is not None else None
    plan = CareerFacts(
        has_plan=touched is not None,
        last_touched=NOW - timedelta(days=touched) if touched is not None else None,
        past_due=past_due,
        last_talk=talk,
    )
    built = facts(career=plan)
    report = Person(pk=2, name="Riley2 Report", date_joined=NOW - timedelta(days=joined))
    summary = replace_summary(built, first_start=NOW - timedelta(days=joined))
    return replace(built, report=report, summary=summary)


def replace_summary(built: ReportFacts, **changes: object) -> PairSummary:
    assert built.summary is not None
    summary = PairSummary(pair=built.summary.pair, last_held_at=built.summary.last_held_at)
    for name, value in changes.items():
        setattr(summary, name, value)
    return summary


def test_a_plan_untouched_for_four_months_and_no_talk_for_six_is_overdue() -> None:
    stale, due = 120, 183  # days: CAREER_STALE and CAREER_TALK_DUE, pinned
    assert "career" in kinds(career(touched=stale, talked=due))
    assert "career" not in kinds(career(touched=stale - 1, talked=due))
    assert "career" not in kinds(career(touched=stale, talked=due - 1))
    found = entry("career", career(touched=200, talked=None, past_due=2))
    assert "2 milestones past due" in found.detail
    assert found.url.endswith("/career/")


def test_a_plan_worked_on_two_months_ago_is_on_time() -> None:
    assert "career" not in kinds(career(touched=60, talked=400))


def test_a_year_in_with_no_plan_and_no_talk_is_overdue_but_a_new_joiner_is_not() -> None:
    year = 365  # days: CAREER_PLAN_DUE, pinned
    assert "career" in kinds(career(touched=None, talked=None, joined=year + 1))
    assert "career" in kinds(career(touched=None, talked=None, joined=year))  # the day itself
    assert "career" not in kinds(career(touched=None, talked=None, joined=year - 1))
    assert "career" not in kinds(career(touched=None, talked=None, joined=60))
    assert "career" not in kinds(career(touched=None, talked=30, joined=year + 100))


# A new joiner without a rhythm ----------------------------------------------------


def joiner(*, joined: int, rule: str = "FREQ=WEEKLY;BYDAY=MO", held: int = 0) -> ReportFacts:
    start = NOW - timedelta(days=joined)
    report = Person(pk=2, name="Riley2 Report", date_joined=start)
    recent = [meeting(joined - 2 - 7 * number) for number in range(held)]
    built = facts(recent=recent)
    assert built.pair is not None
    series = Series(pk=2, pair=built.pair, rule=rule, max_gap_days=14, status="active")
    summary = replace_summary(built, first_start=start + timedelta(days=2))
    return replace(built, report=report, series=series, summary=summary)


def test_a_new_joiner_on_fortnightly_or_monthly_1_1s_has_no_rhythm() -> None:
    fortnightly, monthly = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "FREQ=MONTHLY;BYMONTHDAY=1"
    days = 90  # NEW_JOINER_DAYS, pinned
    assert "new-joiner" in kinds(joiner(joined=days - 1, rule=fortnightly))
    assert "new-joiner" not in kinds(joiner(joined=days, rule=fortnightly))  # settled in
    assert "new-joiner" in kinds(joiner(joined=20, rule=monthly))
    # Every 1:1 held, and still no weekly rhythm: the cadence alone says it.
    assert "new-joiner" in kinds(joiner(joined=50, rule=fortnightly, held=6))
    found = entry("new-joiner", joiner(joined=20, rule=monthly))
    assert "are about every 30 days." in found.detail
    picked = entry("new-joiner", joiner(joined=20, rule="FREQ=MONTHLY;BYDAY=1MO"))
    assert "are every month on the first monday." in picked.detail


def test_fewer_than_three_held_in_the_first_six_weeks_is_no_rhythm() -> None:
    assert "new-joiner" in kinds(joiner(joined=50, held=2))
    assert "new-joiner" not in kinds(joiner(joined=50, held=3))
    assert "new-joiner" not in kinds(joiner(joined=30, held=1))  # six weeks not over yet


def test_a_new_joiner_on_weekly_1_1s_is_fine_and_an_old_hand_imported_lately_is_no_joiner() -> (
    None
):
    assert "new-joiner" not in kinds(joiner(joined=60, held=6))
    imported = joiner(joined=10, rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO")
    old_hand = replace(
        imported, summary=replace_summary(imported, first_start=NOW - timedelta(days=400))
    )
    assert "new-joiner" not in kinds(old_hand)


# Commitments piling up --------------------------------------------------------------


def commitments(*ages_in_meetings: int, due_in: int | None = None) -> ReportFacts:
    """Open items of the manager's, each written just before the 1:1 that many 1:1s back."""
    recent = weekly_held(8)
    due = (NOW + timedelta(days=due_in)).date() if due_in is not None else None
    items = [
        Commitment(recent[-age].start - timedelta(hours=1) if age else NOW, due)
        for age in ages_in_meetings
    ]
    return facts(recent=recent, commitments=items)


def test_three_items_each_carried_across_three_1_1s_are_piling_up() -> None:
    assert "piling-up" in kinds(commitments(3, 4, 6))
    assert "piling-up" not in kinds(commitments(3, 4))  # two items
    assert "piling-up" not in kinds(commitments(2, 4, 6))  # one carried across two only


def test_four_items_from_the_last_1_1_are_a_to_do_list() -> None:
    assert "piling-up" not in kinds(commitments(1, 1, 1, 1))


def test_an_overdue_item_is_the_overdue_rule_s_not_this_one() -> None:
    assert "piling-up" not in kinds(commitments(3, 4, 6, due_in=-1))
    assert "piling-up" in kinds(commitments(3, 4, 6, due_in=0))  # due today: not overdue yet


# Spanning reports: the manager's habit -----------------------------------------------


def test_one_situation_with_two_reports_is_one_entry_about_the_manager() -> None:
    first = quiet([1] * 6 + [0] * 6)
    second = replace(
        quiet([1] * 6 + [0] * 6), report=Person(pk=3, name="Sam3 Report", date_joined=NOW)
    )
    assert kinds(first, second).count("habit-quiet") == 1
    assert "quiet" not in kinds(first, second)
    habit = entry("habit-quiet", first, second)
    assert habit.person == MANAGER
    assert [person.pk for person in habit.named] == [2, 3]
    assert kinds(first).count("quiet") == 1  # one report: the pair's own entry


def test_the_first_six_weeks_end_on_day_42() -> None:
    base = joiner(joined=60)
    early = [meeting(60 - 2), meeting(60 - 9)]
    assert "new-joiner" not in kinds(replace(base, recent=[*early, meeting(60 - 41)]))
    assert "new-joiner" in kinds(replace(base, recent=[*early, meeting(60 - 42)]))
