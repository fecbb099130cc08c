"""The upgrade to one event per series keeps the UIDs calendars already hold, and rolls back."""

from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from showup.meetings.models import Series
from showup.meetings.schedule import Schedule
from showup.meetings.services import series_change
from tests.factories import PersonFactory, weekly_series

BEFORE = [
    ("meetings", "0007_stamp_declared_tables"),
    ("invitations", "0002_delivery"),
    ("calendars", "0002_credentials_own_key"),
]


def migrate(to: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(to)


def leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def model_at(state: list[tuple[str, str]], app: str, name: str) -> Any:
    return MigrationExecutor(connection).loader.project_state(state).apps.get_model(app, name)


@pytest.fixture(autouse=True)
def every_migration_applied_after() -> Iterator[None]:
    yield
    migrate(leaves())


@pytest.mark.django_db(transaction=True)
def test_a_chain_s_thread_goes_to_its_newest_series_with_its_uid() -> None:
    manager = PersonFactory.create()
    first = weekly_series(
        manager, PersonFactory.create(manager=manager), first_day=date(2030, 3, 4)
    )
    changed = series_change(
        series=first,
        schedule=Schedule(
            rule="FREQ=WEEKLY;BYDAY=TH", first_day=date(2030, 4, 4), at=time(10), timezone="UTC"
        ),
        by=manager,
        from_day=date(2030, 4, 1),
    )
    migrate(BEFORE)
    thread = model_at(BEFORE, "invitations", "InvitationThread").objects.create(
        root_id=first.pk, uid="legacy-thread@example.com", sequence=4
    )
    links = model_at(BEFORE, "invitations", "ThreadSeries").objects
    links.create(series_id=first.pk, thread_id=thread.pk)
    links.create(series_id=changed.pk, thread_id=thread.pk)

    migrate(leaves())
    uids = dict(Series.objects.values_list("pk", "calendar_uid"))
    # The calendars holding the invitations' event keep it, now the newest series'.
    assert uids[changed.pk] == "legacy-thread@example.com"
    # The older one keeps the UID the feed and CalDAV gave it.
    assert uids[first.pk] == f"series-{first.pk}@127.0.0.1"
    after = model_at(leaves(), "invitations", "InvitationThread").objects.get()
    assert (after.series_id, after.sequence) == (changed.pk, 4)

    migrate(BEFORE)
    rolled_back = model_at(BEFORE, "invitations", "InvitationThread").objects.get()
    assert (rolled_back.root_id, rolled_back.uid) == (changed.pk, "legacy-thread@example.com")
