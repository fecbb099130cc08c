from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.actions.services import action_add_for_pair
from showup.agendas.services import talking_point_add
from showup.history.export import pair_markdown
from showup.history.selectors import chapters
from showup.notes.services import note_save
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_the_export_puts_the_report_s_points_first_and_keeps_only_the_reader_s_private_text() -> (
    None
):
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    series = weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)
    occurrence = series.occurrences.order_by("start")[0]
    talking_point_add(occurrence=occurrence, author=manager, text="Roadmap", is_private=False)
    talking_point_add(occurrence=occurrence, author=report, text="My growth", is_private=False)
    note_save(
        occurrence=occurrence,
        by=manager,
        private=True,
        body="Manager's own thoughts",
        base_version=0,
    )
    note_save(
        occurrence=occurrence,
        by=report,
        private=True,
        body="Report's own thoughts",
        base_version=0,
    )

    text = pair_markdown(
        pair=series.pair,
        reader=report,
        chapters=chapters(occurrences=[occurrence], person=report),
        open_items=[],
        now=timezone.now(),
    )
    assert text.index("My growth") < text.index("Roadmap")
    assert "Report's own thoughts" in text
    assert "Manager's own thoughts" not in text


@pytest.mark.django_db
def test_the_export_keeps_the_reader_s_prep_for_a_1_1_ahead_and_nobody_else_s(
    client: Client,
) -> None:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    start = timezone.now() - timedelta(weeks=2)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    ahead = series.occurrences.filter(start__gt=timezone.now()).order_by("start").first()
    assert ahead is not None
    note_save(
        occurrence=ahead, by=report, private=True, body="Ask about the raise", base_version=0
    )
    note_save(occurrence=ahead, by=manager, private=True, body="Budget is tight", base_version=0)
    client.force_login(report)
    text = client.get(reverse("history:export", args=[series.pair_id])).content.decode()
    assert "Ask about the raise" in text
    assert "Budget is tight" not in text
    # The printed page holds the same 1:1s as the export, the one ahead included.
    printed = client.get(reverse("history:print", args=[series.pair_id])).content.decode()
    assert "Ask about the raise" in printed
    assert "Budget is tight" not in printed
    client.force_login(manager)
    printed = client.get(reverse("history:print", args=[series.pair_id])).content.decode()
    assert "Budget is tight" in printed
    assert "Ask about the raise" not in printed


@pytest.mark.django_db
def test_print_and_export_carry_open_items_agreed_outside_any_1_1(client: Client) -> None:
    """A career plan's commitment belongs to no 1:1: print and export left it out."""
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    start = timezone.now() - timedelta(weeks=2)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    action_add_for_pair(
        pair=series.pair,
        occurrence=None,
        by=manager,
        owner=manager,
        text="Hand Riley the sprint planning",
        due_on=(timezone.now() - timedelta(days=3)).date(),
    )
    client.force_login(report)
    printed = client.get(reverse("history:print", args=[series.pair_id])).content.decode()
    exported = client.get(reverse("history:export", args=[series.pair_id])).content.decode()
    for page in (printed, exported):
        assert "Hand Riley the sprint planning" in page
