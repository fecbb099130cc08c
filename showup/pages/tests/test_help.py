"""The guides in docs/ are pages in Showup, so the admin screens can link to their setup."""

from typing import Any

import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_guide_is_a_page_with_links_to_the_other_guides(sign_in: Any) -> None:
    page = sign_in(PersonFactory.create()).get(reverse("pages:help", args=["architecture"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Architecture</h1>" in html
    assert "<table>" in html
    assert f'href="{reverse("pages:help", args=["caldav"])}"' in html  # was caldav.md


@pytest.mark.parametrize("name", ["nothing-here", "..", "README", "screenshot"])
def test_only_the_guides_are_served(sign_in: Any, name: str) -> None:
    client = sign_in(PersonFactory.create())
    assert client.get(f"/help/{name}/").status_code == 404


def test_the_guides_need_signing_in(client: Any) -> None:
    assert client.get(reverse("pages:help", args=["sso"])).status_code == 302


def test_the_sso_screen_links_to_its_setup(sign_in: Any) -> None:
    page = sign_in(PersonFactory.create(is_admin=True)).get(reverse("sso:status")).content.decode()
    assert f'<a href="{reverse("pages:help", args=["sso"])}">' in page
    assert "docs/sso.md" not in page


@pytest.mark.parametrize(
    ("screen", "guide"),
    [
        ("/admin/scim/", "scim"),
        ("/admin/invitations/", "calendar"),
        ("/admin/mail/", "configuration"),
        ("/admin/webhooks/", "webhooks"),
        ("/settings/calendar-sync/", "caldav"),
    ],
)
def test_each_setup_screen_links_to_its_guide(sign_in: Any, screen: str, guide: str) -> None:
    page = sign_in(PersonFactory.create(is_admin=True)).get(screen)
    assert page.status_code == 200
    assert f'href="{reverse("pages:help", args=[guide])}"' in page.content.decode()
