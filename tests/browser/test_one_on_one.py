"""Two real browsers, a manager and a report, on the same 1:1 page at once."""

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.notes.models import Note
from tests.browser.helpers import sign_in
from tests.factories import PersonFactory, weekly_series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SAVED = re.compile(r"^Saved")  # not "Not saved"


@pytest.fixture
def occurrence_url(transactional_db: None, live_server: Any) -> str:
    manager = PersonFactory.create(name="Max Manager", email="max@example.com")
    report = PersonFactory.create(name="Riley Report", email="riley@example.com", manager=manager)
    series = weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=1))
    occurrence = series.occurrences.order_by("start").first()
    assert occurrence is not None
    return f"{live_server.url}/occurrences/{occurrence.pk}/"


@pytest.fixture
def open_as(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Opens a page signed in as someone; closes every such browser when the test ends.

    A 1:1 page left open keeps asking the server every second, into the next
    test, whose database is not the one it was opened on.
    """
    contexts: list[Any] = []

    def open_page(email: str, url: str, init_script: str = "") -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        contexts.append(context)
        context.set_default_timeout(10_000)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        sign_in(page, live_server, email)
        page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_manager_and_report_work_on_the_same_1_1(open_as: Any, occurrence_url: str) -> None:
    report = open_as("riley@example.com", occurrence_url)
    manager = open_as("max@example.com", occurrence_url)

    report.get_by_label("New talking point").fill("Can I go to a conference this year?")
    report.get_by_role("button", name="Add", exact=True).first.click()
    report.get_by_text("Can I go to a conference this year?").wait_for()

    report.get_by_label("New talking point").fill("Review my PR #482")
    report.get_by_role("button", name="Add", exact=True).first.click()
    report.get_by_text("This looks like a review of a piece of work.").wait_for()
    report.get_by_role("button", name="Keep it").click()
    report.get_by_text("This looks like a review of a piece of work.").wait_for(state="detached")
    assert TalkingPoint.objects.get(text="Review my PR #482").off_topic_kind == "work-review"

    manager.reload()
    assert manager.get_by_text("Can I go to a conference this year?").is_visible()
    manager.get_by_label("Discussed: Can I go to a conference this year?").check()
    manager.locator(".point.is-discussed").wait_for()
    manager.get_by_label("New action item").fill("Find out the conference budget")
    manager.get_by_role("button", name="Add").last.click()
    manager.locator("#actions .badge", has_text=re.compile(r"^Commitment$")).wait_for()
    assert ActionItem.objects.get().is_commitment

    # The same words changed by both: the second save is refused and nothing is lost.
    report_notes = report.get_by_label("Shared notes You and Max")
    manager_notes = manager.get_by_label("Shared notes You and Riley")
    report_notes.fill("Agreed: Riley drafts the conference proposal.")
    report.locator("#note-shared-status", has_text=SAVED).wait_for()
    manager.reload()  # the page has the saved text; now both rewrite its one line at once
    report_notes.fill("Agreed: Riley writes the conference proposal.")
    manager_notes.fill("Agreed: Max drafts the conference proposal.")
    manager.get_by_text("saved these notes while you were typing").wait_for()
    assert Note.objects.get().body == "Agreed: Riley writes the conference proposal."
    assert manager_notes.input_value() == "Agreed: Max drafts the conference proposal."
    manager_notes.fill("Agreed: Riley writes the conference proposal, Max reviews it.")
    manager.get_by_role("button", name="I've merged: save my text").click()
    manager.locator("#note-shared-status", has_text=SAVED).wait_for()
    assert (
        Note.objects.get().body == "Agreed: Riley writes the conference proposal, Max reviews it."
    )
    manager.screenshot(path="test-artifacts/occurrence-page.png", full_page=True)


def test_a_private_point_stays_with_its_author(open_as: Any, occurrence_url: str) -> None:
    report = open_as("riley@example.com", occurrence_url)
    report.get_by_label("New talking point").fill("Ask about the raise calmly")
    report.get_by_label("Private (only you)").check()
    report.get_by_role("button", name="Add", exact=True).first.click()
    report.get_by_text("Private: only you").wait_for()
    manager = open_as("max@example.com", occurrence_url)
    assert manager.get_by_text("Ask about the raise calmly").count() == 0


def test_text_no_one_may_store_is_refused_with_a_message_and_the_next_add_works(
    open_as: Any, occurrence_url: str
) -> None:
    report = open_as("riley@example.com", occurrence_url)
    report.get_by_label("New talking point").fill("Ring the bell\u0007 please")
    report.get_by_role("button", name="Add", exact=True).first.click()
    report.get_by_role("alert").filter(has_text="control character").wait_for()
    assert not TalkingPoint.objects.exists()

    report.get_by_label("New talking point").fill("Plain words this time")
    report.get_by_role("button", name="Add", exact=True).first.click()
    report.get_by_text("Plain words this time").wait_for()
    report.get_by_label("New talking point").fill("And one more")
    report.get_by_role("button", name="Add", exact=True).first.click()
    report.get_by_text("And one more").wait_for()
    assert TalkingPoint.objects.count() == 2  # each add had its own key


def test_a_skipped_1_1_put_back_on_has_its_agenda_again(open_as: Any, occurrence_url: str) -> None:
    report = open_as("riley@example.com", occurrence_url)
    report.get_by_label("New talking point").fill("How do I grow into a lead role?")
    report.get_by_role("button", name="Add", exact=True).first.click()
    report.get_by_text("How do I grow into a lead role?").wait_for()

    report.locator("summary", has_text="Skip it").click()
    report.get_by_role("button", name="Skip this one").click()
    report.get_by_text("Its open points move to your next 1:1").wait_for()
    assert report.get_by_text("How do I grow into a lead role?").count() == 0

    report.get_by_role("button", name="Put it back on").click()
    report.get_by_text(
        "Its points that had moved on, and are still open, are back on it"
    ).wait_for()
    report.get_by_text("How do I grow into a lead role?").wait_for()


def test_points_added_without_a_reload_sit_where_a_reload_puts_them(
    open_as: Any, occurrence_url: str
) -> None:
    manager = open_as("max@example.com", occurrence_url)
    empty = manager.get_by_text("Nothing on the agenda yet.")
    assert empty.is_visible()
    manager.get_by_label("New talking point").fill("Hiring update")
    manager.get_by_role("button", name="Add", exact=True).first.click()
    manager.get_by_text("Hiring update").wait_for()
    assert not empty.is_visible()

    report = open_as("riley@example.com", occurrence_url)
    report.get_by_label("New talking point").fill("Conference budget")
    report.get_by_role("button", name="Add", exact=True).first.click()
    report.get_by_text("Conference budget").wait_for()
    assert report.get_by_label("New talking point").input_value() == ""
    texts = report.locator("#agenda-points .point-text")
    added = texts.all_inner_texts()
    report.reload()
    assert added == texts.all_inner_texts() == ["Conference budget", "Hiring update"]
