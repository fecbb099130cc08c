"""The admin's SSO status screen: configured or not, problems spelled out, sign-ins and refusals."""

import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.timezone import now

from showup.api.services import token_issue
from showup.core.tests.outbound_servers import (
    MODES,
    REDIRECTS,
    Trap,
    listener,
    network,
    redirect_trap,
    redirector,
)
from showup.people.models import Person
from showup.sso.models import Refusal, SsoEvent
from showup.sso.services import refusal_record
from showup.sso.tests.conftest import sso_callback_url
from tests.factories import PersonFactory
from tests.oidc_provider.running import Provider

pytestmark = pytest.mark.django_db
__all__ = ["listener", "network", "redirect_trap", "redirector"]  # fixtures, used by name
STATUS = reverse("sso:status")


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(PersonFactory.create(is_admin=True, name="Ada Admin"))
    return client


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_page(client: Client) -> str:
    response = client.get(STATUS)
    assert response.status_code == 200
    return response.content.decode()


def test_it_says_when_sso_is_not_configured(admin_client: Client) -> None:
    page = status_page(admin_client)
    assert "Not configured" in page
    assert "Problems" not in page


def test_it_shows_a_working_setup_the_last_sign_in_and_refusals_without_tokens(
    client: Client, sso: Provider
) -> None:
    riley = PersonFactory.create(email="riley@example.com", name="Riley Report")
    client.get(sso_callback_url(client, "riley"))
    id_token = sso.proxy.id_tokens[-1]
    for reason in (Refusal.NONCE, Refusal.NONCE, Refusal.DOMAIN):
        refusal_record(reason=reason)
    client.force_login(PersonFactory.create(is_admin=True))

    page = status_page(client)

    assert "Configured and working" in page
    assert sso.issuer in page
    assert f"{riley.name} ({riley.email})" in page
    assert 'ID token replayed (nonce)</td><td data-label="Count" class="num">2<' in page
    assert 'E-mail domain not allowed</td><td data-label="Count" class="num">1<' in page
    assert id_token not in page
    assert id_token.split(".")[1] not in page
    assert sso.client_secret not in page


def test_an_unreachable_discovery_document_is_spelled_out(
    admin_client: Client, sso: Provider, settings: Any
) -> None:
    settings.SSO_ISSUER = f"http://127.0.0.1:{closed_port()}/o"
    page = status_page(admin_client)
    assert "Configured, with problems" in page
    assert "/o/.well-known/openid-configuration is unreachable" in page


def test_an_issuer_mismatch_is_spelled_out(
    admin_client: Client, sso: Provider, settings: Any
) -> None:
    settings.SSO_ISSUER = sso.issuer + "/"
    page = status_page(admin_client)
    assert "Issuer mismatch" in page
    assert "trailing slash included" in page


def test_a_missing_client_secret_is_spelled_out(
    admin_client: Client, sso: Provider, settings: Any
) -> None:
    settings.SSO_CLIENT_SECRET = ""
    assert "SHOWUP_SSO_CLIENT_SECRET is not set" in status_page(admin_client)


def test_a_missing_client_secret_refuses_sign_in_with_a_clear_page(
    client: Client, sso: Provider, settings: Any
) -> None:
    PersonFactory.create(email="riley@example.com")
    settings.SSO_CLIENT_SECRET = ""
    response = client.get(sso_callback_url(client, "riley"))
    assert response.status_code == 403
    assert "refused to confirm this sign-in" in response.content.decode()
    assert list(SsoEvent.objects.values_list("reason", flat=True)) == [Refusal.TOKEN_EXCHANGE]


def test_the_status_page_runs_a_fixed_number_of_queries(
    admin_client: Client, sso: Provider, django_assert_num_queries: Any
) -> None:
    for person in PersonFactory.create_batch(3):
        SsoEvent.objects.create(succeeded=True, person=person)
        refusal_record(reason=Refusal.STATE)
    for person in PersonFactory.create_batch(3):
        token_issue(person=person, name="Sync", scope="read", expires_in_days=30, now=now())
    admin_client.get(STATUS)
    # session, person, policy, last sign-in with its person, refusal counts,
    # the break-glass admin's id and the count of API tokens made with a password
    with django_assert_num_queries(7):
        admin_client.get(STATUS)


def test_old_sign_in_events_are_forgotten(db: None) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from showup.sso.services import EVENTS_KEPT

    now = timezone.now()
    SsoEvent.objects.create(
        succeeded=False, reason=Refusal.STATE, at=now - EVENTS_KEPT - timedelta(minutes=1)
    )
    SsoEvent.objects.create(
        succeeded=False, reason=Refusal.STATE, at=now - EVENTS_KEPT + timedelta(minutes=1)
    )
    refusal_record(reason=Refusal.DOMAIN)
    assert SsoEvent.objects.count() == 2
    assert Person.objects.count() == 0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", REDIRECTS)
def test_discovery_never_follows_a_redirect_to_a_refused_address(
    admin_client: Client,
    redirect_trap: Callable[..., Trap],
    settings: Any,
    status: int,
    mode: str,
) -> None:
    """The issuer's own host is trusted (the operator named it); where it redirects to is not."""
    trap = redirect_trap(status, mode, name="idp.example.net", path="/o")
    settings.SSO_ISSUER = trap.url
    settings.SSO_CLIENT_ID = "showup"
    settings.SSO_CLIENT_SECRET = "secret"
    page = status_page(admin_client)
    assert "/o/.well-known/openid-configuration is unreachable" in page
    assert len(trap.first.received) == 1
    assert trap.listener.connections == 0


@pytest.fixture
def loopback_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test provider is on this machine; as far as the rule goes, now it is not."""
    monkeypatch.setattr("showup.sso.config.LOOPBACK_HOSTS", set())


def test_an_http_issuer_off_this_machine_is_explained_on_the_screen(
    admin_client: Client, sso: Provider, loopback_not_trusted: None
) -> None:
    page = status_page(admin_client)
    assert "Configured, with problems" in page
    assert f"SHOWUP_SSO_ISSUER ({sso.issuer}) must start with https://" in page
    assert "http:// is accepted only for a provider on this machine" in page


def test_an_http_issuer_off_this_machine_signs_nobody_in(
    client: Client, sso: Provider, loopback_not_trusted: None
) -> None:
    PersonFactory.create(email="riley@example.com")
    start = client.get("/sso/start/")
    assert start.status_code == 403
    assert "Single sign-on is not working right now" in start.content.decode()
    assert "_auth_user_id" not in client.session
    assert list(SsoEvent.objects.values_list("reason", flat=True)) == [Refusal.NOT_CONFIGURED]


def test_an_http_issuer_on_this_machine_is_no_problem(admin_client: Client, sso: Provider) -> None:
    assert "Configured and working" in status_page(admin_client)


def test_a_sign_in_begun_before_the_issuer_went_off_this_machine_is_refused(
    client: Client, sso: Provider, monkeypatch: pytest.MonkeyPatch
) -> None:
    PersonFactory.create(email="riley@example.com")
    callback = sso_callback_url(client, "riley")
    monkeypatch.setattr("showup.sso.config.LOOPBACK_HOSTS", set())
    response = client.get(callback)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert list(SsoEvent.objects.values_list("reason", flat=True)) == [Refusal.NOT_CONFIGURED]
