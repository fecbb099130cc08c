"""A manager's reports side by side, and the attention list, in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.utils import timezone

from showup.feedback.models import Blocker
from showup.feedback.selectors import open_blockers_of_pairs
from showup.insights import habits, selectors
from showup.insights.attention import (
    FEEDBACK_WINDOW,
    UNRAISED_CONCERN_DAYS,
    Entry,
    ReportFacts,
    attention_list,
)
from showup.insights.habits import CareerFacts, FeedbackFlow
from showup.insights.selectors import FollowThrough, Numbers, TrendPoint
from showup.meetings.models import Occurrence
from showup.people.models import Person
from showup.performance.models import Observation
from showup.performance.selectors import draft_review_surprises, unraised_concerns_of_pairs

Row = TypeVar("Row", Blocker, Observation)


@dataclass(frozen=True)
class TeamView:
    facts: list[ReportFacts]
    attention: list[Entry]
    timelines: dict[int, list[Occurrence]]
    ratings: dict[int, list[TrendPoint]]
    since: date


def team_view(*, manager: Person, since: date, now: datetime) -> TeamView:
    reports = list(manager.reports.filter(is_active=True).order_by("name"))
    pairs = selectors.led_pairs(manager=manager)
    pair_by_member = {pair.member_id: pair for pair in pairs}
    series = selectors.current_series_by_pair(pairs=pairs)
    summaries = selectors.summaries_of(pairs=pairs)
    numbers = selectors.numbers_by_pair(pairs=pairs, since=since)
    records = selectors.follow_through_by_pair(pairs=pairs, today=timezone.localdate())
    recent = selectors.recent_meetings_by_pair(pairs=pairs, now=now)
    points = selectors.recent_points_by_pair(pairs=pairs, now=now)
    surprises = draft_review_surprises(pairs=pairs, now=now)
    moves = habits.moves_by_pair(pairs=pairs, now=now)
    feedback = habits.feedback_flow_by_pair(pairs=pairs, since=now - FEEDBACK_WINDOW)
    careers = habits.career_facts_by_pair(pairs=pairs, today=now.date())
    commitments = habits.lead_commitments_by_pair(pairs=pairs)
    blockers = _by_pair(open_blockers_of_pairs(pairs=pairs))
    concerns = _by_pair(
        unraised_concerns_of_pairs(
            pairs=pairs, recorded_before=now - timedelta(days=UNRAISED_CONCERN_DAYS)
        )
    )
    facts = []
    for report in reports:
        pair = pair_by_member.get(report.pk)
        pair_id = pair.pk if pair else 0
        facts.append(
            ReportFacts(
                report=report,
                pair=pair,
                series=series.get(pair_id),
                summary=summaries.get(pair_id),
                numbers=numbers.get(pair_id, Numbers()),
                lead_record=records.get((pair_id, manager.pk), FollowThrough()),
                open_blockers=blockers.get(pair_id, []),
                unraised_concerns=concerns.get(pair_id, []),
                recent=recent.get(pair_id, []),
                points=points.get(pair_id, []),
                surprises=surprises.get(pair_id, []),
                moves=moves.get(pair_id, []),
                feedback=feedback.get(pair_id, FeedbackFlow()),
                career=careers.get(pair_id, CareerFacts()),
                commitments=commitments.get(pair_id, []),
            )
        )
    return TeamView(
        facts=facts,
        attention=attention_list(facts=facts, now=now, manager=manager, since=since),
        timelines=selectors.occurrences_of_pairs(pairs=pairs, since=since, now=now),
        ratings=selectors.ratings_of_pairs(pairs=pairs, since=since),
        since=since,
    )


def _by_pair(rows: Iterable[Row]) -> dict[int, list[Row]]:
    grouped: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.pair_id].append(row)
    return grouped
