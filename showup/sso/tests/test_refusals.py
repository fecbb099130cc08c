"""Every bad answer from the provider is refused with a clear page, and nothing is written.

The ID tokens below travel through the real exchange: the provider issues a
token, and the proxy in front of it swaps in a forged or replayed one before
Showup reads the answer.
"""

import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from django.core.cache import cache
from django.test import Client

from showup.core.tests.outbound_servers import Listener
from showup.people.models import Person
from showup.people.services import person_deactivate
from showup.sso.backends import CLOCK_LEEWAY_SECONDS
from showup.sso.config import sso_settings
from showup.sso.discovery import discovery_document
from showup.sso.models import Refusal, SsoEvent
from showup.sso.refusals import MESSAGES
from showup.sso.tests.conftest import sso_callback_url
from tests.factories import PersonFactory
from tests.oidc_provider.running import Provider, rsa_private_pem

pytestmark = pytest.mark.django_db
OTHER_KEY = rsa_private_pem()


def resigned(key_pem: str, **changes: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A token answer whose ID token has `changes` and is signed with `key_pem` under the real kid."""

    def rewrite(answer: dict[str, Any]) -> dict[str, Any]:
        token = answer["id_token"]
        claims = {**jwt.decode(token, options={"verify_signature": False}), **changes}
        kid = jwt.get_unverified_header(token)["kid"]
        answer["id_token"] = jwt.encode(claims, key_pem, algorithm="RS256", headers={"kid": kid})
        return answer

    return rewrite


def rewritten(
    key_pem: str, change: Callable[[dict[str, Any]], dict[str, Any]], *, kid: str | None = "real"
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A token answer whose ID token's claims pass through `change`, signed with `key_pem`;
    with `kid=None` the token names no key at all."""

    def rewrite(answer: dict[str, Any]) -> dict[str, Any]:
        token = answer["id_token"]
        claims = change(jwt.decode(token, options={"verify_signature": False}))
        headers = {"kid": jwt.get_unverified_header(token)["kid"]} if kid else None
        answer["id_token"] = jwt.encode(claims, key_pem, algorithm="RS256", headers=headers)
        return answer

    return rewrite


def people_rows() -> list[tuple[Any, ...]]:
    return list(Person.objects.order_by("pk").values_list())


def assert_refused(client: Client, response: Any, reason: Refusal) -> None:
    assert response.status_code == 403
    page = response.content.decode()
    assert MESSAGES[reason].split(".")[0] in page.replace("&#x27;", "'")
    assert "Nothing was changed and no account was made." in page
    assert "_auth_user_id" not in client.session
    assert list(SsoEvent.objects.values_list("succeeded", "reason", "person")) == [
        (False, reason, None)
    ]


@pytest.fixture
def riley(db: None) -> Person:
    return PersonFactory.create(email="riley@example.com", name="Riley Report")


def refused_sign_in(client: Client, username: str, reason: Refusal) -> None:
    before = people_rows()
    response = client.get(sso_callback_url(client, username))
    assert_refused(client, response, reason)
    assert people_rows() == before


def test_a_token_signed_with_another_key_is_refused(
    client: Client, sso: Provider, riley: Person
) -> None:
    sso.proxy.rewrite_tokens = resigned(OTHER_KEY)
    refused_sign_in(client, "riley", Refusal.SIGNATURE)


def test_a_token_for_another_application_is_refused(
    client: Client, sso: Provider, riley: Person
) -> None:
    sso.proxy.rewrite_tokens = resigned(sso.private_pem, aud="another-app")
    refused_sign_in(client, "riley", Refusal.AUDIENCE)


def test_a_token_with_several_audiences_must_name_showup_as_its_party(
    client: Client, sso: Provider, riley: Person
) -> None:
    sso.proxy.rewrite_tokens = resigned(
        sso.private_pem, aud=[sso.client_id, "another-app"], azp="another-app"
    )
    refused_sign_in(client, "riley", Refusal.AUDIENCE)


def test_a_token_from_another_issuer_is_refused(
    client: Client, sso: Provider, riley: Person
) -> None:
    sso.proxy.rewrite_tokens = resigned(sso.private_pem, iss="http://127.0.0.1:9/o")
    refused_sign_in(client, "riley", Refusal.ISSUER)


def test_a_token_past_its_expiry_and_the_leeway_is_refused(
    client: Client, sso: Provider, riley: Person
) -> None:
    sso.proxy.rewrite_tokens = resigned(
        sso.private_pem, exp=int(time.time()) - CLOCK_LEEWAY_SECONDS - 5
    )
    refused_sign_in(client, "riley", Refusal.EXPIRED)


def test_a_token_just_inside_the_leeway_is_accepted(
    client: Client, sso: Provider, riley: Person
) -> None:
    sso.proxy.rewrite_tokens = resigned(
        sso.private_pem, exp=int(time.time()) - CLOCK_LEEWAY_SECONDS + 5
    )
    response = client.get(sso_callback_url(client, "riley"))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(riley.pk)


def test_an_earlier_sign_in_token_is_refused_for_its_nonce(
    client: Client, sso: Provider, riley: Person
) -> None:
    client.get(sso_callback_url(client, "riley"))
    earlier_token = sso.proxy.id_tokens[-1]
    client.logout()
    SsoEvent.objects.all().delete()

    def replay(answer: dict[str, Any]) -> dict[str, Any]:
        return {**answer, "id_token": earlier_token}

    sso.proxy.rewrite_tokens = replay
    refused_sign_in(client, "riley", Refusal.NONCE)


def test_a_used_state_is_refused_in_the_same_browser_and_in_another(
    client: Client, sso: Provider, riley: Person
) -> None:
    callback = sso_callback_url(client, "riley")
    assert client.get(callback).status_code == 302
    again = client.get(callback)
    assert again.status_code == 403
    assert SsoEvent.objects.filter(reason=Refusal.STATE).count() == 1
    client.logout()
    SsoEvent.objects.all().delete()
    assert_refused(client, client.get(callback), Refusal.STATE)

    SsoEvent.objects.all().delete()
    elsewhere = Client()
    assert_refused(elsewhere, elsewhere.get(callback), Refusal.STATE)


@pytest.mark.parametrize(
    ("age", "accepted"),
    [(-5, True), (5, False)],
    ids=["just-inside", "just-past"],
)
def test_a_sign_in_started_too_long_ago_is_refused(
    client: Client, sso: Provider, riley: Person, age: int, accepted: bool
) -> None:
    from showup.sso.views import STATE_MAX_AGE_SECONDS

    callback = sso_callback_url(client, "riley")
    session = client.session
    for pending in session["oidc_states"].values():
        pending["added_on"] = time.time() - STATE_MAX_AGE_SECONDS - age
    session.save()
    response = client.get(callback)
    if accepted:
        assert response.status_code == 302
    else:
        assert_refused(client, response, Refusal.STATE)


def test_the_providers_error_answer_is_refused_and_uses_the_state_up(
    client: Client, sso: Provider, riley: Person
) -> None:
    callback = sso_callback_url(client, "riley")
    state = callback.split("state=")[1].split("&")[0]
    response = client.get(f"/sso/callback/?error=access_denied&state={state}")
    assert_refused(client, response, Refusal.PROVIDER_ERROR)
    SsoEvent.objects.all().delete()
    assert_refused(client, client.get(callback), Refusal.STATE)


def test_an_unverified_email_is_refused(client: Client, sso: Provider) -> None:
    PersonFactory.create(email="una@example.com")
    refused_sign_in(client, "una", Refusal.EMAIL_UNVERIFIED)


def test_an_email_verified_as_the_string_false_is_refused(
    client: Client, sso: Provider, riley: Person
) -> None:
    sso.proxy.rewrite_tokens = resigned(sso.private_pem, email_verified="false")
    sso.proxy.rewrite_userinfo = lambda claims: {**claims, "email_verified": "false"}
    refused_sign_in(client, "riley", Refusal.EMAIL_UNVERIFIED)


def test_an_email_nobody_says_is_verified_is_refused(
    client: Client, sso: Provider, riley: Person
) -> None:
    def without_verified(claims: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in claims.items() if name != "email_verified"}

    sso.proxy.rewrite_tokens = rewritten(sso.private_pem, without_verified)
    sso.proxy.rewrite_userinfo = without_verified
    refused_sign_in(client, "riley", Refusal.EMAIL_UNVERIFIED)


def test_a_token_without_kid_signed_with_another_key_is_refused(
    client: Client, sso: Provider, riley: Person, settings: Any
) -> None:
    sso.proxy.rewrite_tokens = rewritten(OTHER_KEY, lambda claims: claims, kid=None)
    refused_sign_in(client, "riley", Refusal.SIGNATURE)


def test_a_token_without_kid_signed_by_the_providers_one_key_is_accepted(
    client: Client, sso: Provider, riley: Person
) -> None:
    sso.proxy.rewrite_tokens = rewritten(sso.private_pem, lambda claims: claims, kid=None)
    response = client.get(sso_callback_url(client, "riley"))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(riley.pk)


def test_an_email_outside_the_allowed_domains_is_refused(client: Client, sso: Provider) -> None:
    PersonFactory.create(email="olga@elsewhere.example")
    refused_sign_in(client, "olga", Refusal.DOMAIN)


def test_an_unknown_person_is_refused_and_no_account_is_made(
    client: Client, sso: Provider
) -> None:
    refused_sign_in(client, "sam", Refusal.UNKNOWN_PERSON)
    assert not Person.objects.filter(email="stranger@example.com").exists()


def test_a_deactivated_person_is_refused(client: Client, sso: Provider) -> None:
    admin = PersonFactory.create(is_admin=True)
    person_deactivate(person=PersonFactory.create(email="dee@example.com"), by=admin)
    refused_sign_in(client, "dee", Refusal.DEACTIVATED)


def test_provisioning_makes_an_unknown_person_without_a_manager(
    client: Client, sso: Provider, settings: Any
) -> None:
    settings.SSO_CREATE_PEOPLE = True
    response = client.get(sso_callback_url(client, "nora"))
    nora = Person.objects.get(email="nora@example.com")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(nora.pk)
    assert (nora.name, nora.manager, nora.is_admin) == ("Nora Newcomer", None, False)
    assert not nora.has_usable_password()


def test_provisioning_without_named_domains_makes_nobody(
    client: Client, sso: Provider, settings: Any
) -> None:
    settings.SSO_CREATE_PEOPLE = True
    settings.SSO_ALLOWED_DOMAINS = []
    refused_sign_in(client, "nora", Refusal.UNKNOWN_PERSON)


@pytest.mark.parametrize("endpoint", ["token_endpoint", "userinfo_endpoint"])
def test_the_sign_in_sends_nothing_where_the_outbound_rule_refuses(
    client: Client, sso: Provider, riley: Person, endpoint: str, settings: Any
) -> None:
    """The code exchange and the user info go through core's rule: a provider document naming
    an address inside the network (not the configured issuer) gets no request at all."""
    settings.OUTBOUND_ALLOW_PRIVATE = False
    inside = Listener()
    try:
        config = sso_settings()
        document = discovery_document(config)
        cache.set(
            f"sso-discovery:{config.issuer}",
            {**document, endpoint: f"http://127.0.0.1:{inside.port}/steal"},
        )
        refused_sign_in(client, "riley", Refusal.NOT_CONFIGURED)
        assert inside.connections == 0
    finally:
        inside.stop()
