"""The privacy contract through the JSON API: every endpoint, every kind of content, every reader.

Endpoints are read from the OpenAPI document itself, so an endpoint added
later is covered (or this test fails until it is told how to call it).
"""

import hashlib
import itertools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.utils import timezone

from showup.actions.services import action_add
from showup.agendas.services import talking_point_add
from showup.api.api import api
from showup.api.models import AccessToken
from showup.api.services import token_issue
from showup.careers.services import milestone_add, plan_update
from showup.core.models import FormKey, JobRun
from showup.feedback.services import feedback_give
from showup.insights.services import check_in_record
from showup.notes.services import note_save
from showup.people.models import Person
from showup.performance.services import (
    observation_raise,
    observation_record,
    review_create,
    review_share,
    review_update,
)
from tests.api_world import ApiWorld, TokenClient, api_world
from tests.factories import PersonFactory

# One word per kind of content, so that a leak names what leaked.
SHARED = {
    "shared talking point": "APISHAREDPOINT",
    "shared note": "APISHAREDNOTE",
    "action item": "APISHAREDACTION",
    "feedback": "APISHAREDFEEDBACK",
    "raised observation": "APIRAISEDOBSERVATION",
    "career plan": "APICAREERPLAN",
    "milestone": "APIMILESTONE",
    "shared review": "APISHAREDREVIEW",
}
REPORT_PRIVATE = {
    "report's private talking point": "APIREPORTPRIVATEPOINT",
    "report's private note": "APIREPORTPRIVATENOTE",
}
MANAGER_PRIVATE = {
    "manager's private talking point": "APIMANAGERPRIVATEPOINT",
    "manager's private note": "APIMANAGERPRIVATENOTE",
    "unraised observation": "APIUNRAISEDCONCERN",
    "draft review": "APIDRAFTREVIEW",
}
EVERYTHING = {**SHARED, **REPORT_PRIVATE, **MANAGER_PRIVATE}
# A valid body for every endpoint that writes: refusals must come from privacy, not from bad input.
WRITE_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/occurrences/{occurrence_id}/points"): {"text": "Hello"},
    ("patch", "/occurrences/{occurrence_id}/points/{point_id}"): {"text": "Hi", "version": 1},
    ("post", "/occurrences/{occurrence_id}/points/{point_id}/move"): {"direction": "up"},
    ("post", "/occurrences/{occurrence_id}/points/{point_id}/discussed"): {"discussed": True},
    ("put", "/occurrences/{occurrence_id}/notes/{which}"): {"body": "Hi", "version": 1},
    ("post", "/occurrences/{occurrence_id}/actions"): {"text": "Do it"},
    ("post", "/actions/{item_id}/done"): {"done": True},
    ("post", "/pairs/{pair_id}/feedback"): {"kind": "praise", "text": "Thanks"},
    ("put", "/occurrences/{occurrence_id}/check-in"): {"score": 3},
    ("put", "/occurrences/{occurrence_id}/rating"): {"score": 3},
}
UNWATCHED = {Session, FormKey, JobRun, AccessToken}


@dataclass
class Secrets:
    world: ApiWorld
    ids: dict[str, list[Any]]


@pytest.fixture
def secrets(db: None) -> Secrets:
    world = api_world()
    manager, report, pair = world.manager, world.report, world.series.pair
    here = world.next

    def point(author: Person, kind: str, private: bool) -> int:
        return talking_point_add(
            occurrence=here, author=author, text=EVERYTHING[kind], is_private=private
        ).pk

    points = [
        point(report, "shared talking point", False),
        point(report, "report's private talking point", True),
        point(manager, "manager's private talking point", True),
    ]
    for author, kind, private in [
        (manager, "shared note", False),
        (report, "report's private note", True),
        (manager, "manager's private note", True),
    ]:
        note_save(
            occurrence=here, by=author, private=private, body=EVERYTHING[kind], base_version=0
        )
    item = action_add(
        occurrence=here, by=report, owner=manager, text=SHARED["action item"], due_on=None
    )
    feedback = feedback_give(pair=pair, giver=report, kind="praise", text=SHARED["feedback"])
    raised = observation_record(
        pair=pair,
        by=manager,
        kind="strength",
        text=SHARED["raised observation"],
        now=world.past.start,
    )
    observation_raise(observation=raised, by=manager, occurrence=world.past, now=timezone.now())
    observation_record(
        pair=pair, by=manager, kind="concern", text=MANAGER_PRIVATE["unraised observation"]
    )
    plan_update(
        pair=pair,
        by=report,
        aspiration="manager",
        target_role="Lead",
        horizon="2 years",
        notes=SHARED["career plan"],
    )
    milestone_add(pair=pair, by=report, title=SHARED["milestone"], due_on=None)
    _reviews(world)
    check_in_record(occurrence=here, by=report, score=2)
    ids: dict[str, list[Any]] = {
        "pair_id": [pair.pk],
        "series_id": [world.series.pk],
        "occurrence_id": [world.past.pk, here.pk],
        "point_id": points,
        "item_id": [item.pk],
        "feedback_id": [feedback.pk],
        "which": ["shared", "private"],
    }
    return Secrets(world=world, ids=ids)


def _reviews(world: ApiWorld) -> None:
    since = world.past.start.date()
    shared = review_create(
        pair=world.series.pair,
        by=world.manager,
        period_start=since,
        period_end=timezone.localdate(),
    )
    review_update(review=shared, by=world.manager, summary=SHARED["shared review"], rating=4)
    review_share(review=shared, by=world.manager, now=timezone.now() + timedelta(days=30))
    draft = review_create(
        pair=world.series.pair,
        by=world.manager,
        period_start=since,
        period_end=timezone.localdate(),
    )
    review_update(
        review=draft, by=world.manager, summary=MANAGER_PRIVATE["draft review"], rating=3
    )


def operations() -> list[tuple[str, str, list[str]]]:
    """(method, path under /api/v1, path parameters) for every operation in the OpenAPI document."""
    found = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            found.append((method, path.removeprefix("/api/v1"), names))
    return found


def urls(path: str, names: list[str], ids: dict[str, list[Any]]) -> list[str]:
    """The path with every combination of the world's ids."""
    choices = [ids[name] for name in names]
    return [
        "/api/v1" + path.format(**dict(zip(names, values, strict=True)))
        for values in itertools.product(*choices)
    ]


def read_everything(api_client: TokenClient, ids: dict[str, list[Any]]) -> str:
    """Everything the caller's token can read through every GET endpoint and every search."""
    seen = []
    for method, path, names in operations():
        if method != "get":
            continue
        for url in urls(path, names, ids):
            for query in ({"limit": "100", "state": "all"}, {"limit": "100", "when": "ahead"}):
                seen.append(api_client.get(url, query).content.decode())
    for word in ["api", *EVERYTHING.values()]:
        seen.append(api_client.get("/api/v1/search", {"q": word, "limit": "100"}).content.decode())
    return "\n".join(seen)


def snapshot() -> str:
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model not in UNWATCHED:
            for row in model._default_manager.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()


def outsider(secrets: Secrets, who: str) -> TokenClient:
    world = secrets.world
    if who != "new manager":
        return world.client(who)
    # The report moved on: their new manager starts with no history of the old pair.
    new_manager = PersonFactory.create(name="Nia Newmanager")
    world.report.manager = new_manager
    world.report.save(update_fields=["manager"])
    issued = token_issue(
        person=new_manager, name="new", scope="write", expires_in_days=7, now=timezone.now()
    )
    return TokenClient(issued.secret)


@pytest.mark.parametrize("who", ["stranger", "admin", "director", "new manager"])
def test_outsiders_get_404_everywhere_in_the_pair_and_read_nothing(
    secrets: Secrets, who: str
) -> None:
    api_client = outsider(secrets, who)
    before = snapshot()
    for method, path, names in operations():
        if not names:
            continue
        body = WRITE_BODIES.get((method, path)) if method != "get" else None
        assert method == "get" or body is not None, f"no body for {method} {path}: add one"
        for url in urls(path, names, secrets.ids):
            assert api_client.send(method, url, body).status_code == 404, (who, method, url)
    assert snapshot() == before
    seen = read_everything(api_client, secrets.ids)
    assert not [kind for kind, word in EVERYTHING.items() if word in seen], who
    assert api_client.get("/api/v1/pairs").json()["count"] == 0


@pytest.mark.parametrize("reader", ["report", "manager"])
def test_each_person_reads_the_shared_and_their_own_private_content_only(
    secrets: Secrets, reader: str
) -> None:
    own, others = (
        (REPORT_PRIVATE, MANAGER_PRIVATE)
        if reader == "report"
        else (MANAGER_PRIVATE, REPORT_PRIVATE)
    )
    seen = read_everything(secrets.world.client(reader), secrets.ids)
    assert [kind for kind, word in others.items() if word in seen] == []
    assert [kind for kind, word in own.items() if word not in seen] == []
    assert [kind for kind, word in SHARED.items() if word not in seen] == []


def test_the_other_persons_private_point_cannot_be_touched(secrets: Secrets) -> None:
    world = secrets.world
    managers_private = secrets.ids["point_id"][2]
    base = f"/api/v1/occurrences/{world.next.pk}/points/{managers_private}"
    report = world.client("report")
    before = snapshot()
    for method, url, body in [
        ("patch", base, {"text": "Mine now", "version": 1}),
        ("post", f"{base}/move", {"direction": "up"}),
        ("post", f"{base}/discussed", {"discussed": True}),
    ]:
        assert report.send(method, url, body).status_code == 404
    assert snapshot() == before


def test_a_read_tokens_refusal_to_write_says_nothing_about_what_exists(secrets: Secrets) -> None:
    stranger = secrets.world.client("stranger", scope="read")
    real = stranger.send(
        "post", f"/api/v1/occurrences/{secrets.world.next.pk}/points", {"text": "Hi"}
    )
    made_up = stranger.send("post", "/api/v1/occurrences/999999/points", {"text": "Hi"})
    assert (real.status_code, real.json()) == (made_up.status_code, made_up.json())
    assert real.status_code == 403
