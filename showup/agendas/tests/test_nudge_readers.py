"""The guard nudges a point's author alone: the 1:1 page and the API tell the other person nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from showup.agendas.services import talking_point_add
from tests.api_world import ApiWorld, api_world

NUDGE_TEXT = "This looks like a review of a piece of work"


@pytest.fixture
def world(db: None) -> ApiWorld:
    return api_world()


def _page(world: ApiWorld, role: str) -> str:
    client = Client()
    client.force_login(world.person(role))
    return client.get(reverse("pages:occurrence", args=[world.next.pk])).content.decode()


def _api_nudges(world: ApiWorld, role: str) -> list[str | None]:
    agenda = world.client(role).get(f"/api/v1/occurrences/{world.next.pk}/agenda").json()
    return [point["nudge"] for point in agenda]


def test_only_the_author_is_nudged_on_the_page_and_through_the_api(world: ApiWorld) -> None:
    point = talking_point_add(
        occurrence=world.next, author=world.report, text="Review my PR #482", is_private=False
    )
    assert point.off_topic_kind == "work-review"
    assert NUDGE_TEXT in _page(world, "report")
    assert _api_nudges(world, "report") == ["work-review"]
    assert NUDGE_TEXT not in _page(world, "manager")
    assert _api_nudges(world, "manager") == [None]
