from typing import Any

from tests.factories import TEST_PASSWORD

# The vendored axe-core is injected as a script; the page's own CSP would refuse it.
CHROMIUM_CONTEXT = {"bypass_csp": True, "reduced_motion": "reduce"}


def sign_in(page: Any, live_server: Any, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def accept_confirms(page: Any) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
