"""The admin's SCIM screens: tokens shown once and kept hashed, revocation, last use, the log."""

import hashlib
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from showup.core.models import FormKey
from showup.people.models import Person
from showup.scim.models import ScimToken
from showup.scim.tests.conftest import BASE, Scim, okta_user
from showup.scim.tokens import MARKER, token_create
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
ONCE = "a-form-key-of-twenty-chars"  # the one-time key every form carries (core/resend.py)
SCREENS = [
    ("get", "scim-admin:tokens", {}),
    ("get", "scim-admin:log", {}),
    ("post", "scim-admin:token-new", {}),
    ("post", "scim-admin:token-revoke", {"token_id": 1}),
]


def signed_in(who: Person) -> Client:
    client = Client()
    client.force_login(who)
    return client


def make_token(client: Client, name: str) -> str:
    response = client.post(reverse("scim-admin:token-new"), {"name": name, "once": ONCE})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    start = page.index(MARKER)
    return page[start : page.index('"', start)]


@pytest.mark.parametrize("who", ["stranger", "manager"])
def test_everyone_but_an_admin_gets_404(admin: Person, who: str) -> None:
    ScimToken.objects.create(name="Okta", digest="0" * 64, hint="abc", created_by=admin)
    manager = PersonFactory.create(name="Max Manager")
    person = PersonFactory.create(manager=manager) if who == "stranger" else manager
    client = signed_in(person)
    for method, name, kwargs in SCREENS:
        response = getattr(client, method)(reverse(name, kwargs=kwargs), {"name": "Mine"})
        assert response.status_code == 404, name
    assert ScimToken.objects.get().revoked_at is None
    assert ScimToken.objects.count() == 1


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(admin: Person) -> None:
    client = signed_in(admin)
    secret = make_token(client, "Okta production")
    assert secret.startswith(MARKER)
    assert len(secret) > 40
    token = ScimToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ScimToken.objects.values_list()))
    assert FormKey.objects.count() == 1  # the form's key was claimed, its answer not kept
    assert not [key for key in FormKey.objects.all() if secret.encode() in bytes(key.body)]
    assert Session.objects.exists()
    assert not [s for s in Session.objects.all() if secret in s.session_data]
    assert not [s for s in Session.objects.all() if secret in str(s.get_decoded())]
    resent = client.post(
        reverse("scim-admin:token-new"), {"name": "Okta production", "once": ONCE}
    )
    assert resent.status_code == 409
    assert secret not in resent.content.decode()
    assert ScimToken.objects.count() == 1
    again = client.get(reverse("scim-admin:tokens")).content.decode()
    assert secret not in again
    assert "Okta production" in again
    assert f"{MARKER}{token.hint}…" in again


def test_a_token_works_shows_its_last_use_and_stops_when_revoked(admin: Person) -> None:
    client = signed_in(admin)
    secret = make_token(client, "Entra ID")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert "Never" in client.get(reverse("scim-admin:tokens")).content.decode()
    assert api.get(f"{BASE}/Users").status_code == 200
    token = ScimToken.objects.get()
    assert token.last_used_at is not None
    assert "Never" not in client.get(reverse("scim-admin:tokens")).content.decode()
    client.post(reverse("scim-admin:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_by == admin
    assert api.get(f"{BASE}/Users").status_code == 401
    assert "Revoked" in client.get(reverse("scim-admin:tokens")).content.decode()


def test_a_token_needs_a_name(admin: Person) -> None:
    client = signed_in(admin)
    response = client.post(reverse("scim-admin:token-new"), {"name": "  "}, follow=True)
    assert "Name the token." in response.content.decode()
    assert not ScimToken.objects.exists()


def test_the_log_names_the_fields_that_changed_never_their_values(
    admin: Person, scim: Scim
) -> None:
    boss = scim.create(**okta_user("boss@example.com", "Bo", "Ss")).body["id"]
    user = scim.create(**okta_user("jo@example.com", "Jo", "Doe")).body
    scim.call("PUT", f"/Users/{user['id']}", {**user, "title": "SECRETTITLE"})
    scim.patch(
        user["id"],
        {
            "op": "replace",
            "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "value": {"value": boss},
        },
    )
    scim.patch(user["id"], {"op": "replace", "value": {"active": False}})
    page = signed_in(admin).get(reverse("scim-admin:log")).content.decode()
    assert "SECRETTITLE" not in page
    assert "Changed: title" in page
    assert "Moved to a new manager: from no manager to Bo Ss" in page
    assert "Deactivated" in page
    assert page.count("Okta") >= 4


def test_the_admin_navigation_links_to_provisioning(admin: Person) -> None:
    page = signed_in(admin).get(reverse("people_admin:manage")).content.decode()
    assert reverse("scim-admin:tokens") in page


def test_the_token_page_shows_the_base_url_a_provider_appends_to(admin: Person) -> None:
    page = signed_in(admin).get(reverse("scim-admin:tokens")).content.decode()
    assert "<code>http://testserver/scim/v2</code>" in page


@pytest.mark.parametrize("rows", [2, 20])
def test_the_screens_run_a_fixed_number_of_queries(
    admin: Person, rows: int, django_assert_num_queries: Any
) -> None:
    for n in range(rows):
        token, _ = token_create(name=f"Token {n}", by=admin)
        person = PersonFactory.create()
        token.events.create(person=person, action="created", new_manager=admin)
        token.events.create(person=person, action="moved", old_manager=admin, new_manager=person)
    client = signed_in(admin)
    with django_assert_num_queries(3):  # session, person, tokens
        assert client.get(reverse("scim-admin:tokens")).status_code == 200
    with django_assert_num_queries(4):  # session, person, count, page
        assert client.get(reverse("scim-admin:log")).status_code == 200
