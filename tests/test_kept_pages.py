"""Kept pages cannot go stale: what they read is declared once, the database keeps every stamp of it.

meetings/stamped.py declares the tables; these tests hold the database's
triggers to that list, every model linked to a pair to it (stamped, or set
aside with a reason), and the pages themselves to showing a change at once.
"""

import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.meetings import stamped
from showup.meetings.models import Series
from tests.factories import PersonFactory, weekly_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=1))


def _stamp_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall() if "_stamp" in row[0]}


def _declared_triggers() -> set[str]:
    person = {"people_person"}
    if connection.vendor == "sqlite":
        events = ("insert", "update", "delete")
        return (
            {f"{table}_stamp_{event}" for table in stamped.PAIR_TABLES for event in events}
            | {"people_person_stamp_update"}
            | {f"people_person_org_stamp_{event}" for event in events}
        )
    return {f"{table}_stamp" for table in [*stamped.PAIR_TABLES, *person]} | {
        "people_person_org_stamp"
    }


def test_the_database_stamps_exactly_the_declared_tables() -> None:
    """A table added to the declaration without a migration, or a trigger lost, fails here."""
    assert _stamp_triggers() == _declared_triggers()


def test_the_database_raises_the_shared_stamp_on_exactly_the_declared_tables() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        found = {row[0] for row in cursor.fetchall() if "_shared_" in row[0]}
    events = ("insert", "update", "delete")
    assert found == {
        f"{table}_shared_{event}" for table in stamped.SHARED_TABLES for event in events
    }


def _linked_to_a_pair(model: Any, tables: set[str]) -> bool:
    return any(
        field.many_to_one and field.concrete and field.related_model._meta.db_table in tables
        for field in model._meta.get_fields()
    )


def test_every_model_linked_to_a_pair_is_stamped_or_set_aside_with_a_reason() -> None:
    tables = set(stamped.PAIR_TABLES)
    unstamped = [
        model._meta.db_table
        for model in apps.get_models()
        if _linked_to_a_pair(model, tables)
        and model._meta.db_table not in tables
        and model._meta.db_table not in stamped.NOT_ON_KEPT_PAGES
    ]
    assert unstamped == [], "add these to meetings/stamped.py (and a migration), or say why not"
    assert all(reason.strip() for reason in stamped.NOT_ON_KEPT_PAGES.values())


def test_the_pair_page_shows_new_rhythms_at_once(series: Series) -> None:
    client = Client()
    client.force_login(series.pair.lead)
    url = reverse("pages:pair", args=[series.pair_id])
    assert _rhythms(client.get(url).content.decode()) != ("21", "120")
    saved = client.post(
        reverse("meetings:pair-rhythms", args=[series.pair_id]),
        {"feedback_days": "21", "career_days": "120"},
        follow=True,
    )
    page = saved.content.decode()
    assert "Rhythms saved." in page
    assert _rhythms(page) == ("21", "120")


def _rhythms(page: str) -> tuple[str, str]:
    found = [
        re.search(rf'name="{name}"[^>]*value="(\d+)"', page)
        for name in ("feedback_days", "career_days")
    ]
    assert all(found)
    return found[0].group(1), found[1].group(1)  # type: ignore[union-attr]


def test_home_shows_the_time_of_now_not_of_when_it_was_kept(
    series: Series, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, reader = Client(), series.pair.lead
    client.force_login(reader)
    first = timezone.now()
    for moment in (first, first + timedelta(minutes=7)):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        shown = moment.astimezone(ZoneInfo(reader.timezone)).strftime("%H:%M")
        assert (
            f"{shown} in {reader.timezone}" in client.get(reverse("pages:home")).content.decode()
        )
