"""A concern counts as raised only in a 1:1 that took place, on or after the day it was recorded.

Otherwise "no surprises" could be beaten by a date: record a concern today,
mark it raised in a 1:1 weeks ago, and share the review at once.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Series
from showup.meetings.services import occurrence_hold, occurrence_skip
from showup.performance import selectors, services
from showup.performance.models import Observation, Review
from showup.performance.rules import review_flags
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
# The series meets on Mondays at 10:00 in Berlin (09:00 UTC in March).
MARCH_9 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager", timezone="Europe/Berlin")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)


def held_on(series: Series, start: datetime) -> Occurrence:
    occurrence = series.occurrences.get(start=start)
    return occurrence_hold(
        occurrence=occurrence, by=series.pair.lead, now=start + timedelta(hours=1)
    )


def concern(series: Series, recorded: datetime) -> Observation:
    return services.observation_record(
        pair=series.pair,
        by=series.pair.lead,
        kind="concern",
        text="Estimates run long",
        now=recorded,
    )


def review_with(series: Series, observation: Observation) -> Review:
    manager = series.pair.lead
    review = services.review_create(
        pair=series.pair, by=manager, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30)
    )
    services.review_point_add(
        review=review, by=manager, text="Estimates", is_concern=True, observations=[observation]
    )
    return review


def flags(review: Review, now: datetime) -> list[str]:
    found = review_flags(
        review,
        points=selectors.review_points(review=review),
        concerns_in_period=selectors.concerns_raised_in(review=review),
        now=now,
    )
    return [flag.message for flag in found]


def test_a_concern_marked_raised_in_a_1on1_before_it_was_recorded_is_refused(
    series: Series,
) -> None:
    """The walkthrough's case: recorded on the 27th, 'raised' in the 1:1 of the 9th."""
    raised_in = held_on(series, MARCH_9)
    recorded = MARCH_9 + timedelta(days=18)
    observation = concern(series, recorded)
    review = review_with(series, observation)
    with pytest.raises(MeetingError, match="before you recorded this on 27 Mar"):
        services.observation_raise(
            observation=observation, by=series.pair.lead, occurrence=raised_in, now=recorded
        )
    observation.refresh_from_db()
    assert observation.raised_in is None
    assert observation.raised_at is None
    assert flags(review, recorded + timedelta(days=30)) == [
        "“Estimates run long” was never raised in a 1:1."
    ]
    with pytest.raises(MeetingError, match="surprise"):
        services.review_share(
            review=review, by=series.pair.lead, now=recorded + timedelta(days=30)
        )
    assert list(selectors.observations_of_pair(pair=series.pair, person=series.pair.member)) == []


@pytest.mark.parametrize(
    ("recorded", "allowed"),
    [
        # The day is the manager's, in Berlin: 23:59 on the 9th is still the 1:1's day ...
        (datetime(2026, 3, 9, 22, 59, tzinfo=UTC), True),
        # ... and 00:00 on the 10th is the day after, though it is still the 9th in UTC.
        (datetime(2026, 3, 9, 23, 0, tzinfo=UTC), False),
        (datetime(2026, 3, 8, 12, 0, tzinfo=UTC), True),
    ],
)
def test_the_1on1_may_be_on_the_day_the_concern_was_recorded_not_before(
    series: Series, recorded: datetime, allowed: bool
) -> None:
    raised_in = held_on(series, MARCH_9)
    observation = concern(series, recorded)
    raise_it = lambda: services.observation_raise(  # noqa: E731
        observation=observation,
        by=series.pair.lead,
        occurrence=raised_in,
        now=MARCH_9 + timedelta(days=3),
    )
    if not allowed:
        with pytest.raises(MeetingError, match="before you recorded this"):
            raise_it()
        return
    raised = raise_it()
    # The no-surprises days count from when both the 1:1 and the record existed.
    assert raised.raised_at == max(MARCH_9, recorded)


def test_a_1on1_marked_skipped_after_the_raise_raised_nothing(series: Series) -> None:
    manager, report = series.pair.lead, series.pair.member
    unanswered = series.occurrences.get(start=MARCH_9)  # "did it happen?" still open
    observation = concern(series, MARCH_9 - timedelta(days=1))
    review = review_with(series, observation)
    services.observation_raise(
        observation=observation,
        by=manager,
        occurrence=unanswered,
        now=MARCH_9 + timedelta(hours=2),
    )
    assert [
        seen.pk for seen in selectors.observations_of_pair(pair=series.pair, person=report)
    ] == [observation.pk]

    occurrence_skip(
        occurrence=unanswered, by=report, note="Off sick", now=MARCH_9 + timedelta(days=1)
    )

    observation.refresh_from_db()
    assert observation.raised_in is None
    assert observation.raised_at is None
    assert list(selectors.observations_of_pair(pair=series.pair, person=report)) == []
    later = MARCH_9 + timedelta(days=60)
    assert flags(review, later) == ["“Estimates run long” was never raised in a 1:1."]
    # Raised for real in the next 1:1, it counts again.
    next_one = held_on(series, MARCH_9 + timedelta(weeks=1))
    services.observation_raise(observation=observation, by=manager, occurrence=next_one, now=later)
    assert flags(review, later) == []


def test_a_held_1on1_keeps_what_was_raised_in_it(series: Series) -> None:
    raised_in = held_on(series, MARCH_9)
    observation = concern(series, MARCH_9 - timedelta(days=1))
    services.observation_raise(
        observation=observation,
        by=series.pair.lead,
        occurrence=raised_in,
        now=MARCH_9 + timedelta(days=1),
    )
    assert services.observations_unraise(occurrence=raised_in) == 0
    observation.refresh_from_db()
    assert observation.raised_in == raised_in


def test_an_observation_has_no_date_anyone_can_edit() -> None:
    """The recorded day is the one the rule reads: no form or service changes it."""
    from showup.performance.forms import ObservationForm

    assert set(ObservationForm.base_fields) == {"kind", "text", "evidence"}
