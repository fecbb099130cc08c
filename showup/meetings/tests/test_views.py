from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.meetings import services
from showup.meetings.models import Occurrence, Pair, Series
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series
from tests.html import main_text

State = Occurrence.State


@pytest.fixture
def director(db: None) -> Person:
    return PersonFactory.create(name="Dana Director", timezone="Europe/Berlin")


@pytest.fixture
def manager(director: Person) -> Person:
    return PersonFactory.create(name="Max Manager", manager=director, timezone="Europe/Berlin")


@pytest.fixture
def report(manager: Person) -> Person:
    return PersonFactory.create(name="Riley Report", manager=manager, timezone="America/New_York")


@pytest.fixture
def series(manager: Person, report: Person) -> Series:
    """A weekly series that started four weeks ago, so it has a past and a future."""
    start = timezone.now() - timedelta(weeks=4)
    return weekly_series(manager, report, first_day=start.date(), now=start)


def past(series: Series) -> Occurrence:
    occurrence = series.occurrences.filter(end__lt=timezone.now()).order_by("-start").first()
    assert occurrence is not None
    return occurrence


def ahead(series: Series, n: int = 1) -> Occurrence:
    return series.occurrences.filter(start__gt=timezone.now() + timedelta(hours=1)).order_by(
        "start"
    )[n]


def outsiders(director: Person) -> dict[str, Person]:
    return {
        "stranger": PersonFactory.create(name="Sam Stranger"),
        "admin": PersonFactory.create(name="Ada Admin", is_admin=True),
        "skip-level manager": director,
    }


def pair_urls(series: Series) -> list[tuple[str, str]]:
    occurrence = ahead(series)
    return [
        ("get", reverse("pages:pair", args=[series.pair_id])),
        ("get", reverse("meetings:pair-next", args=[series.pair_id])),
        ("get", reverse("meetings:series-change", args=[series.pk])),
        ("post", reverse("meetings:series-pause", args=[series.pk])),
        ("get", reverse("meetings:series-resume", args=[series.pk])),
        ("post", reverse("meetings:series-end", args=[series.pk])),
        ("post", reverse("meetings:series-accept", args=[series.pk])),
        ("post", reverse("meetings:series-decline", args=[series.pk])),
        ("get", reverse("pages:occurrence", args=[occurrence.pk])),
        ("post", reverse("meetings:occurrence-hold", args=[occurrence.pk])),
        ("post", reverse("meetings:occurrence-skip", args=[occurrence.pk])),
        ("post", reverse("meetings:occurrence-missed", args=[occurrence.pk])),
        ("post", reverse("meetings:occurrence-restore", args=[occurrence.pk])),
        ("get", reverse("meetings:occurrence-cancel", args=[occurrence.pk])),
        ("post", reverse("meetings:occurrence-cancel", args=[occurrence.pk])),
        ("get", reverse("meetings:occurrence-reschedule", args=[occurrence.pk])),
        ("post", reverse("meetings:occurrence-reschedule", args=[occurrence.pk])),
        ("get", reverse("meetings:occurrence-invite", args=[occurrence.pk])),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "admin", "skip-level manager"])
def test_nobody_outside_the_pair_reaches_any_of_its_pages(
    client: Client, series: Series, director: Person, who: str
) -> None:
    client.force_login(outsiders(director)[who])
    for method, url in pair_urls(series):
        response = getattr(client, method)(
            url, {"reason": "x", "day": "2030-01-01", "at": "10:00"}
        )
        assert response.status_code == 404, (who, url)
    assert Series.objects.get(pk=series.pk).status == Series.Status.ACTIVE
    assert not series.occurrences.exclude(state=State.SCHEDULED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "admin", "skip-level manager"])
def test_nobody_outside_the_pair_sees_it_on_their_home_page(
    client: Client, series: Series, director: Person, who: str
) -> None:
    client.force_login(outsiders(director)[who])
    assert "Riley Report" not in main_text(client.get(reverse("pages:home")))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["manager", "report"])
def test_both_people_see_the_pair_and_its_occurrences(
    client: Client, series: Series, who: str
) -> None:
    client.force_login(series.pair.lead if who == "manager" else series.pair.member)
    assert client.get(reverse("pages:pair", args=[series.pair_id])).status_code == 200
    assert client.get(reverse("pages:occurrence", args=[ahead(series).pk])).status_code == 200


def add_history(series: Series, weeks: int) -> None:
    """Pushes the series' start back by `weeks`, holding every past 1:1."""
    start = timezone.now() - timedelta(weeks=weeks)
    series.occurrences.all().delete()
    Series.objects.filter(pk=series.pk).update(
        first_start=series.first_start.replace(year=start.year, month=start.month, day=start.day)
    )
    series.refresh_from_db()
    services.series_keep_window(series=series)
    series.occurrences.filter(end__lt=timezone.now()).update(
        state=State.HELD, outcome_by=series.pair.lead, outcome_at=timezone.now()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [10, 150])
def test_pages_run_the_same_queries_however_long_the_history(
    client: Client, series: Series, weeks: int, django_assert_num_queries: Any
) -> None:
    add_history(series, weeks)
    client.force_login(series.pair.lead)
    occurrence = past(series)
    budget = {
        reverse(
            "pages:home"
        ): 16,  # the gap rule's two (meetings/gaps.py), the calendar's questions
        reverse("pages:pair", args=[series.pair_id]): 11,
        reverse("pages:occurrence", args=[occurrence.pk]): 23,
        reverse("pages:person", args=[series.pair.member_id]): 7,
    }
    for url, queries in budget.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_home_page_shows_next_1_1s_outcomes_to_record_and_the_team(
    client: Client, series: Series, manager: Person
) -> None:
    PersonFactory.create(name="Nora Noseries", manager=manager)
    client.force_login(manager)
    html = main_text(client.get(reverse("pages:home")))
    assert "Next 1:1s" in html
    assert "Did it happen?" in html
    assert "Riley Report" in html
    assert "Nora Noseries" in html
    assert "No 1:1 series" in html
    assert "No 1:1 with Riley Report for" in html  # four weeks, nothing held


@pytest.mark.django_db
def test_a_manager_sets_up_a_series_from_the_form(client: Client, manager: Person) -> None:
    report = PersonFactory.create(name="New Report", manager=manager)
    client.force_login(manager)
    url = reverse("meetings:series-new") + f"?with={report.pk}"
    assert "Set up a 1:1 with New Report" in main_text(client.get(url))
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        url,
        {
            "cadence": "biweekly",
            "first_day": day,
            "at": "09:30",
            "timezone": "Europe/Berlin",
            "duration_minutes": "45",
            "location": "Room 4",
            "relation": "peer",
        },
    )
    series = Series.objects.get(pair__member=report)
    assert response.status_code == 302
    assert (series.status, series.duration_minutes, series.location, series.max_gap_days) == (
        "active",
        45,
        "Room 4",
        28,
    )
    assert series.rule.startswith("FREQ=WEEKLY;INTERVAL=2;BYDAY=")


@pytest.mark.django_db
def test_bad_schedule_input_is_explained_and_changes_nothing(
    client: Client, manager: Person
) -> None:
    report = PersonFactory.create(manager=manager)
    client.force_login(manager)
    url = reverse("meetings:series-new") + f"?with={report.pk}"
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        url,
        {
            "cadence": "custom",
            "custom_rule": "FREQ=SOMETIMES",
            "first_day": yesterday,
            "at": "25:00",
            "timezone": "Mars/Base",
            "duration_minutes": "7",
        },
    )
    html = main_text(response)
    assert response.status_code == 200
    for message in (
        "Pick today or a later date.",
        "Enter a valid time.",
        "Select a valid choice.",
    ):
        assert message in html
    assert not Series.objects.exists()
    assert not Pair.objects.exists()


@pytest.mark.django_db
def test_a_report_proposes_and_it_shows_on_the_manager_s_home(
    client: Client, manager: Person, report: Person
) -> None:
    client.force_login(report)
    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    client.post(
        reverse("meetings:series-new") + f"?with={manager.pk}",
        {
            "cadence": "weekly",
            "first_day": day,
            "at": "10:00",
            "timezone": "Europe/Berlin",
            "duration_minutes": "30",
        },
    )
    series = Series.objects.get()
    assert series.status == Series.Status.PROPOSED
    client.force_login(manager)
    assert "Riley Report</strong> proposed a 1:1" in main_text(client.get(reverse("pages:home")))
    client.post(reverse("meetings:series-accept", args=[series.pk]))
    assert Series.objects.get().status == Series.Status.ACTIVE


@pytest.mark.django_db
def test_cancelling_offers_to_reschedule_first(
    client: Client, series: Series, report: Person
) -> None:
    client.force_login(report)
    occurrence = ahead(series)
    html = main_text(client.get(reverse("meetings:occurrence-cancel", args=[occurrence.pk])))
    assert html.index("Could you move it instead?") < html.index("Cancel this 1:1")
    client.post(reverse("meetings:occurrence-cancel", args=[occurrence.pk]), {"reason": "Sick"})
    occurrence.refresh_from_db()
    assert (occurrence.state, occurrence.outcome_by, occurrence.outcome_note) == (
        State.CANCELLED,
        report,
        "Sick",
    )
    assert "Cancelled by <strong>Riley Report</strong>" in main_text(
        client.get(reverse("pages:occurrence", args=[occurrence.pk]))
    )


@pytest.mark.django_db
def test_rescheduling_takes_the_time_in_the_reader_s_zone(
    client: Client, series: Series, report: Person
) -> None:
    client.force_login(report)  # America/New_York
    occurrence = ahead(series)
    day = (occurrence.start + timedelta(days=1)).date().isoformat()
    client.post(
        reverse("meetings:occurrence-reschedule", args=[occurrence.pk]),
        {"day": day, "at": "08:15", "reason": ""},
    )
    occurrence.refresh_from_db()
    assert (
        occurrence.start.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M")
        == f"{day} 08:15"
    )


@pytest.mark.django_db
def test_quick_answers_on_the_home_page_record_the_outcome(
    client: Client, series: Series, report: Person
) -> None:
    client.force_login(report)
    occurrence = past(series)
    response = client.post(
        reverse("meetings:occurrence-hold", args=[occurrence.pk]), {"back": "home"}
    )
    assert response["Location"] == reverse("pages:home")
    assert Occurrence.objects.get(pk=occurrence.pk).state == State.HELD


@pytest.mark.django_db
def test_a_refused_change_says_why_and_changes_nothing(
    client: Client, series: Series, report: Person
) -> None:
    client.force_login(report)
    occurrence = ahead(series)
    response = client.post(reverse("meetings:occurrence-hold", args=[occurrence.pk]), follow=True)
    assert "has not started yet" in main_text(response)
    assert Occurrence.objects.get(pk=occurrence.pk).state == State.SCHEDULED


@pytest.mark.django_db
def test_pausing_resuming_and_ending_from_the_pair_page(
    client: Client, series: Series, manager: Person
) -> None:
    client.force_login(manager)
    client.post(reverse("meetings:series-pause", args=[series.pk]))
    assert Series.objects.get(pk=series.pk).status == Series.Status.PAUSED
    client.post(
        reverse("meetings:series-resume", args=[series.pk]),
        {"from_day": (date.today() + timedelta(days=1)).isoformat()},
    )
    resumed = Series.objects.get(replaces=series)
    assert resumed.status == Series.Status.ACTIVE
    client.post(reverse("meetings:series-end", args=[resumed.pk]))
    assert Series.objects.get(pk=resumed.pk).status == Series.Status.ENDED
    html = main_text(client.get(reverse("pages:pair", args=[series.pair_id])))
    assert "ended the 1:1" in html
    assert "paused the 1:1" in html


@pytest.mark.django_db
def test_marking_a_1_1_ahead_held_answers_with_why_at_once(
    client: Client, series: Series, report: Person
) -> None:
    client.force_login(report)
    occurrence = ahead(series)
    response = client.post(reverse("meetings:occurrence-hold", args=[occurrence.pk]))
    assert response.status_code == 409
    assert "has not started yet" in main_text(response)
    assert Occurrence.objects.get(pk=occurrence.pk).state == State.SCHEDULED


@pytest.mark.django_db
def test_a_series_paused_before_it_began_suggests_resuming_on_its_first_day(
    client: Client, manager: Person, report: Person
) -> None:
    first_day = date.today() + timedelta(days=20)
    series = weekly_series(manager, report, first_day=first_day)
    client.force_login(manager)
    client.post(reverse("meetings:series-pause", args=[series.pk]))
    page = client.get(reverse("meetings:series-resume", args=[series.pk])).content.decode()
    assert f'value="{first_day.isoformat()}"' in page
