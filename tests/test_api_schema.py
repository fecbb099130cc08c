"""schemathesis runs the OpenAPI document against the app: no 5xx, and every answer matches the document.

The app is called in-process through WSGI, on the test database (SQLite or
PostgreSQL, whichever the suite runs on), with a real write token and a
seeded 1:1. Half the generated requests name the seeded pair's real ids,
so the fuzzer reaches the code behind the 404s.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings, strategies
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from showup.actions.services import action_add
from showup.agendas.services import talking_point_add
from showup.feedback.services import feedback_give
from showup.notes.services import note_save
from tests.api_world import ApiWorld, api_world

# Examples per operation and mode: enough to find a crash in the parsing and
# refusal paths, few enough that the whole run stays well under a minute.
EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def seeded_ids(world: ApiWorld) -> dict[str, Any]:
    here = world.next
    point = talking_point_add(
        occurrence=here, author=world.report, text="How is the team?", is_private=False
    )
    talking_point_add(occurrence=here, author=world.report, text="My prep", is_private=True)
    note_save(occurrence=here, by=world.report, private=False, body="Notes", base_version=0)
    item = action_add(
        occurrence=here, by=world.report, owner=world.manager, text="Do", due_on=None
    )
    feedback = feedback_give(
        pair=world.series.pair, giver=world.report, kind="praise", text="Thanks"
    )
    return {
        "pair_id": world.series.pair_id,
        "series_id": world.series.pk,
        "occurrence_id": here.pk,
        "point_id": point.pk,
        "item_id": item.pk,
        "feedback_id": feedback.pk,
    }


def fuzz(
    operation: Any, mode: GenerationMode, headers: dict[str, str], ids: dict[str, Any]
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode), real_ids=strategies.booleans())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, real_ids: bool) -> None:
        if real_ids and case.path_parameters:
            case.path_parameters = {
                name: ids.get(name, value) for name, value in case.path_parameters.items()
            }
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """The real WSGI app on the test's connection: Django's test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_every_operation_answers_within_its_document(settings: Any, wsgi_app: Any) -> None:
    settings.API_RATE_LIMIT = 1_000_000  # the rate limit has its own tests
    world = api_world()
    ids = seeded_ids(world)
    headers = {"Authorization": f"Bearer {world.client('report').secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 22
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode, headers, ids)
