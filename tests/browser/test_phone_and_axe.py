"""Every main page at phone width, and axe-core's accessibility rules, in a real Chromium.

axe-core is vendored (tests/browser/vendor/axe.min.js, from the npm package
`axe-core`, MPL-2.0): nothing is downloaded when the tests run.
"""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from showup.demo.organisation import DEMO_PASSWORD
from showup.feedback.models import Feedback
from showup.meetings.models import Occurrence, Pair
from showup.pages.help import DOCS
from showup.people.models import Person
from showup.performance.models import Review
from tests.browser.helpers import CHROMIUM_CONTEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
SERIOUS = ("serious", "critical")
ORG_CSV = (
    b"email,name,title,manager_email,timezone\n"
    b"ada.moreau.with.a.very.long.address@example.com,Ada Moreau,Director of Customer Success,,Europe/Paris\n"
    b"li@example.com,Li Wei,Account Executive,ada.moreau.with.a.very.long.address@example.com,Asia/Singapore\n"
    b"broken,Broken Row,,,Not/AZone\n"
)


def _pages(person: Person) -> list[str]:
    """The main pages this person can open."""
    pages = ["/", "/feedback/", "/search/?q=growth", "/people/", f"/people/{person.pk}/"]
    pages += ["/calendar/", "/settings/reminders/", "/accounts/password/"]
    pages += ["/settings/tokens/", "/settings/calendar-sync/", "/settings/chat/"]
    pages += ["/settings/webhooks/", "/api/v1/docs"]
    pages += [f"/help/{guide.stem}/" for guide in sorted(DOCS.glob("*.md"))]
    pair = Pair.objects.filter(lead=person).first() or Pair.objects.filter(member=person).first()
    if pair is not None:
        pages += [
            f"/pairs/{pair.pk}/",
            f"/pairs/{pair.pk}/history/",
            f"/pairs/{pair.pk}/print/",
            f"/pairs/{pair.pk}/feedback/",
            f"/pairs/{pair.pk}/blockers/",
            f"/pairs/{pair.pk}/performance/",
            f"/pairs/{pair.pk}/career/",
            f"/pairs/{pair.pk}/insights/",
        ]
        upcoming = (
            Occurrence.objects.filter(pair=pair, start__gt=timezone.now())
            .order_by("start")
            .first()
        )
        held = Occurrence.objects.filter(pair=pair, state="held").order_by("-start").first()
        for occurrence in (upcoming, held):
            if occurrence is not None:
                pages.append(f"/occurrences/{occurrence.pk}/")
        if upcoming is not None:
            pages.append(f"/occurrences/{upcoming.pk}/cancel/")
    if Pair.objects.filter(lead=person).exists():
        pages += ["/team/", "/insights/", "/team/concerns/"]
        review = Review.objects.filter(pair__lead=person).first()
        if review is not None:
            pages.append(f"/reviews/{review.pk}/")
    if person.is_admin:
        other = Person.objects.exclude(pk=person.pk).first()
        assert other is not None
        pages += ["/people/manage/", "/people/manage/new/", f"/people/manage/{other.pk}/"]
        pages += ["/people/import/", "/admin/mail/", "/insights/org/"]
        pages += ["/admin/sso/", "/admin/scim/", "/admin/webhooks/", "/admin/invitations/"]
    return pages


def _sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def _problems(page: Any, where: str) -> list[str]:
    found = []
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > PHONE["width"]:
        culprits = page.evaluate(
            """(limit) => [...document.querySelectorAll('body *')]
                .filter((el) => el.getBoundingClientRect().right > limit + 1)
                .slice(0, 3).map((el) => el.tagName.toLowerCase() + '.' + el.className)""",
            PHONE["width"],
        )
        found.append(f"{where}: {wide}px wide at {PHONE['width']}px ({', '.join(culprits)})")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    for violation in violations:
        if violation["impact"] in SERIOUS:
            targets = [node["target"] for node in violation["nodes"][:3]]
            found.append(f"{where}: axe {violation['impact']} {violation['id']} at {targets}")
    return found


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_main_page_fits_a_phone_and_passes_axe(
    browser: Any, live_server: Any, demo: None
) -> None:
    problems: list[str] = []
    checked = 0
    for email in (
        "jonas@kestrel.example",
        "lena@kestrel.example",
        "amara@kestrel.example",
        "sam@kestrel.example",
        None,
    ):
        context = browser.new_context(viewport=PHONE, **CHROMIUM_CONTEXT)
        context.set_default_timeout(15_000)
        page = context.new_page()
        if email is None:
            pages = ["/accounts/sign-in/", "/accounts/reset/"]
        else:
            _sign_in(page, live_server, email)
            pages = _pages(Person.objects.get(email=email))
        for path in pages:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None, f"{email} {path}"
            assert response.status == 200, f"{email} {path}"
            problems += _problems(page, f"{email or 'signed out'} {path}")
            checked += 1
        if email == "sam@kestrel.example":
            page.goto(f"{live_server.url}/people/import/")
            page.set_input_files(
                "input[type=file]",
                files=[{"name": "org.csv", "mimeType": "text/csv", "buffer": ORG_CSV}],
            )
            page.locator("form:has(input[type=file]) button[type=submit]").click()
            page.wait_for_load_state()
            problems += _problems(page, "admin import preview")
            checked += 1
        context.close()
    print(f"phone and axe: {checked} pages")
    assert problems == [], "\n".join(problems)
    assert Feedback.objects.exists()  # the demo gave the feedback pages something to show
