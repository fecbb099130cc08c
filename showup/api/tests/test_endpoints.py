"""The API's endpoints do what the pages do, through the same services; bad input changes nothing."""

from typing import Any

import pytest
from django.test import Client

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.feedback.models import Feedback
from showup.notes.models import Note
from tests.api_world import ApiWorld, TokenClient, api_world

V1 = "/api/v1"


@pytest.fixture
def world(db: None) -> ApiWorld:
    return api_world()


@pytest.fixture
def report(world: ApiWorld) -> TokenClient:
    return world.client("report")


def add_point(api: TokenClient, world: ApiWorld, text: str, private: bool = False) -> Any:
    response = api.send(
        "post", f"{V1}/occurrences/{world.next.pk}/points", {"text": text, "private": private}
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_it_lists_the_callers_pairs_and_their_1_1s(world: ApiWorld, report: TokenClient) -> None:
    pairs = report.get(f"{V1}/pairs").json()
    assert [pair["id"] for pair in pairs["items"]] == [world.series.pair_id]
    assert world.client("stranger").get(f"{V1}/pairs").json()["count"] == 0
    pair = report.get(f"{V1}/pairs/{world.series.pair_id}").json()
    assert pair["series"]["id"] == world.series.pk
    past = report.get(f"{V1}/pairs/{world.series.pair_id}/occurrences", {"limit": 2}).json()
    assert past["count"] >= 3
    assert len(past["items"]) == 2
    assert past["items"][0]["id"] == world.past.pk
    assert past["items"][0]["state"] == "held"
    ahead = report.get(f"{V1}/pairs/{world.series.pair_id}/occurrences", {"when": "ahead"})
    assert ahead.json()["items"][0]["id"] == world.next.pk
    series = report.get(f"{V1}/series/{world.series.pk}").json()
    assert series["rule"].startswith("FREQ=WEEKLY")


def test_the_agenda_is_added_to_edited_reordered_and_ticked_off(
    world: ApiWorld, report: TokenClient
) -> None:
    first = add_point(report, world, "How is the new role going?")
    second = add_point(report, world, "What would you like to learn next?")
    base = f"{V1}/occurrences/{world.next.pk}/points/{second['id']}"
    moved = report.send("post", f"{base}/move", {"direction": "up"}).json()
    assert [point["id"] for point in moved] == [second["id"], first["id"]]
    edited = report.send("patch", base, {"text": "What should I learn next?", "version": 1})
    assert edited.json()["version"] == 2
    ticked = report.send("post", f"{base}/discussed", {"discussed": True}).json()
    assert ticked["discussed_at"]
    agenda = report.get(f"{V1}/occurrences/{world.next.pk}/agenda").json()
    assert [point["text"] for point in agenda] == [
        "What should I learn next?",
        "How is the new role going?",
    ]


def test_a_stale_point_edit_answers_409_with_the_point_as_it_is(
    world: ApiWorld, report: TokenClient
) -> None:
    point = add_point(report, world, "Workload")
    url = f"{V1}/occurrences/{world.next.pk}/points/{point['id']}"
    changed = world.client("manager").send("patch", url, {"text": "Workload, again", "version": 1})
    assert changed.status_code == 200
    stale = report.send("patch", url, {"text": "My workload", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current"] == {**stale.json()["current"], "version": 2}
    assert stale.json()["current"]["text"] == "Workload, again"
    assert TalkingPoint.objects.get().text == "Workload, again"


@pytest.mark.parametrize(
    ("text", "status", "says"),
    [
        ("   ", 400, "Write what you want to talk about."),
        ("a\x00b", 400, "control character"),
        ("x" * 501, 400, "Keep a talking point under 500 characters."),
        ("", 422, "at least 1 character"),
    ],
)
def test_a_bad_point_is_refused_with_why_and_changes_nothing(
    world: ApiWorld, report: TokenClient, text: str, status: int, says: str
) -> None:
    response = report.send("post", f"{V1}/occurrences/{world.next.pk}/points", {"text": text})
    assert response.status_code == status
    assert says in str(response.json()["detail"])
    assert not TalkingPoint.objects.exists()


def test_a_body_that_is_not_json_is_refused(world: ApiWorld, report: TokenClient) -> None:
    url = f"{V1}/occurrences/{world.next.pk}/points"
    response = report.generic("POST", url, b"text=hello", content_type="text/plain")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert report.post(url, {"text": "hello"}).status_code == 400  # a multipart form
    assert not TalkingPoint.objects.exists()


def test_a_stale_note_save_answers_409_with_the_current_version(
    world: ApiWorld, report: TokenClient
) -> None:
    url = f"{V1}/occurrences/{world.next.pk}/notes/shared"
    manager = world.client("manager")
    assert (
        manager.send("put", url, {"body": "Agreed: a mentor", "version": 0}).json()["version"] == 1
    )
    stale = report.send("put", url, {"body": "My text", "version": 0})
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == 1
    assert stale.json()["current"]["body"] == "Agreed: a mentor"
    merged = report.send("put", url, {"body": "Agreed: a mentor. My text", "version": 1})
    assert merged.json()["version"] == 2
    notes = manager.get(f"{V1}/occurrences/{world.next.pk}/notes").json()
    assert notes["shared"]["body"] == "Agreed: a mentor. My text"


def test_private_notes_are_their_authors_alone(world: ApiWorld, report: TokenClient) -> None:
    url = f"{V1}/occurrences/{world.next.pk}/notes/private"
    assert (
        report.send("put", url, {"body": "Ask about the raise", "version": 0}).status_code == 200
    )
    mine = report.get(f"{V1}/occurrences/{world.next.pk}/notes").json()
    theirs = world.client("manager").get(f"{V1}/occurrences/{world.next.pk}/notes").json()
    assert mine["private"]["body"] == "Ask about the raise"
    assert theirs["private"] == {**theirs["private"], "body": "", "version": 0}
    assert Note.objects.get().author == world.report


def test_action_items_are_listed_added_and_done(world: ApiWorld, report: TokenClient) -> None:
    added = report.send(
        "post",
        f"{V1}/occurrences/{world.next.pk}/actions",
        {"text": "Book the course", "owner": "other", "due_on": "2030-01-31"},
    )
    assert added.status_code == 201
    item = added.json()
    assert item["commitment"] is True
    assert item["owner"]["id"] == world.manager.pk
    pair_url = f"{V1}/pairs/{world.series.pair_id}/actions"
    assert [entry["id"] for entry in report.get(pair_url).json()["items"]] == [item["id"]]
    done = report.send("post", f"{V1}/actions/{item['id']}/done", {"done": True})
    assert done.json()["done_at"]
    assert report.get(pair_url).json()["count"] == 0
    assert report.get(pair_url, {"state": "done"}).json()["count"] == 1
    bad = report.send(
        "post", f"{V1}/occurrences/{world.next.pk}/actions", {"text": "x", "due_on": "2026-02-30"}
    )
    assert bad.status_code == 422
    assert ActionItem.objects.count() == 1


def test_feedback_is_given_and_read_by_the_pair(world: ApiWorld, report: TokenClient) -> None:
    url = f"{V1}/pairs/{world.series.pair_id}/feedback"
    given = report.send("post", url, {"kind": "suggestion", "text": "Shorter standups, please"})
    assert given.status_code == 201
    assert given.json()["receiver"]["id"] == world.manager.pk
    listed = world.client("manager").get(url).json()
    assert [entry["text"] for entry in listed["items"]] == ["Shorter standups, please"]
    assert report.send("post", url, {"kind": "rant", "text": "x"}).status_code == 422
    assert Feedback.objects.count() == 1


def test_the_report_checks_in_and_rates_and_the_manager_cannot(
    world: ApiWorld, report: TokenClient
) -> None:
    check_in = f"{V1}/occurrences/{world.next.pk}/check-in"
    assert report.send("put", check_in, {"score": 4}).json()["score"] == 4
    refused = world.client("manager").send("put", check_in, {"score": 1})
    assert refused.status_code == 400
    assert refused.json()["detail"] == "The report answers these, about their own 1:1."
    assert report.send("put", check_in, {"score": 6}).status_code == 422
    not_yet = report.send("put", f"{V1}/occurrences/{world.next.pk}/rating", {"score": 5})
    assert not_yet.json()["detail"] == "Rate a 1:1 once it was held."
    assert (
        report.send("put", f"{V1}/occurrences/{world.past.pk}/rating", {"score": 5}).status_code
        == 200
    )
    seen = world.client("manager").get(f"{V1}/occurrences/{world.past.pk}").json()
    assert seen["rating"] == 5
    assert world.client("manager").get(f"{V1}/occurrences/{world.next.pk}").json()["check_in"] == 4


def test_insights_and_search_answer_for_the_pair(world: ApiWorld, report: TokenClient) -> None:
    add_point(report, world, "Promotion timeline")
    insights = report.get(f"{V1}/pairs/{world.series.pair_id}/insights", {"period": "4w"}).json()
    assert insights["numbers"]["points_by_member"] == 1
    found = report.get(f"{V1}/search", {"q": "promo"}).json()
    assert [hit["text"] for hit in found["items"]] == ["Promotion timeline"]
    assert world.client("manager").get(f"{V1}/search", {"q": "promo"}).json()["count"] == 1
    assert report.get(f"{V1}/search", {"q": ""}).status_code == 422


def test_the_reference_is_the_openapi_document_rendered_with_no_cdn(db: None) -> None:
    browser = Client()
    document = browser.get(f"{V1}/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert f"{V1}/occurrences/{{occurrence_id}}/notes/{{which}}" in document["paths"]
    docs = browser.get(f"{V1}/docs")
    page = docs.content.decode()
    assert docs.status_code == 200
    assert "http://" not in page
    assert "https://" not in page
    assert "default-src 'self'" in docs["Content-Security-Policy"]
    assert '<html lang="en"' in page
    assert page.count("<script") == 2  # the layout's own two, nothing else
    for path, methods in document["paths"].items():  # every route, from the same document
        assert f"<code>{path}</code>" in page
        for method in methods:
            assert f'id="{methods[method]["operationId"]}"' in page
