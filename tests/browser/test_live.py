"""The live 1:1: two browsers on one 1:1 page see each other's changes without reloading."""

import re
from typing import Any

import pytest

from showup.notes.models import Note
from tests.browser.test_one_on_one import occurrence_url, open_as

__all__ = ["occurrence_url", "open_as"]  # fixtures shared with the other two-browser tests
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SAVED = re.compile(r"^Saved")
# The page asks every second; allow for a slow, shared machine.
SOON = 5_000


def test_each_sees_the_other_s_point_tick_and_presence_without_reloading(
    open_as: Any, occurrence_url: str
) -> None:
    report = open_as("riley@example.com", occurrence_url)
    manager = open_as("max@example.com", occurrence_url)
    manager.get_by_text("Riley Report has this 1:1 open too.").wait_for(timeout=SOON)
    report.get_by_text("Max Manager has this 1:1 open too.").wait_for(timeout=SOON)

    report.get_by_label("New talking point").fill("Can I lead the next launch?")
    report.get_by_role("button", name="Add", exact=True).first.click()
    manager.get_by_text("Can I lead the next launch?").wait_for(timeout=SOON)

    # What the manager is typing meanwhile stays in the box.
    manager.get_by_label("New action item").fill("Ask about the launch budg")
    report.get_by_label("New talking point").fill("Also: training")
    report.get_by_role("button", name="Add", exact=True).first.click()
    manager.get_by_text("Also: training").wait_for(timeout=SOON)
    assert manager.get_by_label("New action item").input_value() == "Ask about the launch budg"

    manager.get_by_label("Discussed: Can I lead the next launch?").check()
    report.locator(".point.is-discussed").wait_for(timeout=SOON)


def test_two_people_typing_in_the_shared_note_both_keep_their_words(
    open_as: Any, occurrence_url: str
) -> None:
    report = open_as("riley@example.com", occurrence_url)
    manager = open_as("max@example.com", occurrence_url)
    report_notes = report.get_by_label("Shared notes You and Max")
    manager_notes = manager.get_by_label("Shared notes You and Riley")
    report_notes.fill("Riley: wants to lead the launch.")
    report.locator("#note-shared-status", has_text=SAVED).wait_for()
    manager_notes.fill("Max: will check the budget.")  # typed before seeing Riley's line
    manager.locator("#note-shared-status", has_text="merged").wait_for()
    both = "Riley: wants to lead the launch.\nMax: will check the budget."
    assert Note.objects.get().body == both
    assert manager_notes.input_value() == both
    report.wait_for_function(
        "text => document.querySelector('#note-shared textarea[name=body]').value === text",
        arg=both,
        timeout=SOON,
    )
    assert manager.locator("#note-shared-conflict .conflict").count() == 0
