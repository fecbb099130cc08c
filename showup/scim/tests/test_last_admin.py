"""A SCIM token cannot leave the company without an admin, and dies with its maker's rights."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from showup.people import services as people
from showup.people.models import Person
from showup.scim.models import ProvisioningEvent
from showup.scim.tests.conftest import USER, Scim
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def put_inactive(scim: Scim, user_id: int) -> Any:
    current = scim.call("GET", f"/Users/{user_id}").body
    return scim.call("PUT", f"/Users/{user_id}", {**current, "schemas": [USER], "active": False})


ATTEMPTS = {
    "okta patch": lambda scim, pk: scim.patch(pk, {"op": "replace", "value": {"active": False}}),
    "entra patch": lambda scim, pk: scim.patch(
        pk, {"op": "Replace", "path": "active", "value": "False"}
    ),
    "put": put_inactive,
    "delete": lambda scim, pk: scim.call("DELETE", f"/Users/{pk}"),
}


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_it_refuses_to_deactivate_the_last_active_admin(
    scim: Scim, admin: Person, attempt: str
) -> None:
    answer = ATTEMPTS[attempt](scim, admin.pk)
    assert answer.status == 400
    assert answer.body["scimType"] == "invalidValue"
    assert "Ada Admin is the last active admin" in answer.body["detail"]
    admin.refresh_from_db()
    assert admin.is_active
    assert not ProvisioningEvent.objects.exists()
    assert scim.call("GET", f"/Users/{admin.pk}").status == 200


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_with_another_admin_it_deactivates_and_the_makers_token_stops(
    scim: Scim, admin: Person, attempt: str
) -> None:
    PersonFactory.create(is_admin=True)
    answer = ATTEMPTS[attempt](scim, admin.pk)
    assert answer.status in (200, 204)
    assert not Person.objects.get(pk=admin.pk).is_active
    refused = scim.call("GET", "/Users")
    assert refused.status == 401


def test_a_token_stops_when_its_maker_loses_admin_and_works_again_if_restored(
    scim: Scim, admin: Person
) -> None:
    grace = PersonFactory.create(name="Grace Hopper", is_admin=True)
    assert scim.call("GET", "/Users").status == 200
    Person.objects.filter(pk=admin.pk).update(is_admin=False)
    assert scim.call("GET", "/Users").status == 401
    page = signed_in(grace).get(reverse("scim-admin:tokens")).content.decode()
    assert "Stopped" in page
    assert "Ada Admin is no longer an active admin" in page
    Person.objects.filter(pk=admin.pk).update(is_admin=True)
    assert scim.call("GET", "/Users").status == 200


def test_a_token_stops_when_its_maker_is_deactivated_on_the_admin_pages(
    scim: Scim, admin: Person
) -> None:
    grace = PersonFactory.create(is_admin=True)
    signed_in(grace).post(reverse("people_admin:deactivate", args=[admin.pk]))
    assert scim.call("GET", "/Users").status == 401
    people.person_reactivate(person=Person.objects.get(pk=admin.pk))
    assert scim.call("GET", "/Users").status == 200


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client
