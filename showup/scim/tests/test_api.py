"""The SCIM endpoint called as Okta and Entra ID call it, with their own request bodies.

Okta's shapes follow its SCIM 2.0 test suite (create with `groups: []` and a
password, `filter=userName eq`, PUT for profile changes, PATCH `{"active":
false}` without a path). Entra ID's follow its provisioning service: `meta`
in a create, capitalised ops, `emails[type eq "work"].value` paths, "False"
as a string, and the manager sent as a bare id.
"""

from typing import Any

import pytest

from showup.people.models import Person
from showup.scim.models import ProvisioningEvent, ScimUser
from showup.scim.tests.conftest import ENTERPRISE, ERROR, USER, Scim, okta_user
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
MANAGER_PATH = f"{ENTERPRISE}:manager"


def entra_user(user_name: str, mail: str, **extra: Any) -> dict[str, Any]:
    """The body Entra ID's provisioning service sends to create a user."""
    return {
        "schemas": [USER, ENTERPRISE],
        "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        "userName": user_name,
        "active": True,
        "emails": [{"primary": True, "type": "work", "value": mail}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "Ellen Reckert", "familyName": "Reckert", "givenName": "Ellen"},
        "roles": [],
        **extra,
    }


def actions_of(person_id: Any) -> list[str]:
    return list(
        ProvisioningEvent.objects.filter(person_id=person_id)
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


# Okta -----------------------------------------------------------------------------


def test_it_creates_a_user_as_okta_sends_it(scim: Scim) -> None:
    answer = scim.create(**okta_user("jo.doe@example.com", "Jo", "Doe"))
    assert answer.status == 201
    assert answer.headers["Content-Type"] == "application/scim+json"
    assert answer.headers["Location"] == f"http://testserver/scim/v2/Users/{answer.body['id']}"
    person = Person.objects.get(pk=answer.body["id"])
    assert (person.email, person.name, person.is_active) == ("jo.doe@example.com", "Jo Doe", True)
    assert answer.body["userName"] == "jo.doe@example.com"
    assert answer.body["name"] == {"givenName": "Jo", "familyName": "Doe"}
    assert answer.body["emails"] == [{"value": "jo.doe@example.com", "type": "work"}]
    assert "password" not in answer.body
    assert actions_of(person.pk) == ["created"]


def test_okta_finds_a_user_by_user_name_and_pages_the_list(scim: Scim) -> None:
    for n in range(3):
        scim.create(**okta_user(f"p{n}@example.com", "P", str(n)))
    found = scim.call("GET", "/Users", filter='userName eq "P1@Example.com"')
    assert found.status == 200
    assert found.body["totalResults"] == 1
    assert found.body["Resources"][0]["userName"] == "p1@example.com"
    page = scim.call("GET", "/Users", startIndex="2", count="2")
    everyone = Person.objects.count()
    assert (page.body["totalResults"], page.body["startIndex"]) == (everyone, 2)
    assert page.body["itemsPerPage"] == 2
    assert [user["id"] for user in page.body["Resources"]] == [
        str(pk) for pk in Person.objects.order_by("pk").values_list("pk", flat=True)[1:3]
    ]
    assert scim.call("GET", "/Users", count="0").body["Resources"] == []
    nobody = scim.call("GET", "/Users", filter='userName eq "nobody@example.com"')
    assert (nobody.body["totalResults"], nobody.body["Resources"]) == (0, [])


def test_okta_sees_a_person_made_by_hand_under_their_e_mail(scim: Scim) -> None:
    riley = PersonFactory.create(email="riley@example.com", name="Riley Report")
    found = scim.call("GET", "/Users", filter='userName eq "riley@example.com"')
    assert found.body["Resources"][0]["id"] == str(riley.pk)
    created = scim.create(**okta_user("riley@example.com", "Riley", "Report"))
    assert created.status == 409
    assert created.body["scimType"] == "uniqueness"


def test_okta_replaces_a_profile_with_put(scim: Scim) -> None:
    created = scim.create(**okta_user("jo@example.com", "Jo", "Doe")).body
    body = {**created, "name": {"givenName": "Joanna", "familyName": "Doe"}, "title": "Lead"}
    body.pop("displayName")
    answer = scim.call("PUT", f"/Users/{created['id']}", body)
    assert answer.status == 200
    person = Person.objects.get(pk=created["id"])
    assert (person.name, person.title) == ("Joanna Doe", "Lead")
    event = ProvisioningEvent.objects.get(person=person, action="changed")
    assert event.fields == ["name", "title"]


def test_okta_deactivates_and_reactivates_with_a_patch_without_path(scim: Scim) -> None:
    created = scim.create(**okta_user("jo@example.com", "Jo", "Doe")).body
    off = scim.patch(created["id"], {"op": "replace", "value": {"active": False}})
    assert (off.status, off.body["active"]) == (200, False)
    person = Person.objects.get(pk=created["id"])
    assert person.is_active is False
    assert person.deactivated_at is not None
    on = scim.patch(created["id"], {"op": "replace", "value": {"active": True}})
    assert on.body["active"] is True
    assert actions_of(created["id"]) == ["created", "deactivated", "reactivated"]


def test_an_unknown_id_is_404_for_every_method(scim: Scim) -> None:
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        body = None if method in ("GET", "DELETE") else {"schemas": [USER], "userName": "x@y.z"}
        answer = scim.call(method, "/Users/010101010101", body)
        assert answer.status == 404, method
        assert answer.body["schemas"] == [ERROR]
        assert answer.body["status"] == "404"


def test_okta_names_a_manager_by_login_or_external_id(scim: Scim) -> None:
    boss = scim.create(**okta_user("boss@example.com", "Bo", "Ss")).body
    by_login = scim.create(
        **okta_user("jo@example.com", "Jo", "Doe"),
        **{ENTERPRISE: {"manager": {"value": "Boss@Example.com", "displayName": "Bo Ss"}}},
    )
    assert by_login.body[ENTERPRISE]["manager"]["value"] == boss["id"]
    by_external_id = scim.create(
        **okta_user("al@example.com", "Al", "Doe"),
        **{ENTERPRISE: {"manager": {"value": boss["externalId"]}}},
    )
    assert Person.objects.get(pk=by_external_id.body["id"]).manager_id == int(boss["id"])


# Entra ID ----------------------------------------------------------------------------


def test_entra_creates_with_meta_and_a_user_name_that_is_not_the_mail(scim: Scim) -> None:
    answer = scim.call("POST", "/Users", entra_user("Test_User_ab64", "Ellen.R@contoso.com"))
    assert answer.status == 201
    person = Person.objects.get(pk=answer.body["id"])
    assert (person.email, person.name) == ("ellen.r@contoso.com", "Ellen Reckert")
    assert answer.body["userName"] == "Test_User_ab64"
    assert answer.body["externalId"] == "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"
    found = scim.call("GET", "/Users", filter='userName eq "test_user_AB64"')
    assert found.body["Resources"][0]["id"] == answer.body["id"]
    by_external = scim.call(
        "GET", "/Users", filter='externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"'
    )
    assert by_external.body["totalResults"] == 1


def test_entra_patches_multi_valued_and_single_valued_attributes(scim: Scim) -> None:
    user_id = scim.call("POST", "/Users", entra_user("ellen", "ellen@contoso.com")).body["id"]
    answer = scim.patch(
        user_id,
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "new@contoso.com"},
        {"op": "Replace", "path": "name.familyName", "value": "Smith"},
        {"op": "Replace", "path": "userName", "value": "ellen.smith"},
    )
    assert answer.status == 200
    person = Person.objects.get(pk=user_id)
    assert (person.email, person.name) == ("new@contoso.com", "Ellen Smith")
    assert ScimUser.objects.get(person=person).user_name == "ellen.smith"
    event = ProvisioningEvent.objects.get(person=person, action="changed")
    assert event.fields == ["e-mail", "name", "userName"]


def test_entra_disables_with_false_as_a_string(scim: Scim) -> None:
    user_id = scim.call("POST", "/Users", entra_user("ellen", "ellen@contoso.com")).body["id"]
    answer = scim.patch(user_id, {"op": "Replace", "path": "active", "value": "False"})
    assert answer.body["active"] is False
    assert Person.objects.get(pk=user_id).is_active is False


def test_entra_sets_and_removes_the_manager_as_a_bare_id(scim: Scim) -> None:
    boss = scim.create(**okta_user("boss@contoso.com", "Bo", "Ss")).body["id"]
    user_id = scim.call("POST", "/Users", entra_user("ellen", "ellen@contoso.com")).body["id"]
    added = scim.patch(user_id, {"op": "Add", "path": MANAGER_PATH, "value": boss})
    assert added.body[ENTERPRISE]["manager"]["value"] == boss
    assert added.body[ENTERPRISE]["manager"]["$ref"].endswith(f"/scim/v2/Users/{boss}")
    assert Person.objects.get(pk=user_id).manager_id == int(boss)
    removed = scim.patch(user_id, {"op": "Remove", "path": MANAGER_PATH})
    assert ENTERPRISE not in removed.body
    assert Person.objects.get(pk=user_id).manager_id is None
    again = scim.patch(user_id, {"op": "Replace", "path": MANAGER_PATH, "value": boss})
    assert again.body[ENTERPRISE]["manager"]["value"] == boss
    cleared = scim.patch(user_id, {"op": "Replace", "path": MANAGER_PATH, "value": ""})
    assert ENTERPRISE not in cleared.body
    moves = ProvisioningEvent.objects.filter(person_id=user_id, action="moved").order_by("id")
    assert [(e.old_manager_id, e.new_manager_id) for e in moves] == [
        (None, int(boss)),
        (int(boss), None),
        (None, int(boss)),
        (int(boss), None),
    ]


def test_entra_value_objects_without_path_set_several_attributes(scim: Scim) -> None:
    boss = scim.create(**okta_user("boss@contoso.com", "Bo", "Ss")).body["id"]
    user_id = scim.call("POST", "/Users", entra_user("ellen", "ellen@contoso.com")).body["id"]
    answer = scim.patch(
        user_id,
        {
            "op": "replace",
            "value": {"displayName": "Ellen R.", "title": "Director", MANAGER_PATH: boss},
        },
    )
    assert answer.status == 200
    person = Person.objects.get(pk=user_id)
    assert (person.name, person.title, person.manager_id) == ("Ellen R.", "Director", int(boss))


def test_entra_deletes_a_user_deactivated_with_history_kept(scim: Scim) -> None:
    user_id = scim.call("POST", "/Users", entra_user("ellen", "ellen@contoso.com")).body["id"]
    answer = scim.call("DELETE", f"/Users/{user_id}")
    assert (answer.status, answer.body) == (204, None)
    person = Person.objects.get(pk=user_id)
    assert person.is_active is False
    assert scim.call("GET", f"/Users/{user_id}").status == 404
    assert scim.call("GET", "/Users", filter='userName eq "ellen"').body["totalResults"] == 0
    again = scim.call("POST", "/Users", entra_user("ellen", "other@contoso.com"))
    assert again.status == 409
    assert actions_of(user_id) == ["created", "deleted"]


# Discovery and what is not provided -------------------------------------------------------


def test_the_service_provider_config_says_what_is_supported(scim: Scim) -> None:
    config = scim.call("GET", "/ServiceProviderConfig").body
    assert config["patch"] == {"supported": True}
    assert config["filter"] == {"supported": True, "maxResults": 200}
    assert config["bulk"]["supported"] is False
    assert config["etag"] == {"supported": False}
    assert config["sort"] == {"supported": False}
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = scim.call("GET", "/ResourceTypes").body["Resources"]
    assert [(each["name"], each["endpoint"]) for each in types] == [("User", "/Users")]
    assert scim.call("GET", "/ResourceTypes/User").body["schema"] == USER
    assert scim.call("GET", "/ResourceTypes/Group").status == 404
    schemas = scim.call("GET", "/Schemas").body["Resources"]
    assert [schema["id"] for schema in schemas] == [USER, ENTERPRISE]
    assert scim.call("GET", f"/Schemas/{ENTERPRISE}").body["id"] == ENTERPRISE


def test_groups_are_not_found_and_bulk_is_not_implemented(scim: Scim) -> None:
    assert scim.call("GET", "/Groups").status == 404
    assert scim.call("POST", "/Groups", {"displayName": "Sales"}).status == 404
    assert scim.call("GET", "/Groups/1").status == 404
    for path in ("/Bulk", "/Me", "/Users/.search"):
        answer = scim.call("POST", path, {"schemas": []})
        assert (answer.status, answer.body["status"]) == (501, "501"), path


def test_other_filters_are_refused_as_invalid_filters(scim: Scim) -> None:
    for text in (
        'userName sw "j"',
        'title eq "Lead"',
        'userName eq "a" and active eq true',
        'emails.value eq "a@b.c"',
        "userName eq",
        'userName eq "unclosed',
    ):
        answer = scim.call("GET", "/Users", filter=text)
        assert (answer.status, answer.body["scimType"]) == (400, "invalidFilter"), text


def test_attributes_and_excluded_attributes_choose_what_is_returned(scim: Scim) -> None:
    user_id = scim.create(**okta_user("jo@example.com", "Jo", "Doe")).body["id"]
    only = scim.call("GET", f"/Users/{user_id}", attributes="userName").body
    assert set(only) == {"schemas", "id", "userName"}
    listed = scim.call("GET", "/Users", excludedAttributes="emails,name").body["Resources"][0]
    assert "emails" not in listed
    assert "name" not in listed
    assert listed["userName"] == "ada@example.com"


def test_a_method_the_endpoint_does_not_answer_is_405_with_allow(scim: Scim) -> None:
    answer = scim.call("DELETE", "/Users")
    assert answer.status == 405
    assert answer.headers["Allow"] == "GET, POST"
    assert answer.body["schemas"] == [ERROR]


def test_the_provider_may_name_a_deactivated_manager_and_change_their_reports(
    scim: Scim,
) -> None:
    boss = scim.create(**okta_user("boss@example.com", "Bo", "Ss")).body["id"]
    report = scim.create(
        **okta_user("rae@example.com", "Rae", "Port"), **{ENTERPRISE: {"manager": {"value": boss}}}
    ).body["id"]
    assert scim.patch(boss, {"op": "replace", "value": {"active": False}}).status == 200
    retitled = scim.patch(report, {"op": "replace", "path": "title", "value": "Lead"})
    assert retitled.status == 200
    newcomer = scim.create(
        **okta_user("neo@example.com", "Neo", "Comer"),
        **{ENTERPRISE: {"manager": {"value": boss}}},
    )
    assert newcomer.status == 201
    assert Person.objects.get(pk=newcomer.body["id"]).manager_id == int(boss)
