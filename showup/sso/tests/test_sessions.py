"""SSO sessions: a deactivated person is out on their next request; signing out offers the provider's."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from showup.people.services import person_deactivate
from showup.sso.tests.conftest import sso_callback_url
from tests.factories import PersonFactory
from tests.oidc_provider.running import Provider

pytestmark = pytest.mark.django_db
HOME = reverse("pages:home")
SIGN_IN = reverse("accounts:sign-in")


def test_a_person_deactivated_during_an_sso_session_is_refused_on_their_next_request(
    client: Client, sso: Provider
) -> None:
    admin = PersonFactory.create(is_admin=True)
    riley = PersonFactory.create(email="riley@example.com")
    client.get(sso_callback_url(client, "riley"))
    assert client.get(HOME).status_code == 200

    person_deactivate(person=riley, by=admin)

    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_it_lands_on_the_page_asked_for_and_never_off_site(client: Client, sso: Provider) -> None:
    PersonFactory.create(email="riley@example.com")
    assert client.get(sso_callback_url(client, "riley", "/people/"))["Location"] == "/people/"
    client.logout()
    response = client.get(sso_callback_url(client, "riley", "https://evil.example/"))
    assert response["Location"] == HOME


def test_signing_out_ends_the_session_and_offers_the_providers_sign_out(
    client: Client, sso: Provider
) -> None:
    PersonFactory.create(email="riley@example.com")
    client.get(sso_callback_url(client, "riley"))
    id_token = sso.proxy.id_tokens[-1]

    response = client.post(reverse("accounts:sign-out"))

    assert response["Location"] == reverse("sso:signed-out")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You are signed out of Showup" in page
    link = page.split('href="')[1:]
    provider_link = next(href.split('"')[0] for href in link if href.startswith(sso.issuer))
    parts = urlsplit(provider_link.replace("&amp;", "&"))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{sso.issuer}/logout/"
    query = parse_qs(parts.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"http://testserver{SIGN_IN}"]
    assert client.get(HOME).status_code == 302


def test_signing_out_of_a_password_session_goes_straight_to_sign_in(
    client: Client, sso: Provider, password: str
) -> None:
    PersonFactory.create(email="riley@example.com")
    client.post(SIGN_IN, {"username": "riley@example.com", "password": password})
    response = client.post(reverse("accounts:sign-out"))
    assert response["Location"] == SIGN_IN


def test_the_sign_in_page_offers_the_provider_only_when_configured(
    client: Client, provider: Provider, settings: Any
) -> None:
    assert "/sso/start/" not in client.get(SIGN_IN).content.decode()
    settings.SSO_ISSUER = provider.issuer
    settings.SSO_CLIENT_ID = provider.client_id
    settings.SSO_BUTTON_LABEL = "Sign in with Kestrel ID"
    page = client.get(f"{SIGN_IN}?next=/people/").content.decode()
    assert 'href="/sso/start/?next=/people/"' in page
    assert "Sign in with Kestrel ID" in page


def test_starting_without_configuration_says_so(client: Client, db: None) -> None:
    response = client.get(reverse("sso:start"))
    assert response.status_code == 403
    assert "Single sign-on is not working right now" in response.content.decode()


def test_the_providers_code_and_state_never_reach_a_log(
    client: Client, sso: Provider, caplog: Any
) -> None:
    from showup.core.logs import redact

    callback = sso_callback_url(client, "sam")  # unknown: refused, so logged as a 403
    query = parse_qs(urlsplit(callback).query)
    caplog.set_level("DEBUG")
    assert client.get(callback).status_code == 403
    logged = "\n".join(redact(record.getMessage()) for record in caplog.records)
    assert query["code"][0] not in logged
    assert query["state"][0] not in logged
    line = redact(f"GET {callback}&id_token_hint=eyJhbGciOi.eyJpc3Mi.c2ln HTTP/1.1")
    assert query["code"][0] not in line
    assert query["state"][0] not in line
    assert "eyJ" not in line
