"""A real Chromium makes an API token, uses it, and reads the API reference served by Showup alone."""

from typing import Any

import pytest
import requests

from tests.browser.helpers import CHROMIUM_CONTEXT, sign_in
from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def api_get(url: str, token: str) -> Any:
    return requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).json()


def test_a_person_makes_a_token_uses_it_and_reads_the_reference(
    page: Any, live_server: Any
) -> None:
    person = PersonFactory.create(name="Riley Report", email="riley@example.com")
    sign_in(page, live_server, person.email)
    page.locator("summary", has_text="Riley Report").click()
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Tracker sync")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Make token").click()
    token = page.get_by_role("textbox", name="Token", exact=True).input_value()
    assert token.startswith("shu_")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("button", name="Copy").click()
    page.get_by_role("status").filter(has_text="Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == token
    assert api_get(f"{live_server.url}/api/v1/me", token)["name"] == "Riley Report"
    page.reload()  # the browser resends nothing; the page no longer shows the token
    assert page.get_by_role("textbox", name="Token", exact=True).count() == 0

    outside, problems = [], []
    failed: list[str] = []
    page.on("request", lambda request: outside.append(request.url))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    assert page.locator("article.api-operation").count() >= 22
    assert [url for url in outside if not url.startswith((live_server.url, "data:"))] == []
    assert failed == []
    # The browser's own favicon fetch may fail and log at any moment; the page's own loads are in `failed`.
    refusals = [text for text in problems if not text.startswith("Failed to load resource")]
    assert refusals == []  # a script or style refused by the CSP, or a script error


def test_the_api_reference_passes_axe(browser: Any, live_server: Any) -> None:
    from tests.browser.test_phone_and_axe import AXE, SERIOUS

    context = browser.new_context(**CHROMIUM_CONTEXT)
    page = context.new_page()
    sign_in(page, live_server, PersonFactory.create(email="riley@example.com").email)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    context.close()
    serious = {
        violation["id"]: len(violation["nodes"])
        for violation in violations
        if violation["impact"] in SERIOUS
    }
    assert serious == {}
