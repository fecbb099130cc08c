"""SCIM tells the truth about itself: a stock compliance checker, and what /Schemas says.

scim2-tester discovers the service from its own endpoints, then creates,
reads, replaces, patches (add, replace, remove on every attribute published)
and deletes users against a live server, with a real token.
"""

from typing import Any

import pytest
from scim2_tester import Status, check_server

from showup.people.models import Person
from showup.people.timezones import timezone_choices
from showup.scim.tests.conftest import BASE, ENTERPRISE, ERROR, USER, Scim
from showup.scim.tests.http_engine import HTTPSCIMClient
from showup.scim.tokens import token_create
from tests.factories import PersonFactory

# What Showup declares it does not do (ServiceProviderConfig: no bulk, sort, etag, password;
# /.search answers 501), so the checker may skip it.
NOT_DECLARED = ("/.search",)


@pytest.mark.django_db(transaction=True)
def test_a_stock_scim_checker_finds_no_failure(live_server: Any) -> None:
    admin = PersonFactory.create(is_admin=True)
    _, secret = token_create(name="scim2-tester", by=admin)
    client = HTTPSCIMClient(
        base_url=f"{live_server.url}/scim/v2", headers={"Authorization": f"Bearer {secret}"}
    )
    results = check_server(client)
    failed = [
        f"{result.title}: {result.reason}"
        for result in results
        if result.status not in (Status.SUCCESS, Status.SKIPPED)
    ]
    assert failed == []
    skipped = [result.reason or "" for result in results if result.status == Status.SKIPPED]
    assert all(any(part in reason for part in NOT_DECLARED) for reason in skipped), skipped
    titles = {result.title for result in results if result.status == Status.SUCCESS}
    for checked in ("object_creation", "object_replacement", "object_deletion", "random_url"):
        assert checked in titles
    for patched in ("check_add_attribute", "check_replace_attribute", "check_remove_attribute"):
        assert patched in titles
    assert Person.objects.filter(is_admin=True, is_active=True).exists()


def attributes(scim: Scim, schema: str) -> dict[str, Any]:
    answer = scim.call("GET", f"/Schemas/{schema}")
    assert answer.status == 200
    return {attribute["name"]: attribute for attribute in answer.body["attributes"]}


@pytest.mark.django_db
def test_the_user_schema_publishes_only_what_showup_keeps(scim: Scim) -> None:
    published = attributes(scim, USER)
    assert set(published) == {
        "userName",
        "displayName",
        "name",
        "title",
        "timezone",
        "active",
        "emails",
    }
    required = {name for name, attribute in published.items() if attribute["required"]}
    assert required == {"userName", "displayName", "timezone", "active", "emails"}
    assert "userName is an e-mail address" in published["emails"]["description"]
    assert [sub["name"] for sub in published["emails"]["subAttributes"]] == ["value", "type"]
    assert published["emails"]["subAttributes"][0]["required"] is True
    assert published["name"]["mutability"] == "readOnly"
    assert {sub["mutability"] for sub in published["name"]["subAttributes"]} == {"readOnly"}
    assert published["timezone"]["canonicalValues"] == [name for name, _ in timezone_choices()]
    assert "Europe/Berlin" in published["timezone"]["canonicalValues"]


@pytest.mark.django_db
def test_the_enterprise_schema_publishes_only_the_manager(scim: Scim) -> None:
    published = attributes(scim, ENTERPRISE)
    assert set(published) == {"manager"}
    assert [sub["name"] for sub in published["manager"]["subAttributes"]] == ["value", "$ref"]
    listed = scim.call("GET", "/Schemas").body["Resources"]
    assert [schema["name"] for schema in listed] == ["User", "EnterpriseUser"]


@pytest.mark.django_db
def test_a_user_answer_carries_only_published_attributes(scim: Scim, admin: Person) -> None:
    boss = PersonFactory.create()
    person = PersonFactory.create(manager=boss)
    body = scim.call("GET", f"/Users/{person.pk}").body
    published = set(attributes(scim, USER))
    common = {"schemas", "id", "externalId", "meta", ENTERPRISE}
    assert set(body) - common <= published
    assert set(body[ENTERPRISE]["manager"]) == {"value", "$ref"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/Nothing", "/Users/1/more", "/", "/ServiceProviderConfig/x"])
def test_an_unknown_path_is_a_scim_404_in_json(scim: Scim, path: str) -> None:
    answer = scim.call("GET", path)
    assert answer.status == 404
    assert answer.headers["Content-Type"] == "application/scim+json"
    assert answer.body["schemas"] == [ERROR]
    assert answer.body["status"] == "404"


@pytest.mark.django_db
def test_an_unknown_path_without_a_token_is_401(client: Any) -> None:
    response = client.get(f"{BASE}/Nothing")
    assert response.status_code == 401
    assert response.json()["schemas"] == [ERROR]
