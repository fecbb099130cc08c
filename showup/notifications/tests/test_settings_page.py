"""The Reminders page offers each person what Showup can send them, and no more."""

from typing import Any

import pytest
from django.urls import reverse

from showup.notifications.models import Preference
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_monday_digest_is_offered_to_people_with_reports_only(sign_in: Any) -> None:
    manager = PersonFactory.create()
    report = PersonFactory.create(manager=manager)
    assert (
        "Monday digest" in sign_in(manager).get(reverse("notifications:settings")).content.decode()
    )
    assert "digest" not in sign_in(report).get(reverse("notifications:settings")).content.decode()


def test_saving_without_the_digest_field_keeps_its_value(sign_in: Any) -> None:
    report = PersonFactory.create(manager=PersonFactory.create())
    Preference.objects.create(person=report, digest_enabled=True)
    answer = sign_in(report).post(
        reverse("notifications:settings"),
        {
            "before_enabled": "on",
            "before_hours": "24",
            "invitations_enabled": "",
            "once": "k" * 24,
        },
    )
    assert answer.status_code == 302
    assert Preference.objects.get(person=report).digest_enabled is True


def test_the_page_says_why_no_invitations_come_while_the_calendar_is_synced(sign_in: Any) -> None:
    from showup.calendars.models import Connection

    person = PersonFactory.create()
    assert (
        "synced two-way"
        not in sign_in(person).get(reverse("notifications:settings")).content.decode()
    )
    Connection.objects.create(
        person=person, calendar_url="https://dav.example.com/", credentials="x"
    )
    assert (
        "synced two-way" in sign_in(person).get(reverse("notifications:settings")).content.decode()
    )
