"""A company webhook carries team numbers per closed week, and nothing that finds one person.

The receiver is real (127.0.0.1) and every payload is read back from it,
signature checked. One report's cancelled 1:1s are planted in each test; the
company's receiver must never be able to point at them.
"""

import importlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from standardwebhooks import Webhook

from showup.core.jobs import REGISTRY
from showup.insights.company import closed_week_before
from showup.insights.rollups import week_bounds
from showup.integrations.company import SETTLE, company_weeks_tell
from showup.integrations.delivery import deliveries_send_due
from showup.integrations.models import (
    COMPANY_EVENTS,
    EVENTS,
    TEAMS_WEEK,
    Delivery,
    WebhookSubscription,
)
from showup.integrations.services import IntegrationError, subscription_create
from showup.meetings import services as meetings
from showup.meetings.models import Occurrence
from showup.people.models import Person
from showup.people.services import person_update
from tests.factories import PersonFactory, weekly_series
from tests.webhook_receiver import Receiver

NOW = timezone.now()
WEEK = closed_week_before(NOW - SETTLE)
COUNTED = ("held", "skipped", "cancelled", "cancelled_by_manager", "cancelled_late", "missed")


@dataclass
class Company:
    admin: Person
    people: list[Person]
    steady: list[Person]
    planted: list[Person]  # reports whose cancelled 1:1s must never be findable
    subscription: WebhookSubscription
    receiver: Receiver

    def payloads(self) -> list[dict[str, Any]]:
        webhook = Webhook(self.subscription.secret)
        return [webhook.verify(got.body, got.headers) for got in self.receiver.received]

    def weeks(self) -> list[dict[str, Any]]:
        return [told["data"] for told in self.payloads() if told["type"] == TEAMS_WEEK]


def _team(manager_name: str, report_names: list[str]) -> tuple[Person, list[Person]]:
    manager = PersonFactory.create(name=manager_name)
    first_day = WEEK - timedelta(days=14)
    reports = []
    for name in report_names:
        report = PersonFactory.create(name=name, manager=manager)
        weekly_series(manager, report, first_day=first_day, now=NOW - timedelta(days=30))
        reports.append(report)
    return manager, reports


def _in_week(report: Person) -> Occurrence:
    start, end = week_bounds(WEEK)
    found = Occurrence.objects.filter(pair__member=report, start__gte=start, start__lt=end).first()
    assert found is not None
    return found


def _hold(report: Person) -> None:
    occurrence = _in_week(report)
    meetings.occurrence_hold(occurrence=occurrence, by=report, now=occurrence.end)


def _cancel(report: Person, by: Person) -> None:
    occurrence = _in_week(report)
    meetings.occurrence_cancel(
        occurrence=occurrence,
        by=by,
        reason="Planted cancel",
        now=occurrence.start - timedelta(hours=2),
    )


@pytest.fixture
def company(db: None, settings: Any) -> Iterator[Company]:
    """Three teams: three people who held every 1:1; two people; three people of whom one has 1:1s.

    A report in each of the last two cancelled their 1:1 of the week.
    """
    settings.OUTBOUND_ALLOW_PRIVATE = True
    admin = PersonFactory.create(name="Ada Admin", is_admin=True)
    steady_lead, steady = _team("Morgan Lead", ["Ann Steady", "Bo Steady", "Cy Steady"])
    small_lead, small = _team("Pat Small", ["Quinn Planted", "Rae Small"])
    thin_lead, [thin_planted] = _team("Lou Thin", ["Tess Planted"])
    thin_rest = [PersonFactory.create(name=f"Lo {n}", manager=thin_lead) for n in ("Ade", "Bea")]
    for report in [*steady, small[1]]:
        _hold(report)
    _cancel(small[0], by=small[0])
    _cancel(thin_planted, by=thin_lead)
    receiver = Receiver()
    subscription = subscription_create(
        by=admin, company=True, url=receiver.url, events=COMPANY_EVENTS
    )
    people = [admin, steady_lead, *steady, small_lead, *small, thin_lead, thin_planted, *thin_rest]
    yield Company(admin, people, steady, [small[0], thin_planted], subscription, receiver)
    receiver.stop()


def _tell(now: datetime = NOW) -> int:
    queued = company_weeks_tell(now=now)
    deliveries_send_due(worker="company-test")
    return queued


def _counts(row: dict[str, Any]) -> dict[str, int]:
    return {name: row[name] for name in COUNTED}


def _assert_differ_only_by_whole_teams(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Two payloads of one week: a team in both has the same numbers, and the company's
    numbers differ by exactly the teams told in one and not the other, whole."""
    assert before["week"] == after["week"]
    teams_before = {row["team"]: row for row in before["teams"]}
    teams_after = {row["team"]: row for row in after["teams"]}
    for key in teams_before.keys() & teams_after.keys():
        assert _counts(teams_before[key]) == _counts(teams_after[key])
    for name in COUNTED:
        gone = sum(teams_before[k][name] for k in teams_before.keys() - teams_after.keys())
        came = sum(teams_after[k][name] for k in teams_after.keys() - teams_before.keys())
        assert after["company"][name] - before["company"][name] == came - gone


def test_it_tells_each_team_of_three_its_week_and_leaves_out_the_rest(company: Company) -> None:
    assert _tell() == 1
    [week] = company.weeks()
    assert week["week"] == {
        "start": WEEK.isoformat(),
        "end": (WEEK + timedelta(days=6)).isoformat(),
    }
    assert week["reason"] == "week closed"
    [team] = week["teams"]
    assert (team["people"], team["pairs"], team["held"], team["cancelled"]) == (3, 3, 3, 0)
    assert week["left_out"] == {"people": 5}  # the team of two, and three with one 1:1 among them
    assert _counts(week["company"]) == _counts(team)
    assert (week["company"]["teams"], week["company"]["people"]) == (1, 3)


def test_no_company_payload_names_a_pair_an_occurrence_or_a_person(company: Company) -> None:
    # Every kind of pair event happens too: none of them may reach the company.
    ahead = Occurrence.objects.filter(pair__member=company.planted[0], start__gt=NOW).first()
    assert ahead is not None
    meetings.occurrence_cancel(occurrence=ahead, by=company.planted[0], reason="Planted again")
    _tell()
    payloads = company.payloads()
    assert {told["type"] for told in payloads} == set(COMPANY_EVENTS)
    body = json.dumps(payloads)
    for person in company.people:
        assert person.name not in body
        assert person.email not in body
    assert "Planted" not in body
    keys = set(_keys(payloads))
    assert not [key for key in keys if key == "id" or key.endswith("_id") or key == "by"]
    assert keys <= ALLOWED_KEYS
    for week in company.weeks():
        for row in [*week["teams"], week["company"]]:
            assert row["cancelled"] == 0  # the planted cancels are in no number told


ALLOWED_KEYS = {
    "type", "timestamp", "data", "week", "start", "end", "reason", "teams", "team", "people",
    "pairs", "held", "skipped", "cancelled", "cancelled_by_manager", "cancelled_late", "missed",
    "share_cancelled_by_manager", "moved", "over_gap", "company", "left_out",
}  # fmt: skip


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_a_team_of_two_never_appears(company: Company) -> None:
    small_lead = company.planted[0].manager
    assert small_lead is not None
    _tell()
    [week] = company.weeks()
    assert all(team["people"] >= 3 for team in week["teams"])
    assert len(week["teams"]) == 1
    # One of the steady three leaves: their week still has three pairs, but two people is too few.
    _move(company.steady[0], to=company.admin)
    _tell()
    assert company.weeks()[-1]["teams"] == []
    # A third person joins the team of two: that week is still the two people's 1:1s, so it stays out.
    newcomer = PersonFactory.create(name="Nia New", manager=small_lead)
    weekly_series(small_lead, newcomer, first_day=NOW.date(), now=NOW)
    _tell()
    assert company.weeks()[-1]["teams"] == []


def test_subtracting_two_payloads_never_isolates_one_person(company: Company) -> None:
    _tell()
    planted = company.planted[0]
    steady_lead = company.steady[0].manager
    assert steady_lead is not None
    # The planted report joins the steady team: its week was the steady three's, and stays so.
    _move(planted, to=steady_lead)
    assert _tell() == 1
    # One of the steady three leaves: the team is no longer told, as a whole.
    _move(company.steady[0], to=company.admin)
    _tell()
    weeks = company.weeks()
    assert [week["reason"] for week in weeks] == [
        "week closed",
        "numbers changed",
        "numbers changed",
    ]
    assert weeks[1]["teams"][0]["people"] == 4
    assert weeks[2]["teams"] == [team for team in weeks[2]["teams"] if team["pairs"] >= 3]
    for before, after in pairwise(weeks):
        _assert_differ_only_by_whole_teams(before, after)
    for week in weeks:
        assert week["company"]["cancelled"] == 0


def _move(person: Person, *, to: Person) -> None:
    person_update(
        person=person,
        email=person.email,
        name=person.name,
        title=person.title,
        timezone_name=person.timezone,
        manager=to,
        is_admin=person.is_admin,
        by=None,  # moved as the identity provider would move them
    )


def test_a_late_answer_is_told_again_and_nothing_else_is(company: Company) -> None:
    steady_lead = company.steady[0].manager
    assert steady_lead is not None
    late = PersonFactory.create(name="Lee Late", manager=steady_lead)
    weekly_series(
        steady_lead, late, first_day=WEEK - timedelta(days=14), now=NOW - timedelta(days=30)
    )
    assert _tell() == 1
    assert _tell() == 0
    _hold(late)
    assert _tell() == 1
    assert _tell() == 0
    first, second = company.weeks()
    assert (first["teams"][0]["held"], second["teams"][0]["held"]) == (3, 4)
    assert second["reason"] == "numbers changed"


def test_team_keys_differ_between_subscriptions(company: Company) -> None:
    other = Receiver()
    try:
        second = subscription_create(
            by=company.admin, company=True, url=other.url, events=COMPANY_EVENTS
        )
        _tell()
        [mine] = company.weeks()
        [theirs] = [
            told["data"]
            for told in (
                Webhook(second.secret).verify(got.body, got.headers) for got in other.received
            )
        ]
        assert mine["teams"][0]["team"] != theirs["teams"][0]["team"]
        assert _counts(mine["teams"][0]) == _counts(theirs["teams"][0])
    finally:
        other.stop()


@pytest.mark.django_db
def test_a_personal_subscription_cannot_take_the_company_event() -> None:
    person = PersonFactory.create()
    with pytest.raises(IntegrationError):
        subscription_create(
            by=person, company=False, url="https://example.com/hook", events=COMPANY_EVENTS
        )


def test_existing_company_subscriptions_move_to_team_numbers(company: Company) -> None:
    old = WebhookSubscription.objects.create(
        owner=None, created_by=company.admin, url=company.receiver.url, events=EVENTS, secret="s"
    )
    Delivery.objects.create(
        public_id="msg_1",
        queue=old.queue,
        subscription=old,
        event="occurrence.cancelled",
        body="{}",
    )
    Delivery.objects.create(
        public_id="msg_2", queue=old.queue, subscription=old, event="webhook.test", body="{}"
    )
    migration = importlib.import_module("showup.integrations.migrations.0002_company_team_numbers")
    migration.move_company_subscriptions(django_apps, None)
    old.refresh_from_db()
    assert old.events == [TEAMS_WEEK]
    assert old.moved_to_team_numbers_at is not None
    assert list(old.deliveries.values_list("event", flat=True)) == ["webhook.test"]


def test_a_moved_subscription_says_so_on_its_pages(company: Company, client: Any) -> None:
    client.force_login(company.admin)
    before = client.get(reverse("integrations:company-webhooks")).content.decode()
    assert "were moved to the new event" not in before
    WebhookSubscription.objects.update(moved_to_team_numbers_at=NOW)
    pages = [
        client.get(reverse("integrations:company-webhooks")).content.decode(),
        client.get(
            reverse("integrations:webhook", args=[company.subscription.pk])
        ).content.decode(),
    ]
    assert "were moved to the new event" in pages[0]
    assert "Moved on" in pages[1]


def test_the_worker_tells_the_weeks() -> None:
    assert "integrations.company-weeks" in REGISTRY
