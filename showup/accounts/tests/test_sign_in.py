import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from showup.mail.services import mail_deliver_due
from showup.people.models import Person
from showup.people.services import person_deactivate
from tests.factories import PersonFactory
from tests.smtp import Inbox
from tests.urls import all_url_names, placeholder_url

SIGN_IN = reverse("accounts:sign-in")
OPEN_TO_EVERYONE = {
    "accounts:sign-in",
    "accounts:reset",
    "accounts:reset-sent",
    "accounts:reset-confirm",
    "accounts:invitation",
    "core:healthz",
    "meetings:feed",  # calendar apps cannot sign in: the secret token is the key
    "notifications:go",  # one-click answers from e-mail: the signed, single-use link is the key
    "notifications:unsubscribe",  # RFC 8058 one-click unsubscribe: the signed link is the key
    "sso:start",  # single sign-on begins before anyone is signed in
    "sso:callback",  # the provider's answer: state, nonce and the signed ID token are the key
    "sso:signed-out",  # the page after signing out
}
# Identity providers cannot sign in: SCIM's bearer token is the key, and without it the answer is 401.
OPEN_TO_EVERYONE |= {name for name in all_url_names() if name.startswith("scim:")}


def sign_in_with(client: Client, email: str, password: str) -> Any:
    return client.post(SIGN_IN, {"username": email, "password": password})


# The JSON API answers 401 itself rather than sending a script to a sign-in page (showup/api/tests).
API = {name for name in all_url_names() if name.startswith("api-v1:")}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(set(all_url_names()) - OPEN_TO_EVERYONE - API))
def test_anonymous_requests_are_sent_to_sign_in(client: Client, name: str) -> None:
    url = placeholder_url(name)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302, name
        assert response["Location"].startswith(f"{SIGN_IN}?next=")


@pytest.mark.django_db
def test_signing_in_with_any_letter_case_works(
    client: Client, person: Person, password: str
) -> None:
    response = sign_in_with(client, "RILEY@Example.com", password)
    assert response.status_code == 302
    assert client.get(reverse("pages:home")).status_code == 200


@pytest.mark.django_db
def test_signing_in_rotates_the_session(client: Client, person: Person, password: str) -> None:
    client.get(SIGN_IN)
    client.session.save()
    before = client.session.session_key
    sign_in_with(client, person.email, password)
    assert client.session.session_key != before


@pytest.mark.django_db
def test_a_wrong_password_says_so_and_signs_nobody_in(client: Client, person: Person) -> None:
    response = sign_in_with(client, person.email, "wrong password")
    assert "do not match an active account" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_passwords_are_throttled(client: Client, person: Person, password: str) -> None:
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        sign_in_with(client, person.email, "wrong password")
    response = sign_in_with(client, person.email, password)  # even the right one, now
    assert "Too many wrong passwords. Try again in 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lockout_ends(client: Client, person: Person, password: str, settings: Any) -> None:
    from showup.accounts.models import SignInThrottle

    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        sign_in_with(client, person.email, "wrong password")
    SignInThrottle.objects.update(locked_until=None)
    assert sign_in_with(client, person.email, password).status_code == 302


@pytest.mark.django_db
def test_throttling_one_account_leaves_others_alone(
    client: Client, person: Person, password: str
) -> None:
    other = PersonFactory.create(email="other@example.com")
    for _ in range(settings.SIGN_IN_MAX_FAILURES):
        sign_in_with(client, person.email, "wrong password")
    assert sign_in_with(client, other.email, password).status_code == 302


@pytest.mark.django_db
def test_many_accounts_from_one_address_are_throttled(client: Client, password: str) -> None:
    from showup.accounts.throttle import ADDRESS_ALLOWANCE

    for n in range(settings.SIGN_IN_MAX_FAILURES * ADDRESS_ALLOWANCE):
        sign_in_with(client, f"guess{n}@example.com", "wrong password")
    PersonFactory.create(email="fresh@example.com")
    response = sign_in_with(client, "fresh@example.com", password)
    assert "Too many wrong passwords" in response.content.decode()


@pytest.mark.django_db
def test_deactivation_ends_the_session_at_once(client: Client, person: Person) -> None:
    admin = PersonFactory.create(is_admin=True)
    client.force_login(person)
    assert client.get(reverse("pages:home")).status_code == 200
    person_deactivate(person=person, by=admin)
    assert client.get(reverse("pages:home")).status_code == 302


@pytest.mark.django_db
def test_a_deactivated_person_cannot_sign_in(
    client: Client, person: Person, password: str
) -> None:
    person.is_active = False
    person.save()
    response = sign_in_with(client, person.email, password)
    assert "do not match an active account" in response.content.decode()


@pytest.mark.django_db
def test_signing_out_needs_a_post(client: Client, person: Person) -> None:
    client.force_login(person)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    client.post(reverse("accounts:sign-out"))
    assert client.get(reverse("pages:home")).status_code == 302


def link_in(inbox: Inbox, address: str) -> str:
    body = inbox.to(address)[-1].get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    match = re.search(r"https?://\S+", body)
    assert match is not None
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.mark.django_db
def test_a_password_reset_arrives_by_smtp_and_works_once(
    client: Client, person: Person, smtp: Inbox
) -> None:
    client.post(reverse("accounts:reset"), {"email": "Riley@example.com"})
    assert mail_deliver_due(worker="test") == 1
    link = link_in(smtp, person.email)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "a much better passphrase"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    person.refresh_from_db()
    assert person.check_password(new)
    client.logout()
    assert "no longer works" in client.get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client: Client, smtp: Inbox
) -> None:
    response = client.post(reverse("accounts:reset"), {"email": "nobody@example.com"}, follow=True)
    assert "If that address belongs to an active account" in response.content.decode()
    assert mail_deliver_due(worker="test") == 0


@pytest.mark.django_db
def test_an_invitation_sets_a_first_password_once(client: Client, smtp: Inbox) -> None:
    from showup.accounts.services import invitation_send

    newcomer = PersonFactory.create(email="new@example.com")
    newcomer.set_unusable_password()
    newcomer.save()
    invitation_send(person=newcomer, invited_by=None)
    mail_deliver_due(worker="test")
    link = link_in(smtp, "new@example.com")
    assert "/accounts/invitation/" in link
    page = client.get(link, follow=True)
    assert "Welcome to Showup" in page.content.decode()
    secret = "my first passphrase"
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": secret, "new_password2": secret}
    )
    assert response.status_code == 302
    assert client.get(reverse("pages:home")).status_code == 200  # signed in straight away
    client.logout()
    assert "no longer works" in client.get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_a_new_invitation_replaces_the_old_link(client: Client, smtp: Inbox) -> None:
    from showup.accounts.services import invitation_send

    newcomer = PersonFactory.create(email="new@example.com")
    newcomer.set_unusable_password()
    newcomer.save()
    invitation_send(person=newcomer, invited_by=None)
    mail_deliver_due(worker="test")
    old_link = link_in(smtp, "new@example.com")
    invitation_send(person=newcomer, invited_by=None)
    assert "no longer works" in client.get(old_link, follow=True).content.decode()


def test_passwords_are_hashed_with_argon2_in_production() -> None:
    from showup import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
