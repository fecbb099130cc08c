"""Every bad request is a SCIM error with the right status and type, and changes no row."""

from typing import Any

import pytest
from django.test import Client

from showup.people.models import Person
from showup.scim.models import ProvisioningEvent, ScimUser
from showup.scim.tests.conftest import BASE, ENTERPRISE, ERROR, USER, Scim, okta_user
from showup.scim.tokens import token_revoke
from tests.factories import PersonFactory
from tests.urls import all_url_names, placeholder_url

pytestmark = pytest.mark.django_db
MANAGER_PATH = f"{ENTERPRISE}:manager"


def snapshot() -> Any:
    people = list(
        Person.objects.order_by("pk").values_list(
            "pk", "email", "name", "title", "timezone", "manager_id", "is_active", "deactivated_at"
        )
    )
    links = list(ScimUser.objects.order_by("pk").values_list())
    events = list(ProvisioningEvent.objects.order_by("pk").values_list("pk", flat=True))
    return people, links, events


@pytest.fixture
def company(scim: Scim) -> dict[str, str]:
    """A reports to B, B to C; D is deactivated."""
    ids = {}
    ids["c"] = scim.create(**okta_user("c@example.com", "Cee", "Top")).body["id"]
    chief = {ENTERPRISE: {"manager": {"value": ids["c"]}}}
    ids["b"] = scim.create(**okta_user("b@example.com", "Bee", "Mid"), **chief).body["id"]
    middle = {ENTERPRISE: {"manager": {"value": ids["b"]}}}
    ids["a"] = scim.create(**okta_user("a@example.com", "Ay", "Low"), **middle).body["id"]
    gone = {**okta_user("d@example.com", "Dee", "Gone"), "active": False}
    ids["d"] = scim.create(**gone).body["id"]
    return ids


def refused(answer: Any, status: int, scim_type: str | None) -> None:
    assert answer.status == status, answer.body
    assert answer.body["schemas"] == [ERROR]
    assert answer.body["status"] == str(status)
    assert answer.body.get("scimType") == scim_type
    assert answer.headers["Content-Type"] == "application/scim+json"


def user_body(email: str, **extra: Any) -> dict[str, Any]:
    return {"schemas": [USER], **okta_user(email, "New", "Person"), **extra}


def manager(value: str) -> dict[str, Any]:
    return {ENTERPRISE: {"manager": {"value": value}}}


CASES: dict[str, tuple[str, str, Any, int, str | None]] = {
    # name: (method, path with {a}..., body, status, scimType)
    "unknown attribute in a create": (
        "POST",
        "/Users",
        user_body("n@example.com", favouriteColour="blue"),
        400,
        "invalidSyntax",
    ),
    "unknown attribute in a replace": (
        "PUT",
        "/Users/{a}",
        user_body("a@example.com", shoeSize=44),
        400,
        "invalidSyntax",
    ),
    "unknown attribute in a patch path": (
        "PATCH",
        "/Users/{a}",
        [{"op": "replace", "path": "shoeSize", "value": 44}],
        400,
        "invalidPath",
    ),
    "unknown attribute in a patch value": (
        "PATCH",
        "/Users/{a}",
        [{"op": "replace", "value": {"displayName": "X", "shoeSize": 44}}],
        400,
        "invalidValue",
    ),
    "a cycle of managers by patch": (
        "PATCH",
        "/Users/{c}",
        [{"op": "replace", "path": MANAGER_PATH, "value": {"value": "{a}"}}],
        400,
        "invalidValue",
    ),
    "a cycle of managers by replace": (
        "PUT",
        "/Users/{c}",
        user_body("c@example.com", **manager("{a}")),
        400,
        "invalidValue",
    ),
    "one's own manager": (
        "PATCH",
        "/Users/{b}",
        [{"op": "replace", "path": MANAGER_PATH, "value": "{b}"}],
        400,
        "invalidValue",
    ),
    "a manager who does not exist": (
        "POST",
        "/Users",
        user_body("n@example.com", **manager("987654")),
        400,
        "invalidValue",
    ),
    "a manager id that is not an id": (
        "PATCH",
        "/Users/{a}",
        [{"op": "add", "path": MANAGER_PATH, "value": "00u1abc"}],
        400,
        "invalidValue",
    ),
    "a duplicate userName on create": (
        "POST",
        "/Users",
        user_body("A@Example.com"),
        409,
        "uniqueness",
    ),
    "a duplicate e-mail under another userName": (
        "POST",
        "/Users",
        user_body("a@example.com", userName="someone-else"),
        409,
        "uniqueness",
    ),
    "a duplicate userName by patch": (
        "PATCH",
        "/Users/{a}",
        [{"op": "replace", "path": "userName", "value": "b@example.com"}],
        409,
        "uniqueness",
    ),
    "a duplicate userName by replace": (
        "PUT",
        "/Users/{a}",
        user_body("c@example.com"),
        409,
        "uniqueness",
    ),
    "active that is not a boolean": (
        "POST",
        "/Users",
        user_body("n@example.com", active="maybe"),
        400,
        "invalidValue",
    ),
    "emails that are not a list of objects": (
        "POST",
        "/Users",
        user_body("n@example.com", emails="n@example.com"),
        400,
        "invalidValue",
    ),
    "a userName that is an object": (
        "POST",
        "/Users",
        user_body("n@example.com", userName={"value": "n"}),
        400,
        "invalidValue",
    ),
    "no userName": (
        "POST",
        "/Users",
        {"schemas": [USER], "name": {"givenName": "No", "familyName": "Name"}},
        400,
        "invalidValue",
    ),
    "an e-mail that is not one": (
        "POST",
        "/Users",
        user_body("n@example.com", emails=[{"value": "not-an-address", "primary": True}]),
        400,
        "invalidValue",
    ),
    "a name longer than Showup keeps": (
        "POST",
        "/Users",
        user_body("n@example.com", displayName="N" * 151),
        400,
        "invalidValue",
    ),
    "a control character": (
        "POST",
        "/Users",
        user_body("n@example.com", displayName="Nul\x00l"),
        400,
        "invalidValue",
    ),
    "a time zone that is not one": (
        "POST",
        "/Users",
        user_body("n@example.com", timezone="Mars/Olympus"),
        400,
        "invalidValue",
    ),
    "a patch whose last operation is refused": (
        "PATCH",
        "/Users/{a}",
        [
            {"op": "replace", "path": "displayName", "value": "Renamed"},
            {"op": "replace", "path": "active", "value": False},
            {"op": "replace", "path": MANAGER_PATH, "value": {"value": "987654"}},
        ],
        400,
        "invalidValue",
    ),
    "a patch with another message's schema": (
        "PATCH",
        "/Users/{a}",
        {"schemas": [USER], "Operations": [{"op": "replace", "value": {"active": False}}]},
        400,
        "invalidSyntax",
    ),
    "a patch with an op that does not exist": (
        "PATCH",
        "/Users/{a}",
        [{"op": "merge", "path": "displayName", "value": "X"}],
        400,
        "invalidValue",
    ),
    "a body that is not JSON": ("POST", "/Users", "{not json", 400, "invalidSyntax"),
    "a body that is a list": ("POST", "/Users", "[1, 2]", 400, "invalidSyntax"),
}


def filled(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        for key, pk in ids.items():
            value = value.replace("{" + key + "}", pk)
        return value
    if isinstance(value, dict):
        return {filled(key, ids): filled(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [filled(item, ids) for item in value]
    return value


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_request_is_refused_and_changes_nothing(
    scim: Scim, company: dict[str, str], case: str
) -> None:
    method, path, body, status, scim_type = CASES[case]
    before = snapshot()
    body = filled(body, company)
    if method == "PATCH" and isinstance(body, list):
        answer = scim.patch(path.format(**company).rsplit("/", 1)[1], *body)
    else:
        answer = scim.call(method, path.format(**company), body)
    refused(answer, status, scim_type)
    assert snapshot() == before


def test_it_refuses_the_user_name_of_a_person_made_by_hand_under_another_e_mail(
    scim: Scim,
) -> None:
    PersonFactory.create(name="Riley Hand", email="riley@example.com")
    before = snapshot()
    answer = scim.create(
        **{
            **okta_user("riley.new@example.com", "Riley", "Twin"),
            "userName": "Riley@Example.com",
        }
    )
    refused(answer, 409, "uniqueness")
    assert "userName" in answer.body["detail"]
    assert snapshot() == before


def test_a_body_sent_as_a_form_is_refused(scim: Scim, company: dict[str, str]) -> None:
    before = snapshot()
    answer = scim.client.post(
        f"{BASE}/Users",
        {"userName": "n@example.com"},
        HTTP_AUTHORIZATION=f"Bearer {scim.secret}",
    )
    assert answer.status_code == 400
    assert answer.json()["scimType"] == "invalidSyntax"
    assert snapshot() == before


def test_a_body_larger_than_django_accepts_is_413(
    scim: Scim, company: dict[str, str], settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = snapshot()
    refused(scim.create(**okta_user("n@example.com", "N", "P"), title="T" * 1000), 413, None)
    assert snapshot() == before


def test_a_start_index_that_is_not_a_number_is_refused(scim: Scim) -> None:
    refused(scim.call("GET", "/Users", startIndex="two"), 400, "invalidValue")


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer showup_scim_guessed", "Basic YWRhOnNlY3JldA==", "showup_scim_x"],
)
def test_a_request_without_a_good_token_is_401_and_changes_nothing(
    scim: Scim, company: dict[str, str], authorization: str
) -> None:
    before = snapshot()
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    for method, path in (("get", "/Users"), ("post", "/Users"), ("delete", "/Users/{a}")):
        answer = getattr(scim.client, method)(
            BASE + path.format(**company),
            data=okta_user("n@example.com", "N", "P") if method == "post" else None,
            content_type="application/scim+json",
            **headers,
        )
        assert answer.status_code == 401, (method, path)
        assert answer.json()["schemas"] == [ERROR]
        assert answer["WWW-Authenticate"].startswith("Bearer")
    assert snapshot() == before


@pytest.mark.parametrize("name", [name for name in all_url_names() if name.startswith("scim:")])
def test_every_scim_endpoint_answers_401_to_a_signed_in_person_without_a_token(
    admin: Person, name: str
) -> None:
    browser = Client()
    browser.force_login(admin)
    for response in (browser.get(placeholder_url(name)), browser.post(placeholder_url(name))):
        assert response.status_code == 401, name
        assert response.json()["schemas"] == [ERROR]


def test_a_revoked_token_is_refused_at_once(scim: Scim, company: dict[str, str]) -> None:
    assert scim.call("GET", f"/Users/{company['a']}").status == 200
    token_revoke(token=scim.token, by=scim.token.created_by)
    refused(scim.call("GET", f"/Users/{company['a']}"), 401, None)
    refused(scim.patch(company["a"], {"op": "replace", "value": {"active": False}}), 401, None)
    assert Person.objects.get(pk=company["a"]).is_active is True
