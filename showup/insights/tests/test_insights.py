from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from showup.agendas.services import talking_point_add, talking_point_delete
from showup.feedback.services import blocker_log
from showup.insights import selectors
from showup.insights.models import CheckIn, LeadWeek, PairWeek
from showup.insights.org import org_view
from showup.insights.rollups import rollups_rebuild_all, week_of
from showup.insights.services import check_in_record, rating_record
from showup.insights.team import team_view
from showup.meetings import services as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Pair, Series
from showup.people.models import Person
from showup.performance.services import observation_record
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)


def nth(series: Series, n: int) -> Occurrence:
    return series.occurrences.order_by("start")[n]


def test_outcomes_and_points_land_in_their_week(series: Series) -> None:
    manager, report = series.pair.lead, series.pair.member
    first = nth(series, 0)
    meetings.occurrence_hold(occurrence=first, by=manager, now=first.end)
    meetings.occurrence_cancel(
        occurrence=nth(series, 1), by=manager, now=nth(series, 1).start - timedelta(hours=2)
    )
    meetings.occurrence_skip(occurrence=nth(series, 2), by=report, now=T0)
    week = PairWeek.objects.get(pair=series.pair, week=week_of(first.start))
    assert (week.held, week.cancelled) == (1, 0)
    second = PairWeek.objects.get(pair=series.pair, week=week_of(nth(series, 1).start))
    assert (second.cancelled, second.cancelled_by_lead, second.cancelled_late) == (1, 1, 1)
    numbers = selectors.numbers_by_pair(pairs=[series.pair_id], since=date(2026, 1, 1))[
        series.pair_id
    ]
    assert numbers.adherence == 0.5  # skipping does not count against the pair
    assert numbers.skipped == 1


def test_agenda_ownership_and_off_topic_share(series: Series) -> None:
    first = nth(series, 0)
    talking_point_add(
        occurrence=first, author=series.pair.member, text="My path to senior", is_private=False
    )
    talking_point_add(
        occurrence=first,
        author=series.pair.member,
        text="Status update on the migration",
        is_private=False,
    )
    talking_point_add(
        occurrence=first, author=series.pair.lead, text="How are you, really?", is_private=False
    )
    numbers = selectors.numbers_by_pair(pairs=[series.pair_id], since=date(2020, 1, 1))[
        series.pair_id
    ]
    assert (numbers.points, numbers.points_by_member, numbers.points_off_topic) == (3, 2, 1)
    assert numbers.purposes == {"career": 1, "catch-up": 1, "wellbeing": 1}


def test_check_ins_and_ratings_are_the_report_s_and_ratings_follow_a_held_1_1(
    series: Series,
) -> None:
    first = nth(series, 0)
    check_in_record(occurrence=first, by=series.pair.member, score=2)
    with pytest.raises(MeetingError, match="once it was held"):
        rating_record(occurrence=first, by=series.pair.member, score=4)
    with pytest.raises(MeetingError, match="The report answers"):
        check_in_record(occurrence=first, by=series.pair.lead, score=5)
    meetings.occurrence_hold(occurrence=first, by=series.pair.lead, now=first.end)
    rating_record(occurrence=first, by=series.pair.member, score=4)
    check_ins, ratings = selectors.pair_trends(
        pair=series.pair, reader=series.pair.lead, since=date(2026, 1, 1)
    )
    assert ([point.score for point in check_ins], [point.score for point in ratings]) == ([2], [4])


@pytest.mark.parametrize("relation", [r for r in Pair.Relation if r != Pair.Relation.MANAGER])
def test_check_ins_and_ratings_are_only_for_a_report_and_their_manager(
    series: Series, relation: str
) -> None:
    """The 1:1 page asks them only there; a crafted form or the API may not record one elsewhere."""
    Pair.objects.filter(pk=series.pair_id).update(relation=relation)
    first = nth(series, 0)
    with pytest.raises(MeetingError, match="with their manager"):
        check_in_record(occurrence=first, by=first.pair.member, score=3)
    assert not CheckIn.objects.exists()


def test_rebuilding_gives_the_same_rows(series: Series) -> None:
    first = nth(series, 0)
    meetings.occurrence_hold(occurrence=first, by=series.pair.lead, now=first.end)
    talking_point_add(occurrence=first, author=series.pair.member, text="Career", is_private=False)
    before = list(PairWeek.objects.order_by("week").values("week", "held", "points"))
    PairWeek.objects.all().delete()
    rollups_rebuild_all()
    assert list(PairWeek.objects.order_by("week").values("week", "held", "points")) == before


def _weeks() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every pair's and manager's week, without the row ids a rebuild renumbers."""
    pairs = [dict(row) for row in PairWeek.objects.order_by("pair_id", "week").values()]
    leads = [dict(row) for row in LeadWeek.objects.order_by("lead_id", "week").values()]
    return (
        [{k: v for k, v in row.items() if k != "id"} for row in pairs],
        [{k: v for k, v in row.items() if k != "id"} for row in leads],
    )


def test_agenda_changes_refresh_only_the_agenda_and_agree_with_a_rebuild(series: Series) -> None:
    """A point added or removed recomputes its week's agenda counts alone; a week whose
    agenda empties and holds nothing else loses its row, as a rebuild would leave it."""
    first, quiet = nth(series, 0), nth(series, 3)
    meetings.occurrence_hold(occurrence=first, by=series.pair.lead, now=first.end)
    check_in_record(occurrence=first, by=series.pair.member, score=4)
    member = series.pair.member
    kept = talking_point_add(occurrence=first, author=member, text="Career", is_private=False)
    alone = talking_point_add(occurrence=quiet, author=member, text="Later", is_private=False)
    talking_point_delete(point=kept, by=member)
    after_changes = _weeks()
    assert [row["points"] for row in after_changes[0]] == [0, 1]
    assert after_changes[0][0]["held"] == 1
    assert after_changes[0][0]["check_in_count"] == 1
    PairWeek.objects.all().delete()
    LeadWeek.objects.all().delete()
    rollups_rebuild_all()
    assert _weeks() == after_changes
    talking_point_delete(point=alone, by=member)
    assert not PairWeek.objects.filter(week=week_of(alone.created_at), points__gt=0).exists()
    assert _weeks()[0] == [row for row in after_changes[0] if row["held"]]


def make_team(manager: Person, size: int) -> list[Person]:
    return [PersonFactory.create(manager=manager) for _ in range(size)]


@pytest.mark.django_db
def test_the_attention_list_puts_a_missing_series_and_a_long_gap_first() -> None:
    now = timezone.now()
    manager = PersonFactory.create(name="Max Manager")
    gap, cancelled, fine = (
        PersonFactory.create(name=name, manager=manager)
        for name in ("Gail Gap", "Cass Cancelled", "Fin Fine")
    )
    PersonFactory.create(name="Nola Noseries", manager=manager)
    start = now - timedelta(weeks=10)
    for person in (gap, cancelled, fine):
        weekly_series(manager, person, first_day=start.date(), now=start)
    for occurrence in Occurrence.objects.filter(pair__member=fine, end__lt=now):
        meetings.occurrence_hold(occurrence=occurrence, by=manager, now=occurrence.end)
    for occurrence in Occurrence.objects.filter(pair__member=cancelled, end__lt=now).order_by(
        "start"
    )[:4]:
        meetings.occurrence_cancel(
            occurrence=occurrence, by=manager, now=occurrence.start - timedelta(hours=1)
        )
    blocker = blocker_log(
        pair=gap.pairs_joined.get(), by=gap, kind="process", text="Slow approvals"
    )
    type(blocker).objects.filter(pk=blocker.pk).update(created_at=now - timedelta(days=30))
    concern = observation_record(
        pair=cancelled.pairs_joined.get(), by=manager, kind="concern", text="x"
    )
    type(concern).objects.filter(pk=concern.pk).update(created_at=now - timedelta(days=10))
    entries = team_view(
        manager=manager, since=selectors.period_start("26w", now), now=now
    ).attention
    titles = [entry.title for entry in entries]
    assert titles[0] == "Nola Noseries has no 1:1 series"
    assert sorted(title.split(" for ")[0] for title in titles[1:3]) == [
        "No 1:1 with Cass",
        "No 1:1 with Gail",
    ]
    assert "Gail's blocker has waited 30 days" in titles
    assert "A concern about Cass was never raised" in titles
    assert "You cancelled 4 1:1s with Cass" in titles
    assert not [title for title in titles if "Fin" in title]


@pytest.mark.django_db
def test_the_org_view_hides_teams_under_three_and_cannot_be_subtracted() -> None:
    now = timezone.now()
    director = PersonFactory.create(name="Dana Director")
    big = PersonFactory.create(name="Big Manager", manager=director)
    small = PersonFactory.create(name="Small Manager", manager=big)
    make_team(big, 3)
    lonely = make_team(small, 1)
    weekly_series(
        small, lonely[0], first_day=(now - timedelta(weeks=4)).date(), now=now - timedelta(weeks=4)
    )
    since = selectors.period_start("12w", now)
    view = org_view(viewer=director, since=since, now=now)
    assert view is not None
    assert [(group.label, group.people) for group in view.groups] == [("Big Manager's org", 4)]
    assert view.hidden_people == 2  # Dana's one report and Small's one
    assert view.total is not None
    assert view.total.people == 4
    below = org_view(viewer=director, since=since, now=now, under=big.pk)
    assert below is not None
    # One level down adds up to the row above: nothing hidden can be had by subtraction.
    assert [(group.label, group.people) for group in below.groups] == [("Big Manager's team", 4)]
    assert below.total is not None
    assert below.total.people == 4
    assert [crumb.label for crumb in below.trail] == ["Your org", "Big Manager's org"]


@pytest.mark.django_db
def test_small_teams_are_left_out_of_every_level() -> None:
    now = timezone.now()
    admin = PersonFactory.create(is_admin=True)
    for name in ("One", "Two"):
        manager = PersonFactory.create(name=f"Manager {name}")
        make_team(manager, 2)
    view = org_view(viewer=admin, since=selectors.period_start("12w", now), now=now)
    assert view is not None
    assert view.groups == []
    assert view.total is None
    assert view.hidden_people == 4


@pytest.mark.django_db
def test_only_an_admin_or_a_manager_above_may_drill_into_an_org() -> None:
    now = timezone.now()
    since = selectors.period_start("12w", now)
    first = PersonFactory.create(name="First Director")
    second = PersonFactory.create(name="Second Director")
    make_team(first, 3)
    make_team(second, 3)
    admin = PersonFactory.create(is_admin=True)
    assert org_view(viewer=first, since=since, now=now, under=second.pk) is None
    report = first.reports.get(pk=first.reports.values_list("pk", flat=True)[0])
    assert org_view(viewer=report, since=since, now=now) is None
    whole = org_view(viewer=admin, since=since, now=now)
    assert whole is not None
    assert [group.label for group in whole.groups] == [
        "First Director's org",
        "Second Director's org",
    ]
    assert org_view(viewer=admin, since=since, now=now, under=second.pk) is not None


@pytest.mark.django_db
def test_the_org_page_for_a_big_company_shows_one_level_and_pages_it(client: Client) -> None:
    ceo = PersonFactory.create(name="Ceo")
    for number in range(60):
        make_team(PersonFactory.create(name=f"Manager {number:02}", manager=ceo), 3)
    client.force_login(PersonFactory.create(is_admin=True))
    first = client.get(reverse("insights:org")).content.decode()
    assert escape("Ceo's org") in first
    assert "Manager 00" not in first
    level = client.get(reverse("insights:org") + f"?under={ceo.pk}").content.decode()
    assert escape("Manager 00's org") in level
    assert "Manager 59" not in level
    assert "Page 1 of 2" in level
    assert client.get(reverse("insights:org") + "?under=abc").status_code == 404


def test_recent_meetings_carry_the_report_s_answers_and_points_only_the_shared_ones(
    series: Series,
) -> None:
    manager, report = series.pair.lead, series.pair.member
    first, second = nth(series, 0), nth(series, 1)
    meetings.occurrence_hold(occurrence=first, by=manager, now=first.end)
    for author, text, private in (
        (report, "My path to senior", False),
        (manager, "How are you, really?", False),
        (manager, "Prep: ask about the move", True),  # the manager's own prep is not the agenda
        (report, "Prep: be specific", True),
    ):
        talking_point_add(occurrence=first, author=author, text=text, is_private=private)
    check_in_record(occurrence=first, by=report, score=2)
    rating_record(occurrence=first, by=report, score=4)
    now = second.end + timedelta(hours=1)
    recent = selectors.recent_meetings_by_pair(
        pairs=type(series.pair).objects.filter(pk=series.pair_id), now=now
    )[series.pair_id]
    assert [(m.state, m.check_in, m.rating) for m in recent] == [
        ("held", 2, 4),
        ("scheduled", None, None),
    ]
    points = selectors.recent_points_by_pair(
        pairs=type(series.pair).objects.filter(pk=series.pair_id), now=now
    )[series.pair_id]
    assert [point.by_lead for point in points] == [False, True]
    year_later = now + selectors.RECENT_LOOKBACK
    later = selectors.recent_meetings_by_pair(
        pairs=type(series.pair).objects.filter(pk=series.pair_id), now=year_later
    )[series.pair_id]
    assert later[0].start > first.start  # a year back is as far as the rules read
