"""A real Chromium signs in as demo people and looks at the pages."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from showup.demo.organisation import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path("test-artifacts")


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(f"{live_server.url}/")
    assert "/accounts/sign-in/" in page.url
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def test_a_manager_signs_in_and_sees_their_team_at_desktop_and_phone_width(
    page: Any, live_server: Any, demo: None
) -> None:
    sign_in(page, live_server, "jonas@kestrel.example")
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        assert page.get_by_role("heading", name="Hello, Jonas").is_visible()
        assert page.get_by_role("link", name="Lena Fischer").first.is_visible()
        assert page.get_by_role("heading", name="Your team's 1:1s").is_visible()
        page.screenshot(path=str(SCREENSHOTS / f"home-manager-{width}.png"), full_page=True)


def test_an_engineer_finds_a_colleague_uses_the_phone_menu_and_signs_out(
    page: Any, live_server: Any, demo: None
) -> None:
    sign_in(page, live_server, "lena@kestrel.example")
    page.get_by_role("link", name="Org chart").click()
    page.get_by_label("Search people").fill("kenji")
    assert page.get_by_text("1 person matches").is_visible()
    assert page.get_by_role("link", name="Kenji Sato").is_visible()
    assert not page.get_by_role("link", name="Mei Tan").is_visible()

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/")
    org_link = page.get_by_role("link", name="Org chart")
    assert not org_link.is_visible()
    page.get_by_role("button", name="Menu").click()
    assert org_link.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "home-engineer-390.png"), full_page=True)

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/sign-in/")
