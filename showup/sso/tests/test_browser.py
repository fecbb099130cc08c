"""A real Chromium signs in through the real provider, and signs out of both."""

import re
from typing import Any

import pytest

from showup.people.models import Person
from showup.sso.models import SsoPolicy
from tests.browser.helpers import sign_in
from tests.factories import TEST_PASSWORD, PersonFactory
from tests.oidc_provider.running import PASSWORD, Provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_at_provider(page: Any, username: str) -> None:
    page.get_by_label("Provider user name").fill(username)
    page.get_by_label("Provider password").fill(PASSWORD)
    page.get_by_role("button", name="Log in to the provider").click()


def test_a_person_signs_in_through_the_provider_and_signs_out_of_both(
    page: Any, live_server: Any, sso: Provider
) -> None:
    PersonFactory.create(email="riley@example.com", name="Riley Report")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign in with Test IdP").click()
    page.wait_for_url(f"{sso.base}/accounts/login/**")
    log_in_at_provider(page, "riley")

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Hello, Riley").is_visible()

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/sso/signed-out/")
    page.get_by_role("link", name="Sign out of your identity provider too").click()
    page.wait_for_url(re.compile(re.escape(f"{sso.issuer}/logout/")))
    page.get_by_role("button", name="Logout").click()
    page.wait_for_url(f"{live_server.url}/accounts/sign-in/")

    # Signed out at the provider too: the next sign-in asks for the provider password again.
    page.get_by_role("link", name="Sign in with Test IdP").click()
    page.wait_for_url(f"{sso.base}/accounts/login/**")


def test_an_unknown_person_sees_why_and_gets_no_account(
    page: Any, live_server: Any, sso: Provider
) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_role("link", name="Sign in with Test IdP").click()
    log_in_at_provider(page, "sam")
    page.wait_for_url(f"{live_server.url}/sso/callback/**")
    assert page.get_by_role("heading", name="You are not signed in").is_visible()
    assert page.get_by_text("There is no Showup account for your e-mail address").is_visible()
    assert not Person.objects.filter(email="stranger@example.com").exists()


def test_with_sso_required_a_password_is_refused_except_the_break_glass_admins(
    browser: Any, live_server: Any, sso: Provider
) -> None:
    PersonFactory.create(email="riley@example.com", name="Riley Report")
    PersonFactory.create(email="ada@example.com", name="Ada Admin", is_admin=True)
    SsoPolicy.objects.update_or_create(pk=1, defaults={"sso_required": True})

    riley_context, ada_context = browser.new_context(), browser.new_context()
    riley = riley_context.new_page()
    riley.goto(f"{live_server.url}/accounts/sign-in/")
    assert riley.get_by_text("passwords are switched off").first.is_visible()
    riley.get_by_label("E-mail").fill("riley@example.com")
    riley.get_by_label("Password").fill(TEST_PASSWORD)
    riley.get_by_role("button", name="Sign in", exact=True).click()
    assert riley.get_by_text("Use the “Sign in with Test IdP” button").is_visible()
    assert riley.url.startswith(f"{live_server.url}/accounts/sign-in/")

    ada = ada_context.new_page()
    sign_in(ada, live_server, "ada@example.com")
    ada.goto(f"{live_server.url}/admin/sso/")
    assert ada.get_by_text("Configured and working").is_visible()
    assert ada.get_by_text("Required", exact=True).is_visible()
    riley_context.close()
    ada_context.close()
