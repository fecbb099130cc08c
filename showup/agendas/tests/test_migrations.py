from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from showup.meetings.services import pair_between
from tests.factories import PersonFactory

BEFORE = [("agendas", "0002_talking_point_purpose")]
AFTER = [("agendas", "0003_generic_off_topic_kinds")]
OLD_KINDS = ["code-review", "design-review", "ticket-triage", "status-update", "task-planning", ""]


def migrate(to: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(to)


def points_at(state: list[tuple[str, str]]) -> Any:
    """TalkingPoint as the schema was at that migration: today's model has later columns."""
    return (
        MigrationExecutor(connection)
        .loader.project_state(state)
        .apps.get_model("agendas", "TalkingPoint")
    )


@pytest.fixture(autouse=True)
def every_migration_applied_after() -> Iterator[None]:
    """Going back to 0002 also undoes later migrations of other apps that depend on it:
    the next tests in this process need the whole schema back."""
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_it_renames_the_old_kinds_of_stored_verdicts_and_back() -> None:
    manager = PersonFactory.create()
    pair, _ = pair_between(proposer=manager, other=PersonFactory.create(manager=manager))
    migrate(BEFORE)
    for kind in OLD_KINDS:
        points_at(BEFORE).objects.create(
            pair_id=pair.pk, author_id=manager.pk, text=kind, off_topic_kind=kind
        )

    migrate(AFTER)
    assert dict(points_at(AFTER).objects.values_list("text", "off_topic_kind")) == {
        "code-review": "work-review",
        "design-review": "work-review",
        "ticket-triage": "triage",
        "status-update": "status-update",
        "task-planning": "task-planning",
        "": "",
    }

    migrate(BEFORE)
    old = points_at(BEFORE).objects
    assert old.get(text="ticket-triage").off_topic_kind == "ticket-triage"
    assert old.get(text="design-review").off_topic_kind == "code-review"
    migrate(AFTER)
