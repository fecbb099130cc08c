"""The manager's attention list: what to act on now, most urgent first, each with where to act.

Each rule reads one pair and names it; a manager's own habit across reports
(cancelling, cancelling late, writing the agenda) becomes one entry that names
the reports inside it. The numbers the rules use are named here, each with why
it is what it is.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from django.urls import reverse

from showup.feedback.models import Blocker
from showup.insights.habits import CareerFacts, Commitment, FeedbackFlow, Moved
from showup.insights.selectors import FollowThrough, Meeting, Numbers, Written
from showup.meetings.gaps import Gap, SeriesFacts, gap_counted
from showup.meetings.models import Occurrence, Pair, PairSummary, Series
from showup.meetings.recurrence import describe_rule, typical_interval_days
from showup.people.models import Person
from showup.performance.models import Observation
from showup.performance.selectors import Surprise

State = Occurrence.State

# Gaps: the rule, with its grace for noted skips and unanswered 1:1s, is
# meetings/gaps.py's, as on home, the pair page and the org view.

# Blockers and concerns: two weeks is long enough to answer a blocker; a week
# is long enough to find a 1:1 to raise a concern in.
IGNORED_BLOCKER_DAYS = 14
UNRAISED_CONCERN_DAYS = 7

# Cancelling with one report: at least three 1:1s, and at least one in five of
# those with an outcome in the period. One or two is life; three and a fifth
# of them is a pattern the report feels.
PAIR_MIN_CANCELLED = 3
PAIR_CANCEL_RATE = Fraction(1, 5)

# The agenda is the report's. Over the pair's last six held 1:1s (six weeks
# weekly, three months every two weeks: a window of meetings, not of the
# calendar), the manager writing over three quarters of the shared points
# means the report has stopped bringing theirs. A manager who adds one or two
# points beside the report's stays well under. Fewer than six points (one a
# meeting) is too few to call it anything. A point counts when it was written
# after the 1:1 before the window and sits on a 1:1 after it: points not
# ticked off move on to the next 1:1, and imported ones may all carry the same
# date, so neither alone places a point in its meeting.
AGENDA_WINDOW = 6
AGENDA_MIN_POINTS = 6
LEAD_AGENDA_SHARE = Fraction(3, 4)

# Ratings and check-ins, 1 to 5. An average at or under 2.5 over the period is
# low whatever the trend. A fall compares the last four answers (a month of
# weekly 1:1s; one bad day among four does not make it) with the pair's own
# usual, the up to twelve answers before them (at least four, or there is no
# usual): a whole point down, to under the middle of the scale. Someone who
# always answers 3 has not fallen; 5 to 4, or to 3, is still not bad.
LOW_RATING = 2.5
RECENT_SCORES = 4
USUAL_SCORES = 12
MIN_USUAL_SCORES = 4
FALL = 1.0
FALLEN_BELOW = 3

# Status meetings: two points in five on work catch-up, out of at least five.
STATUS_MEETING_SHARE = 0.4
MIN_POINTS_FOR_SHARE = 5

# A manager's habit shows with more than one report; otherwise it is that
# pair's entry. Cancelling: at least three 1:1s, and one in five of all those
# with an outcome in the period, cancelled by the manager; or at least three,
# and one in ten, cancelled at less than a day's notice (the report had
# prepared, and cleared the time). Either way at least two of them with
# reports other than the one it happens with most, so one troubled pair is not
# called a habit. Writing the agenda: the agenda rule above holds with two
# reports or more.
HABIT_CANCEL_RATE = Fraction(1, 5)
HABIT_MIN_CANCELLED = 3
HABIT_MIN_LATE = 3
HABIT_LATE_RATE = Fraction(1, 10)
HABIT_BEYOND_ONE_REPORT = 2
HABIT_MIN_REPORTS = 2

# A report gone quiet. Over the pair's last six held 1:1s the report wrote none of
# the shared points, having written three or more over the six before them: they
# used to bring their own and have stopped, which a manager sees before anyone.
# Someone who adds one point now and then is steady, not quiet.
QUIET_WINDOW = 6
QUIET_USED_TO = 3

# Chronic rescheduling. Five or more of the pair's last eight held 1:1s were moved
# by the manager to another day. Moving beats cancelling, but a 1:1 that always
# gives way tells the report where it ranks. Two in eight, or moves the report
# made, are life.
RESCHEDULE_WINDOW = 8
RESCHEDULE_MIN = 5

# Feedback one way. In six months the manager gave three pieces of feedback or
# more, the first of them three months ago or longer, and the report gave none
# upward. Feedback runs both ways in a 1:1: ask for theirs.
FEEDBACK_WINDOW = timedelta(days=183)
FEEDBACK_MIN_GIVEN = 3
FEEDBACK_SPAN = timedelta(days=90)

# Career talk overdue. With a plan: nothing in it (the plan or a milestone) touched
# for four months, and no career conversation for six. Without a plan: a year in,
# and no career conversation for six months. A plan worked on two months ago, or
# a new joiner with none yet, is on time.
CAREER_STALE = timedelta(days=120)
CAREER_TALK_DUE = timedelta(days=183)
CAREER_PLAN_DUE = timedelta(days=365)

# A new joiner needs a rhythm: in their first ninety days, 1:1s every week, and at
# least three held in their first six weeks. The first months decide whether they
# settle in; a monthly or fortnightly 1:1 leaves them alone with their questions.
NEW_JOINER_DAYS = timedelta(days=90)
WEEKLY_DAYS = 7
FIRST_WEEKS = timedelta(weeks=6)
FIRST_WEEKS_HELD = 3

# Commitments piling up. Three or more of the manager's own open action items in
# one pair, each carried across three held 1:1s or more, and none overdue by date
# (those are the overdue rule's). Four items from the last 1:1 are a to-do list,
# not a pile: what tells is that they keep moving on.
PILE_MIN_ITEMS = 3
PILE_MIN_CARRIED = 3


@dataclass(frozen=True)
class Entry:
    severity: float
    person: Person
    title: str
    detail: str
    url: str
    action: str
    # What the entry is about (one word per rule), and for a manager's own
    # habit the reports it touches: `person` is then the manager.
    kind: str = ""
    named: tuple[Person, ...] = ()


@dataclass(frozen=True)
class ReportFacts:
    """Everything the attention rules need about one direct report, gathered in a few queries."""

    report: Person
    pair: Pair | None
    series: Series | None
    summary: PairSummary | None
    numbers: Numbers
    lead_record: FollowThrough
    open_blockers: list[Blocker]
    unraised_concerns: list[Observation]
    recent: list[Meeting] = field(default_factory=list)
    points: list[Written] = field(default_factory=list)
    surprises: list[Surprise] = field(default_factory=list)
    moves: list[Moved] = field(default_factory=list)
    feedback: FeedbackFlow = field(default_factory=FeedbackFlow)
    career: CareerFacts = field(default_factory=CareerFacts)
    commitments: list[Commitment] = field(default_factory=list)


def attention_list(
    *,
    facts: list[ReportFacts],
    now: datetime,
    manager: Person | None = None,
    since: date | None = None,
) -> list[Entry]:
    entries = [entry for fact in facts for entry in _entries(fact, now)]
    if manager is not None:
        entries = fold_habits(entries, facts=facts, manager=manager, since=since)
    return sorted(entries, key=lambda entry: (-entry.severity, entry.person.name))


def _entries(fact: ReportFacts, now: datetime) -> list[Entry]:
    if fact.pair is None or fact.series is None:
        return [
            Entry(
                100,
                fact.report,
                f"{fact.report.name} has no 1:1 series",
                "A report with no regular 1:1 is the first to drift.",
                reverse("meetings:series-new") + f"?with={fact.report.pk}",
                "Set one up",
                kind="no-series",
            )
        ]
    found = [rule(fact, fact.pair, now) for rule in PAIR_RULES]
    entries = [entry for entry in found if entry is not None]
    kinds = {entry.kind for entry in entries}
    # One cause, one entry: the review names the unraised concern; a fall names the low rating.
    superseded = {"review": "concern", "rating-fall": "low-rating", "agenda": "quiet"}
    dropped = {superseded[kind] for kind in kinds if kind in superseded}
    return [entry for entry in entries if entry.kind not in dropped]


def gap_of(fact: ReportFacts, now: datetime) -> Gap | None:
    """The report's gap by the one rule (meetings/gaps.py), read from the facts already loaded."""
    series, summary = fact.series, fact.summary
    if series is None or series.status != Series.Status.ACTIVE or summary is None:
        return None
    facts = SeriesFacts(
        pair_id=series.pair_id,
        lead_id=series.pair.lead_id,
        rule=series.rule,
        max_gap_days=series.max_gap_days,
        last_held_at=summary.last_held_at,
        first_start=summary.first_start,
    )
    return gap_counted(facts=facts, dates=fact.recent, now=now)


def _gap(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    gap = gap_of(fact, now)
    if gap is None or not gap.is_over:
        return None
    days, allowed = gap.days, gap.allowed
    more = f", {gap.grace} more for skips with a note" if gap.grace else ""
    return Entry(
        90 + min(days / allowed, 9),
        fact.report,
        f"No 1:1 with {fact.report.first_name} for {days} days",
        f"Longer than the {gap.max_gap_days} days this series allows{more}.",
        reverse("meetings:pair-next", args=[pair.pk]),
        "Make the next one happen",
        kind="gap",
    )


def _blockers(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    ignored = [
        blocker
        for blocker in fact.open_blockers
        if blocker.created_at < now - timedelta(days=IGNORED_BLOCKER_DAYS)
    ]
    if not ignored:
        return None
    oldest = (now - min(blocker.created_at for blocker in ignored)).days
    return Entry(
        75,
        fact.report,
        f"{fact.report.first_name}'s blocker has waited {oldest} days",
        f"{len(ignored)} open blocker{'s' if len(ignored) != 1 else ''} with no answer from you.",
        reverse("feedback:blockers", args=[pair.pk]),
        "Resolve or decline",
        kind="blocker",
    )


def _review(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    if not fact.surprises:
        return None
    surprise = fact.surprises[0]
    count = len(surprise.flags)
    name = fact.report.first_name
    return Entry(
        80,
        fact.report,
        f"Your draft review of {name} would come as a surprise",
        f"{count} thing{'s' if count != 1 else ''} in it {name} has not heard from you in a 1:1. "
        "Raise them there before you share it.",
        reverse("performance:review", args=[surprise.review_id]),
        "Open the review",
        kind="review",
    )


def _concerns(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    if not fact.unraised_concerns:
        return None
    return Entry(
        70,
        fact.report,
        f"A concern about {fact.report.first_name} was never raised",
        "If it reaches a review first, it will be a surprise. Raise it in your next 1:1.",
        reverse("performance:pair", args=[pair.pk]),
        "Review concerns",
        kind="concern",
    )


def _cancelled(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    numbers = fact.numbers
    cancelled, total = numbers.cancelled_by_lead, numbers.meant_to_happen + numbers.skipped
    rate = numbers.lead_cancel_rate  # the rate the team and org views show
    if cancelled < PAIR_MIN_CANCELLED or rate is None or rate < PAIR_CANCEL_RATE:
        return None
    return Entry(
        65,
        fact.report,
        f"You cancelled {cancelled} 1:1s with {fact.report.first_name}",
        f"{cancelled} of {total} with an outcome in this period; {numbers.cancelled_late} at less than a day's notice. Move instead of cancelling.",
        reverse("pages:pair", args=[pair.pk]),
        "See the pattern",
        kind="cancelled",
    )


def _check_ins(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    fall = score_fall([meeting.check_in for meeting in fact.recent])
    if fall is None:
        return None
    usual, recent = fall
    name = fact.report.first_name
    return Entry(
        62,
        fact.report,
        f"{name}'s check-ins fell to {recent:.1f} of 5",
        f"Usually {usual:.1f}; lower in each of the last few 1:1s. Ask how {name} is, first thing.",
        reverse("meetings:pair-next", args=[pair.pk]),
        "Open the next 1:1",
        kind="check-in-fall",
    )


def _overdue(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    overdue = fact.lead_record.overdue
    if not overdue:
        return None
    return Entry(
        60,
        fact.report,
        f"{overdue} overdue commitment{'s' if overdue != 1 else ''} to {fact.report.first_name}",
        "Hold your end of the bargain, or say why not.",
        reverse("meetings:pair-next", args=[pair.pk]),
        "Open the next 1:1",
        kind="overdue",
    )


def _rating_fall(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    fall = score_fall([meeting.rating for meeting in fact.recent])
    if fall is None:
        return None
    usual, recent = fall
    return Entry(
        57,
        fact.report,
        f"{fact.report.first_name}'s rating of your 1:1s fell to {recent:.1f} of 5",
        f"Usually {usual:.1f}. Ask what would make them worth their time again.",
        reverse("meetings:pair-next", args=[pair.pk]),
        "Open the next 1:1",
        kind="rating-fall",
    )


def _low_rating(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    rating = fact.numbers.average_rating
    if rating is None or fact.numbers.rating_count < 2 or rating > LOW_RATING:
        return None
    return Entry(
        55,
        fact.report,
        f"{fact.report.first_name} rates your 1:1s {rating:.1f} of 5",
        "Ask what would make them worth their time.",
        reverse("insights:pair", args=[pair.pk]),
        "See the trend",
        kind="low-rating",
    )


def agenda_share(recent: list[Meeting], points: list[Written]) -> tuple[int, int, int] | None:
    """Points the manager wrote, all shared points, and 1:1s counted, over the last held 1:1s."""
    held = [meeting.start for meeting in recent if meeting.state == State.HELD]
    before = held[-AGENDA_WINDOW - 1] if len(held) > AGENDA_WINDOW else None
    counted = [
        point
        for point in points
        if before is None or (point.at > before and (point.on is None or point.on > before))
    ]
    if len(counted) < AGENDA_MIN_POINTS:
        return None
    by_lead = sum(1 for point in counted if point.by_lead)
    return by_lead, len(counted), len(held[-AGENDA_WINDOW:])


def _agenda(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    share = agenda_share(fact.recent, fact.points)
    if share is None or share[0] <= LEAD_AGENDA_SHARE * share[1]:
        return None
    by_lead, total, meetings = share
    name = fact.report.first_name
    return Entry(
        52,
        fact.report,
        f"You wrote {by_lead} of the {total} points in your last {meetings} 1:1s with {name}",
        f"The 1:1 is {name}'s. Ask them to add their points first, and hold yours back.",
        reverse("meetings:pair-next", args=[pair.pk]),
        "Open the next 1:1",
        kind="agenda",
    )


def _status_meeting(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    share = fact.numbers.off_topic_share
    if share is None or fact.numbers.points < MIN_POINTS_FOR_SHARE or share < STATUS_MEETING_SHARE:
        return None
    name = fact.report.first_name
    return Entry(
        50,
        fact.report,
        f"Your 1:1 with {name} became a status meeting",
        f"{share:.0%} of the agenda was work catch-up. Move it to stand-up and talk about {name}.",
        reverse("insights:pair", args=[pair.pk]),
        "See the agenda mix",
        kind="status",
    )


def score_fall(scores: list[int | None]) -> tuple[float, float] | None:
    """The pair's usual and its recent average, oldest answers first, when the recent fell from the usual."""
    answered = [score for score in scores if score is not None]
    recent = answered[-RECENT_SCORES:]
    usual = answered[:-RECENT_SCORES][-USUAL_SCORES:]
    if len(recent) < RECENT_SCORES or len(usual) < MIN_USUAL_SCORES:
        return None
    latest, before = Fraction(sum(recent), len(recent)), Fraction(sum(usual), len(usual))
    if latest >= FALLEN_BELOW or before - latest < FALL:
        return None
    return float(before), float(latest)


def _held(fact: ReportFacts) -> list[Meeting]:
    return [meeting for meeting in fact.recent if meeting.state == State.HELD]


def _quiet(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    held = [meeting.start for meeting in _held(fact)]
    if len(held) <= QUIET_WINDOW:
        return None
    window_opens = held[-QUIET_WINDOW - 1]
    before_opens = held[-2 * QUIET_WINDOW - 1] if len(held) > 2 * QUIET_WINDOW else None
    theirs = [point.at for point in fact.points if not point.by_lead]
    lately = [at for at in theirs if at > window_opens]
    before = [
        at for at in theirs if at <= window_opens and (before_opens is None or at > before_opens)
    ]
    if lately or len(before) < QUIET_USED_TO:
        return None
    name = fact.report.first_name
    silent = sum(1 for m in _held(fact)[-QUIET_WINDOW:] if m.check_in is None and m.rating is None)
    pulse = f" {name} left the check-in and rating unanswered {silent} times." if silent else ""
    return Entry(
        58,
        fact.report,
        f"{name} has stopped bringing points to your 1:1s",
        f"None of the shared points in your last {QUIET_WINDOW} 1:1s were {name}'s; "
        f"{len(before)} in the {QUIET_WINDOW} before.{pulse} Ask what is on their mind, and leave room for it.",
        reverse("meetings:pair-next", args=[pair.pk]),
        "Open the next 1:1",
        kind="quiet",
    )


def _rescheduling(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    last = {meeting.occurrence_id for meeting in _held(fact)[-RESCHEDULE_WINDOW:]}
    moved = {move.occurrence_id for move in fact.moves if move.by_lead and move.other_day}
    count = len(last & moved)
    if count < RESCHEDULE_MIN:
        return None
    name = fact.report.first_name
    return Entry(
        63,
        fact.report,
        f"You moved {count} of your last {len(last)} 1:1s with {name} to another day",
        f"Held in the end, but a 1:1 that always gives way tells {name} where it ranks. Keep the slot.",
        reverse("pages:pair", args=[pair.pk]),
        "See the pattern",
        kind="rescheduling",
    )


def _one_way_feedback(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    flow = fact.feedback
    if flow.up or flow.down < FEEDBACK_MIN_GIVEN or flow.first_down is None:
        return None
    if flow.first_down > now - FEEDBACK_SPAN:
        return None
    name = fact.report.first_name
    return Entry(
        48,
        fact.report,
        f"Feedback with {name} runs one way",
        f"You gave {name} feedback {flow.down} times in six months and got none back. "
        f"Ask {name} what you could do better, and make it easy to say.",
        reverse("feedback:pair", args=[pair.pk]),
        "Ask for feedback",
        kind="one-way-feedback",
    )


def _career(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    career, name = fact.career, fact.report.first_name
    talked = career.last_talk is not None and career.last_talk > (now - CAREER_TALK_DUE).date()
    if talked:
        return None
    if not career.has_plan:
        if joined_at(fact) > now - CAREER_PLAN_DUE:
            return None
        detail = f"{name} has been here over a year and has no career plan with you."
    else:
        assert career.last_touched is not None  # a plan has its own date
        if career.last_touched > now - CAREER_STALE:
            return None
        months = (now - career.last_touched).days // 30
        due = (
            f" {career.past_due} milestone{'s' if career.past_due != 1 else ''} past due."
            if career.past_due
            else ""
        )
        detail = f"The plan has not moved in {months} months.{due}"
    last = f"the last was on {career.last_talk:%-d %b %Y}" if career.last_talk else "none yet"
    return Entry(
        47,
        fact.report,
        f"A career conversation with {name} is overdue",
        f"{detail} No career conversation in six months ({last}).",
        reverse("careers:pair", args=[pair.pk]),
        "Open the career plan",
        kind="career",
    )


def started(date_joined: datetime, first_start: datetime | None) -> datetime:
    """When someone started, as far as Showup knows: their account, or their first 1:1 if earlier.

    People imported into Showup have accounts as new as the import; their 1:1s
    going back further say they are not new.
    """
    return min(date_joined, first_start) if first_start else date_joined


def joined_at(fact: ReportFacts) -> datetime:
    return started(fact.report.date_joined, fact.summary.first_start if fact.summary else None)


def is_new_joiner(joined: datetime, now: datetime) -> bool:
    return joined > now - NEW_JOINER_DAYS


def meets_weekly(rule: str) -> bool:
    return typical_interval_days(rule) <= WEEKLY_DAYS


def _new_joiner(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    joined, series = joined_at(fact), fact.series
    if not is_new_joiner(joined, now) or series is None or series.status != Series.Status.ACTIVE:
        return None
    name = fact.report.first_name
    if not meets_weekly(series.rule):
        interval = typical_interval_days(series.rule)
        words = describe_rule(series.rule)
        cadence = words.lower() if words != series.rule else f"about every {round(interval)} days"
        detail = f"Your 1:1s with {name} are {cadence}."
    else:
        first_weeks_end = joined + FIRST_WEEKS
        held = sum(1 for meeting in _held(fact) if joined <= meeting.start < first_weeks_end)
        if now < first_weeks_end or held >= FIRST_WEEKS_HELD:
            return None
        detail = f"{held} 1:1{'s' if held != 1 else ''} held in {name}'s first six weeks."
    return Entry(
        72,
        fact.report,
        f"{name} is new and has no weekly rhythm with you",
        f"{detail} In the first three months, meet every week: that is when questions pile up.",
        reverse("meetings:series-change", args=[series.pk]),
        "Change the schedule",
        kind="new-joiner",
    )


def _piling_up(fact: ReportFacts, pair: Pair, now: datetime) -> Entry | None:
    held = [meeting.start for meeting in _held(fact)]
    today = now.date()
    carried = [
        item
        for item in fact.commitments
        if (item.due_on is None or item.due_on >= today)
        and sum(1 for start in held if start > item.created_at) >= PILE_MIN_CARRIED
    ]
    if len(carried) < PILE_MIN_ITEMS:
        return None
    name = fact.report.first_name
    return Entry(
        59,
        fact.report,
        f"{len(carried)} of your commitments to {name} keep moving on",
        f"Each carried across {PILE_MIN_CARRIED} 1:1s or more, none done. "
        f"Finish them, or tell {name} which you will drop.",
        reverse("meetings:pair-next", args=[pair.pk]),
        "Open the next 1:1",
        kind="piling-up",
    )


PAIR_RULES = [
    _gap,
    _review,
    _blockers,
    _concerns,
    _cancelled,
    _check_ins,
    _overdue,
    _rating_fall,
    _low_rating,
    _agenda,
    _status_meeting,
    _quiet,
    _rescheduling,
    _one_way_feedback,
    _career,
    _new_joiner,
    _piling_up,
]


# A manager's own habits -------------------------------------------------------


def fold_habits(
    entries: list[Entry], *, facts: list[ReportFacts], manager: Person, since: date | None
) -> list[Entry]:
    """The pair entries, with those a habit explains replaced by the habit's one entry."""
    habits = [
        habit
        for habit in (
            cancelling_habit(facts, manager, since),
            agenda_habit(entries, manager),
            *spanning_habits(entries, manager),
        )
        if habit is not None
    ]
    folded = {
        (habit.kind.removeprefix("habit-"), person.pk)
        for habit in habits
        for person in habit.named
    }
    kept = [entry for entry in entries if (entry.kind, entry.person.pk) not in folded]
    return kept + habits


def _late_by_lead(fact: ReportFacts, since: date | None) -> int:
    assert fact.pair is not None
    return sum(
        1
        for meeting in fact.recent
        if meeting.cancelled_late
        and meeting.outcome_by_id == fact.pair.lead_id
        and (since is None or meeting.start.date() >= since)
    )


def _beyond_one_report(counts: dict[int, int]) -> int:
    return sum(counts.values()) - max(counts.values(), default=0)


def cancelling_habit(
    facts: list[ReportFacts], manager: Person, since: date | None
) -> Entry | None:
    with_pair = [fact for fact in facts if fact.pair is not None]
    cancelled = {fact.report.pk: fact.numbers.cancelled_by_lead for fact in with_pair}
    late = {fact.report.pk: _late_by_lead(fact, since) for fact in with_pair}
    total = sum(fact.numbers.meant_to_happen + fact.numbers.skipped for fact in with_pair)
    touched = [fact.report for fact in with_pair if cancelled[fact.report.pk]]
    all_cancelled, all_late = sum(cancelled.values()), sum(late.values())
    often = (
        all_cancelled >= HABIT_MIN_CANCELLED
        and all_cancelled >= HABIT_CANCEL_RATE * total
        and _beyond_one_report(cancelled) >= HABIT_BEYOND_ONE_REPORT
    )
    late_often = (
        all_late >= HABIT_MIN_LATE
        and all_late >= HABIT_LATE_RATE * total
        and _beyond_one_report(late) >= HABIT_BEYOND_ONE_REPORT
    )
    if not (often or late_often):
        return None
    touched.sort(key=lambda report: (-cancelled[report.pk], report.name))
    names = ", ".join(f"{report.first_name} ({cancelled[report.pk]})" for report in touched)
    if often:
        title = f"You cancelled {all_cancelled} of {total} 1:1s with your reports"
        more = f"{all_late} at less than a day's notice"
    else:
        title = f"You cancelled {all_late} 1:1s at less than a day's notice"
        more = f"{all_cancelled} of {total} cancelled by you in all"
    return Entry(
        68,
        manager,
        title,
        f"{more}. With {names}. Move a 1:1 rather than cancel it, and keep the slot.",
        reverse("pages:home") + "#next-heading",
        "See your next 1:1s",
        kind="habit-cancelled",
        named=tuple(touched),
    )


def agenda_habit(entries: list[Entry], manager: Person) -> Entry | None:
    dominated = [entry for entry in entries if entry.kind == "agenda"]
    if len(dominated) < HABIT_MIN_REPORTS:
        return None
    names = ", ".join(entry.person.first_name for entry in dominated)
    return Entry(
        53,
        manager,
        f"You write most of the agenda with {len(dominated)} reports",
        f"Over three quarters of the points in your last 1:1s with {names}. "
        "The 1:1 is theirs: ask them to add their points first.",
        reverse("pages:home") + "#next-heading",
        "See your next 1:1s",
        kind="habit-agenda",
        named=tuple(entry.person for entry in dominated),
    )


# The same situation with two reports or more says more about the manager than
# about either pair: one entry, naming them, with what to change.
SPANNING = {
    "quiet": (
        "{count} of your reports stopped bringing points to their 1:1s",
        "Ask each what is on their mind, and hold your own points back.",
    ),
    "rescheduling": (
        "You keep moving 1:1s to another day, with {count} reports",
        "Keep the slot: a 1:1 that always gives way tells them where they rank.",
    ),
    "one-way-feedback": (
        "Feedback runs one way with {count} of your reports",
        "Ask them what you could do better, and make it easy to say.",
    ),
    "career": (
        "Career conversations are overdue with {count} of your reports",
        "Set a 1:1 aside for each: where they want to go, and what you will do about it.",
    ),
    "new-joiner": (
        "{count} new joiners have no weekly rhythm with you",
        "Meet them every week in their first three months.",
    ),
    "piling-up": (
        "Your commitments keep moving on with {count} reports",
        "Finish them, or say which you will drop.",
    ),
}


def spanning_habits(entries: list[Entry], manager: Person) -> list[Entry]:
    habits = []
    for kind, (title, advice) in SPANNING.items():
        touched = sorted((e for e in entries if e.kind == kind), key=lambda e: e.person.name)
        if len(touched) < HABIT_MIN_REPORTS:
            continue
        names = ", ".join(entry.person.first_name for entry in touched)
        habits.append(
            Entry(
                max(entry.severity for entry in touched) + 1,
                manager,
                title.format(count=len(touched)),
                f"With {names}. {advice}",
                reverse("insights:team"),
                "See your team",
                kind=f"habit-{kind}",
                named=tuple(entry.person for entry in touched),
            )
        )
    return habits
