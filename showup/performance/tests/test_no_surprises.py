from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Series
from showup.performance import selectors, services
from showup.performance.models import Observation, ObservationRevision, Review
from showup.performance.rules import review_flags
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)


def nth(series: Series, n: int) -> Occurrence:
    return series.occurrences.order_by("start")[n]


def flags_now(review: Review, now: datetime) -> list[str]:
    flags = review_flags(
        review,
        points=selectors.review_points(review=review),
        concerns_in_period=selectors.concerns_raised_in(review=review),
        now=now,
    )
    return [flag.message for flag in flags]


def test_a_concern_used_before_it_was_raised_is_flagged_until_n_days_after_raising(
    series: Series,
) -> None:
    manager = series.pair.lead
    concern = services.observation_record(
        now=T0, pair=series.pair, by=manager, kind="concern", text="Misses design review deadlines"
    )
    review = services.review_create(
        pair=series.pair, by=manager, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30)
    )
    services.review_point_add(
        review=review,
        by=manager,
        text="Deadlines slipped",
        is_concern=True,
        observations=[concern],
    )
    assert flags_now(review, T0) == ["“Misses design review deadlines” was never raised in a 1:1."]
    with pytest.raises(MeetingError, match="would come as a surprise"):
        services.review_share(review=review, by=manager, now=T0)

    raised_in = nth(series, 1)  # 9 March
    services.observation_raise(
        observation=concern, by=manager, occurrence=raised_in, now=raised_in.end
    )
    assert (
        "less than 14 days ago (fine from 23 Mar)"
        in flags_now(review, raised_in.end + timedelta(days=3))[0]
    )
    # The refusal says why: raised, but too lately (it said "raise them first").
    with pytest.raises(MeetingError, match=r"fine from 23 Mar"):
        services.review_share(review=review, by=manager, now=raised_in.end + timedelta(days=3))
    assert flags_now(review, raised_in.start + timedelta(days=14)) == []
    services.review_share(review=review, by=manager, now=raised_in.start + timedelta(days=14))
    assert Review.objects.get(pk=review.pk).status == Review.Status.SHARED


def test_a_concern_point_without_an_observation_is_flagged(series: Series) -> None:
    review = services.review_create(
        pair=series.pair,
        by=series.pair.lead,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
    )
    services.review_point_add(
        review=review, by=series.pair.lead, text="Attitude", is_concern=True, observations=[]
    )
    assert flags_now(review, T0) == [
        "This concern rests on no observation. Record it, raise it in a 1:1, then link it."
    ]


def test_a_low_rating_with_no_concern_raised_in_the_period_is_flagged(
    series: Series, settings: Any
) -> None:
    manager = series.pair.lead
    review = services.review_create(
        pair=series.pair, by=manager, period_start=date(2026, 3, 1), period_end=date(2026, 3, 31)
    )
    services.review_update(review=review, by=manager, summary="", rating=2)
    assert flags_now(review, T0 + timedelta(days=60)) == [
        "A low rating, but no concern was raised in a 1:1 during this period."
    ]
    services.review_update(review=review, by=manager, summary="", rating=3)
    assert flags_now(review, T0 + timedelta(days=60)) == []


def test_the_report_sees_an_observation_only_once_raised_and_a_review_once_shared(
    series: Series,
) -> None:
    manager, report = series.pair.lead, series.pair.member
    observation = services.observation_record(
        now=T0, pair=series.pair, by=manager, kind="strength", text="Great incident calm"
    )
    review = services.review_create(
        pair=series.pair, by=manager, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30)
    )
    assert list(selectors.observations_of_pair(pair=series.pair, person=report)) == []
    assert list(selectors.reviews_of_pair(pair=series.pair, person=report)) == []
    services.observation_raise(
        observation=observation, by=manager, occurrence=nth(series, 0), now=T0 + timedelta(hours=2)
    )
    assert list(selectors.observations_of_pair(pair=series.pair, person=report)) == [observation]
    services.review_share(review=review, by=manager, now=T0)
    assert list(selectors.reviews_of_pair(pair=series.pair, person=report)) == [review]


def test_a_concern_cannot_be_raised_in_a_1_1_that_did_not_happen_or_is_ahead(
    series: Series,
) -> None:
    manager = series.pair.lead
    observation = services.observation_record(
        now=T0, pair=series.pair, by=manager, kind="concern", text="x"
    )
    with pytest.raises(MeetingError, match="already taken place"):
        services.observation_raise(
            observation=observation, by=manager, occurrence=nth(series, 3), now=T0
        )
    from showup.meetings.services import occurrence_cancel

    occurrence_cancel(occurrence=nth(series, 0), by=manager, now=T0)
    with pytest.raises(MeetingError, match="did not take place"):
        services.observation_raise(
            observation=observation,
            by=manager,
            occurrence=nth(series, 0),
            now=T0 + timedelta(days=1),
        )


def test_observations_are_amended_with_history_never_lost(series: Series) -> None:
    manager = series.pair.lead
    observation = services.observation_record(
        now=T0, pair=series.pair, by=manager, kind="concern", text="First take", evidence="A"
    )
    services.observation_amend(
        observation=observation, by=manager, kind="concern", text="Second take", evidence="B"
    )
    services.observation_amend(
        observation=observation,
        by=manager,
        kind="strength",
        text="Actually a strength",
        evidence="C",
    )
    assert Observation.objects.get().text == "Actually a strength"
    assert list(ObservationRevision.objects.order_by("pk").values_list("text", "evidence")) == [
        ("First take", "A"),
        ("Second take", "B"),
    ]


def test_a_raised_observation_stays_as_it_was_said(series: Series) -> None:
    """Rewritten after it was raised, words never said would read as raised in that 1:1."""
    manager = series.pair.lead
    observation = services.observation_record(
        now=T0, pair=series.pair, by=manager, kind="concern", text="Late to two stand-ups"
    )
    services.observation_raise(
        observation=observation, by=manager, occurrence=nth(series, 0), now=T0 + timedelta(days=7)
    )
    with pytest.raises(MeetingError, match="stays as it was said"):
        services.observation_amend(
            observation=observation,
            by=manager,
            kind="concern",
            text="Dismissive of teammates in design reviews",
            evidence="",
        )
    assert Observation.objects.get().text == "Late to two stand-ups"
    assert not ObservationRevision.objects.exists()


def test_only_the_manager_writes_and_only_the_report_acknowledges(series: Series) -> None:
    manager, report = series.pair.lead, series.pair.member
    with pytest.raises(MeetingError):
        services.observation_record(pair=series.pair, by=report, kind="strength", text="I'm great")
    observation = services.observation_record(
        now=T0, pair=series.pair, by=manager, kind="concern", text="x"
    )
    with pytest.raises(MeetingError):
        services.observation_acknowledge(
            observation=observation, by=report, comment="not raised yet"
        )
    services.observation_raise(
        observation=observation, by=manager, occurrence=nth(series, 0), now=T0 + timedelta(hours=1)
    )
    with pytest.raises(MeetingError):
        services.observation_acknowledge(observation=observation, by=manager, comment="")
    services.observation_acknowledge(
        observation=observation, by=report, comment="Fair, working on it"
    )
    assert Observation.objects.get().report_comment == "Fair, working on it"


def test_a_shared_review_cannot_change(series: Series) -> None:
    manager = series.pair.lead
    review = services.review_create(
        pair=series.pair, by=manager, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30)
    )
    services.review_share(review=review, by=manager, now=T0)
    with pytest.raises(MeetingError, match="stays as it was shared"):
        services.review_update(review=review, by=manager, summary="rewrite", rating=1)


def surprises_now(series: Series, now: datetime) -> dict[int, list[str]]:
    found = selectors.draft_review_surprises(
        pairs=type(series.pair).objects.filter(pk=series.pair_id), now=now
    )
    return {
        surprise.review_id: [flag.message for flag in surprise.flags]
        for surprise in found.get(series.pair_id, [])
    }


def test_the_attention_list_reads_the_same_surprises_as_the_review_page(series: Series) -> None:
    manager = series.pair.lead
    period = {"period_start": date(2026, 1, 1), "period_end": date(2026, 6, 30)}
    concern = services.observation_record(
        now=T0, pair=series.pair, by=manager, kind="concern", text="Misses deadlines"
    )
    strength = services.observation_record(
        now=T0, pair=series.pair, by=manager, kind="strength", text="Calm in incidents"
    )
    linked = services.review_create(pair=series.pair, by=manager, **period)
    services.review_point_add(
        review=linked, by=manager, text="Deadlines", is_concern=True, observations=[concern]
    )
    services.review_point_add(
        review=linked, by=manager, text="Incidents", is_concern=False, observations=[strength]
    )
    bare = services.review_create(pair=series.pair, by=manager, **period)
    services.review_point_add(
        review=bare, by=manager, text="Attitude", is_concern=True, observations=[]
    )
    low = services.review_create(pair=series.pair, by=manager, **period)
    services.review_update(review=low, by=manager, summary="", rating=1)
    fine = services.review_create(pair=series.pair, by=manager, **period)
    services.review_point_add(
        review=fine, by=manager, text="Incidents", is_concern=False, observations=[strength]
    )
    expected = {review.pk: flags_now(review, T0) for review in (linked, bare, low)}
    assert surprises_now(series, T0) == expected
    assert all(expected.values())

    raised_in = nth(series, 1)
    services.observation_raise(
        observation=concern, by=manager, occurrence=raised_in, now=raised_in.end
    )
    later = raised_in.start + timedelta(days=14)
    assert surprises_now(series, later) == {bare.pk: flags_now(bare, later)}
    services.review_share(review=linked, by=manager, now=later)
    assert linked.pk not in surprises_now(series, later)


def test_the_page_offers_only_the_1_1s_an_observation_could_be_raised_in(
    series: Series, django_assert_max_num_queries: Any
) -> None:
    """It offered the 1:1s before the observation was recorded, each then refused."""
    manager, now = series.pair.lead, timezone.now()
    services.observation_record(pair=series.pair, by=manager, kind="concern", text="Just now")
    services.observation_record(
        pair=series.pair,
        by=manager,
        kind="strength",
        text="Weeks ago",
        now=now - timedelta(days=22),
    )
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("performance:pair", args=[series.pair_id])).content.decode()
    items = {
        text: item
        for item in page.split('<li id="observation-')[1:]
        for text in ("Just now", "Weeks ago")
        if text in item
    }
    assert "No 1:1 has taken place since you recorded this" in items["Just now"]
    assert "<option" not in items["Just now"]
    zone = ZoneInfo(manager.timezone)
    recorded_on = (now - timedelta(days=22)).astimezone(zone).date()
    since = [
        occurrence
        for occurrence in series.occurrences.all()
        if recorded_on <= occurrence.start.astimezone(zone).date() and occurrence.start <= now
    ]
    assert len(since) >= 3  # weekly, over three weeks
    assert items["Weeks ago"].count("<option") == len(since)
    for pk in range(2, 30):  # more observations, no more queries
        services.observation_record(pair=series.pair, by=manager, kind="concern", text=f"N{pk}")
    with django_assert_max_num_queries(25):
        client.get(reverse("performance:pair", args=[series.pair_id]))
