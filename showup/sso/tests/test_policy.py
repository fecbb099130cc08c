"""SSO required: passwords refused, except the break-glass admin's; password sessions end."""

import re
import threading
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from showup.api.models import AccessToken
from showup.mail.models import OutboxMessage
from showup.people.models import Person
from showup.sso.models import SsoPolicy
from showup.sso.policy import password_refusal
from showup.sso.services import sso_require
from showup.sso.tests.conftest import sso_callback_url
from tests.api_world import TokenClient
from tests.factories import PersonFactory
from tests.oidc_provider.running import Provider

SIGN_IN = reverse("accounts:sign-in")
HOME = reverse("pages:home")


def require_sso() -> None:
    SsoPolicy.objects.update_or_create(pk=1, defaults={"sso_required": True})


def password_sign_in(client: Client, email: str, password: str) -> Any:
    return client.post(SIGN_IN, {"username": email, "password": password})


@pytest.fixture
def ada(db: None) -> Person:
    """The break-glass admin named by SHOWUP_SSO_BREAK_GLASS_EMAIL in the `sso` fixture."""
    return PersonFactory.create(email="ada@example.com", name="Ada Admin", is_admin=True)


@pytest.mark.django_db
def test_a_password_is_refused_for_a_normal_person_when_sso_is_required(
    client: Client, sso: Provider, password: str
) -> None:
    PersonFactory.create(email="riley@example.com")
    require_sso()
    response = password_sign_in(client, "riley@example.com", password)
    assert response.status_code == 200
    assert "passwords are switched off" in response.content.decode()
    assert "Sign in with Test IdP" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("ada@example.com", True),
        ("ADA@Example.com ", True),
        ("ada@example.co", False),
        ("ada@example.com.evil", False),
        ("xada@example.com", False),
    ],
)
def test_only_the_break_glass_address_itself_may_use_a_password(
    client: Client, sso: Provider, password: str, email: str, allowed: bool
) -> None:
    PersonFactory.create(email=email.strip().lower(), is_admin=True)
    require_sso()
    password_sign_in(client, email, password)
    assert ("_auth_user_id" in client.session) is allowed


@pytest.mark.django_db
def test_passwords_work_while_sso_is_not_required(
    client: Client, sso: Provider, password: str
) -> None:
    PersonFactory.create(email="riley@example.com")
    password_sign_in(client, "riley@example.com", password)
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_sso_still_signs_people_in_when_required(client: Client, sso: Provider) -> None:
    PersonFactory.create(email="riley@example.com")
    require_sso()
    client.get(sso_callback_url(client, "riley"))
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_requiring_sso_ends_password_sessions_but_keeps_sso_and_break_glass_ones(
    sso: Provider, ada: Person, password: str
) -> None:
    PersonFactory.create(email="riley@example.com")
    PersonFactory.create(email="pat@example.com")
    on_password, on_sso, break_glass = Client(), Client(), Client()
    password_sign_in(on_password, "pat@example.com", password)
    on_sso.get(sso_callback_url(on_sso, "riley"))
    password_sign_in(break_glass, "ada@example.com", password)

    response = break_glass.post(reverse("sso:required"), {"required": "on"}, follow=True)

    assert "Single sign-on is now required. 1 password session ended." in response.content.decode()
    assert on_password.get(HOME)["Location"].startswith(SIGN_IN)
    assert on_sso.get(HOME).status_code == 200
    assert break_glass.get(HOME).status_code == 200


@pytest.mark.django_db
def test_an_admin_on_a_password_session_cannot_require_sso(
    client: Client, sso: Provider, password: str
) -> None:
    PersonFactory.create(email="boss@example.com", is_admin=True)
    password_sign_in(client, "boss@example.com", password)
    response = client.post(reverse("sso:required"), {"required": "on"}, follow=True)
    assert "Sign in with single sign-on first" in response.content.decode()
    assert not SsoPolicy.objects.filter(sso_required=True).exists()


@pytest.mark.django_db
def test_sso_cannot_be_required_before_it_is_configured(client: Client, ada: Person) -> None:
    client.force_login(ada)
    with pytest.raises(ValidationError, match="not configured"):
        sso_require(required=True, by=ada, by_sso=True)


@pytest.mark.django_db
def test_the_switch_is_the_admins_alone(client: Client, sso: Provider) -> None:
    client.force_login(PersonFactory.create())
    assert client.get(reverse("sso:status")).status_code == 404
    assert client.post(reverse("sso:required"), {"required": "on"}).status_code == 404
    assert not SsoPolicy.objects.filter(sso_required=True).exists()


@pytest.mark.django_db
def test_with_sso_required_only_the_break_glass_admin_gets_a_reset_link(
    client: Client, sso: Provider, ada: Person
) -> None:
    PersonFactory.create(email="riley@example.com")
    require_sso()
    page = client.get(reverse("accounts:reset")).content.decode()
    assert "passwords are switched off" in page
    client.post(reverse("accounts:reset"), {"email": "riley@example.com"})
    assert not OutboxMessage.objects.exists()
    client.post(reverse("accounts:reset"), {"email": "ada@example.com"})
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["ada@example.com"]


@pytest.mark.django_db
def test_a_reset_link_sent_before_sso_was_required_no_longer_sets_a_password(
    client: Client, sso: Provider
) -> None:
    riley = PersonFactory.create(email="riley@example.com")
    uid = urlsafe_base64_encode(force_bytes(riley.pk))
    link = reverse(
        "accounts:reset-confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(riley)},
    )
    require_sso()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "a much better passphrase"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 403
    assert "passwords are switched off" in response.content.decode()
    riley.refresh_from_db()
    assert not riley.check_password(new)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_a_password_sign_in_racing_the_switch_is_ended_too(sso: Provider, ada: Person) -> None:
    """The sign-in holds the policy row; the switch waits for it, then ends its session."""
    riley = PersonFactory.create(email="riley@example.com")
    SsoPolicy.objects.update_or_create(pk=1, defaults={"sso_required": False})
    policy_read, switch_started = threading.Event(), threading.Event()

    def password_sign_in_in_flight() -> None:
        with transaction.atomic():
            assert password_refusal(email=riley.email) is None
            policy_read.set()
            switch_started.wait(timeout=10)
            # Give the switch time to reach the lock; it must wait for this commit.
            threading.Event().wait(0.5)
            session = SessionStore()
            session["_auth_user_id"] = str(riley.pk)
            session.create()
        connection.close()

    def switch() -> None:
        policy_read.wait(timeout=10)
        switch_started.set()
        sso_require(required=True, by=ada, by_sso=False)
        connection.close()

    threads = [
        threading.Thread(target=password_sign_in_in_flight),
        threading.Thread(target=switch),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    riley_sessions = [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(riley.pk)
    ]
    assert riley_sessions == []


@pytest.mark.django_db
def test_requiring_sso_offers_to_stop_api_tokens_made_with_a_password(
    sso: Provider, ada: Person, password: str
) -> None:
    pat = PersonFactory.create(email="pat@example.com", name="Pat Password")
    riley = PersonFactory.create(email="riley@example.com", name="Riley Sso")
    on_password, on_sso, break_glass = Client(), Client(), Client()
    password_sign_in(on_password, "pat@example.com", password)
    on_sso.get(sso_callback_url(on_sso, "riley"))
    password_sign_in(break_glass, "ada@example.com", password)
    secrets = {
        who: _token_made_on_the_page(client)
        for who, client in (("pat", on_password), ("riley", on_sso), ("ada", break_glass))
    }
    assert AccessToken.objects.get(person=pat).made_with == AccessToken.MadeWith.PASSWORD
    assert AccessToken.objects.get(person=riley).made_with == AccessToken.MadeWith.SSO

    page = break_glass.get(reverse("sso:status")).content.decode()
    assert "Stop 1 API tokens made with a password too" in page
    response = break_glass.post(
        reverse("sso:required"),
        {"required": "on", "stop_password_credentials": "on"},
        follow=True,
    )

    assert "1 API tokens stopped." in response.content.decode()
    assert TokenClient(secrets["pat"]).get("/api/v1/me").status_code == 401
    assert TokenClient(secrets["riley"]).get("/api/v1/me").status_code == 200
    assert TokenClient(secrets["ada"]).get("/api/v1/me").status_code == 200


@pytest.mark.django_db
def test_requiring_sso_leaves_api_tokens_alone_unless_asked(
    sso: Provider, ada: Person, password: str
) -> None:
    PersonFactory.create(email="pat@example.com")
    on_password, on_sso = Client(), Client()
    password_sign_in(on_password, "pat@example.com", password)
    secret = _token_made_on_the_page(on_password)
    PersonFactory.create(email="riley@example.com", is_admin=True)
    on_sso.get(sso_callback_url(on_sso, "riley"))
    on_sso.post(reverse("sso:required"), {"required": "on"})
    assert SsoPolicy.objects.get().sso_required
    assert TokenClient(secret).get("/api/v1/me").status_code == 200


def _token_made_on_the_page(client: Client) -> str:
    response = client.post(
        reverse("api:token-new"), {"name": "Sync", "scope": "read", "expires_in_days": "30"}
    )
    found = re.search(r'value="(shu_[A-Za-z0-9_-]+)"', response.content.decode())
    assert found is not None
    return found.group(1)
