from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from showup.agendas.models import TalkingPoint
from showup.meetings.services import pair_between
from tests.factories import PersonFactory

BEFORE = [("agendas", "0002_talking_point_purpose")]
AFTER = [("agendas", "0003_generic_off_topic_kinds")]
OLD_KINDS = ["code-review", "design-review", "ticket-triage", "status-update", "task-planning", ""]


def migrate(to: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(to)


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
    # The migration changes data only, so today's model writes the old rows.
    for kind in OLD_KINDS:
        TalkingPoint.objects.create(pair=pair, author=manager, text=kind, off_topic_kind=kind)

    migrate(AFTER)
    assert dict(TalkingPoint.objects.values_list("text", "off_topic_kind")) == {
        "code-review": "work-review",
        "design-review": "work-review",
        "ticket-triage": "triage",
        "status-update": "status-update",
        "task-planning": "task-planning",
        "": "",
    }

    migrate(BEFORE)
    assert TalkingPoint.objects.get(text="ticket-triage").off_topic_kind == "ticket-triage"
    assert TalkingPoint.objects.get(text="design-review").off_topic_kind == "code-review"
    migrate(AFTER)
