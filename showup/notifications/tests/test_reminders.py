import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from showup.actions.services import action_add
from showup.agendas.services import talking_point_add
from showup.mail.models import OutboxMessage
from showup.mail.services import mail_deliver_due
from showup.meetings.models import Occurrence, Series
from showup.notifications.links import action_token, read_action
from showup.notifications.models import Preference
from showup.notifications.reminders import plan_after, plan_before, plan_digests
from tests.factories import PersonFactory, weekly_series
from tests.smtp import Inbox

# Monday 2 March 2026; the series meets Mondays 10:00 Berlin (09:00 UTC).
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(
        name="Max Manager", email="max@example.com", timezone="Europe/Berlin"
    )
    report = PersonFactory.create(
        name="Riley Report",
        email="riley@example.com",
        manager=manager,
        timezone="America/New_York",
    )
    return weekly_series(manager, report, first_day=date(2026, 3, 9), now=T0)


def first(series: Series) -> Occurrence:
    return series.occurrences.order_by("start")[0]


def body(message: Any) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_the_reminder_before_goes_to_both_once_with_shared_content_in_their_own_time(
    series: Series, smtp: Inbox
) -> None:
    occurrence = first(series)  # Monday 9 March, 09:00 UTC
    manager, report = series.pair.lead, series.pair.member
    talking_point_add(
        occurrence=occurrence,
        author=report,
        text="Conference budget & the team's offsite",
        is_private=False,
    )
    talking_point_add(
        occurrence=occurrence, author=report, text="Secret prep about my raise", is_private=True
    )
    action_add(
        occurrence=occurrence,
        by=manager,
        owner=manager,
        text="Send the promotion criteria",
        due_on=None,
    )
    a_day_before = occurrence.start - timedelta(hours=23)
    assert plan_before(now=occurrence.start - timedelta(hours=25)) == 0
    assert plan_before(now=a_day_before) == 2
    assert plan_before(now=a_day_before + timedelta(minutes=5)) == 0  # planned again: nothing new
    mail_deliver_due(worker="test")
    mail_deliver_due(worker="other")
    assert len(smtp.messages) == 2
    to_report = body(smtp.to("riley@example.com")[0])
    to_manager = body(smtp.to("max@example.com")[0])
    assert "at 05:00 (America/New_York)" in to_report  # DST in the US already, not yet in Europe
    assert "at 10:00 (Europe/Berlin)" in to_manager
    for text in (to_report, to_manager):
        assert "Conference budget & the team's offsite" in text  # plain text is not HTML-escaped
        assert "Send the promotion criteria" in text
        assert "Secret prep" not in text
    assert "It's your meeting" in to_report
    assert smtp.to("riley@example.com")[0]["List-Unsubscribe"].strip().startswith("<http")
    assert smtp.to("riley@example.com")[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_moved_1_1_gets_a_new_reminder(series: Series) -> None:
    from showup.meetings.services import occurrence_reschedule

    occurrence = first(series)
    plan_before(now=occurrence.start - timedelta(hours=23))
    occurrence_reschedule(
        occurrence=occurrence,
        by=series.pair.lead,
        new_start=occurrence.start + timedelta(hours=3),
        now=T0,
    )
    assert plan_before(now=occurrence.start - timedelta(hours=20)) == 2


def test_people_choose_the_lead_time_or_turn_it_off(series: Series) -> None:
    Preference.objects.create(person=series.pair.member, before_hours=2)
    Preference.objects.create(person=series.pair.lead, before_enabled=False)
    occurrence = first(series)
    assert plan_before(now=occurrence.start - timedelta(hours=23)) == 0
    assert plan_before(now=occurrence.start - timedelta(hours=1)) == 1
    assert OutboxMessage.objects.get().recipient == "riley@example.com"


def test_the_morning_after_asks_whether_it_happened_and_one_click_answers_once(
    series: Series, smtp: Inbox, client: Client
) -> None:
    occurrence = first(series)
    assert plan_after(now=occurrence.end + timedelta(hours=10)) == 0  # the same evening: not yet
    next_morning_in_berlin = datetime.combine(date(2026, 3, 10), time(7, 30), tzinfo=UTC)
    assert plan_after(now=next_morning_in_berlin) == 1  # 08:30 in Berlin, 03:30 in New York
    assert (
        plan_after(now=datetime.combine(date(2026, 3, 10), time(13, 0), tzinfo=UTC)) == 1
    )  # 09:00 in New York
    mail_deliver_due(worker="test")
    manager_mail = body(smtp.to("max@example.com")[0])
    held_link = re.search(r"We held it: (\S+)", manager_mail).group(1)  # type: ignore[union-attr]
    path = held_link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])
    assert "We held it" in client.get(path).content.decode()  # the page, nothing recorded yet
    assert Occurrence.objects.get(pk=occurrence.pk).state == Occurrence.State.SCHEDULED
    assert client.post(path).status_code == 200
    assert Occurrence.objects.get(pk=occurrence.pk).state == Occurrence.State.HELD
    assert client.post(path).status_code == 410
    assert "already used" in client.get(path).content.decode()


def test_a_tampered_or_foreign_link_does_nothing(series: Series, client: Client) -> None:
    occurrence = first(series)
    token = action_token(occurrence_id=occurrence.pk, person_id=series.pair.lead_id, action="held")
    assert read_action(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    stranger = PersonFactory.create()
    foreign = action_token(occurrence_id=occurrence.pk, person_id=stranger.pk, action="held")
    assert client.post(reverse("notifications:go", args=[foreign])).status_code == 404
    assert Occurrence.objects.get(pk=occurrence.pk).state == Occurrence.State.SCHEDULED


def test_one_click_unsubscribe_works_without_signing_in(
    series: Series, smtp: Inbox, client: Client
) -> None:
    occurrence = first(series)
    plan_before(now=occurrence.start - timedelta(hours=23))
    mail_deliver_due(worker="test")
    url = smtp.to("riley@example.com")[0]["List-Unsubscribe"].strip().strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preference = Preference.objects.get(person=series.pair.member)
    assert not (preference.before_enabled)
    assert not (preference.after_enabled)
    assert not (preference.digest_enabled)
    assert not (preference.changes_enabled)


def test_the_monday_digest_lists_what_to_act_on_once_a_week(series: Series) -> None:
    PersonFactory.create(name="Nola Noseries", manager=series.pair.lead)
    monday_morning_berlin = datetime(2026, 3, 16, 7, 30, tzinfo=UTC)  # 08:30 in Berlin
    assert (
        plan_digests(now=monday_morning_berlin - timedelta(hours=1)) == 0
    )  # 07:30 in Berlin: not yet
    assert plan_digests(now=monday_morning_berlin) == 1
    assert plan_digests(now=monday_morning_berlin + timedelta(hours=2)) == 0
    message = OutboxMessage.objects.get(kind="digest")
    assert message.recipient == "max@example.com"
    assert "Nola Noseries has no 1:1 series" in message.text_body


def test_the_unsubscribe_page_lists_what_applies_to_this_person_and_knows_when_it_is_done(
    series: Series, client: Client
) -> None:
    """A report was told it stops a digest they never get, and asked again when all was off."""
    from showup.notifications.links import unsubscribe_url

    def path_for(person_id: int) -> str:
        return unsubscribe_url(person_id=person_id).removeprefix(settings.BASE_URL)

    def page(person_id: int) -> str:
        return client.get(path_for(person_id)).content.decode()

    report, manager = series.pair.member_id, series.pair.lead_id
    assert "Monday digest" not in page(report)
    assert "synced calendar" not in page(report)
    assert "Monday digest" in page(manager)
    assert "Stop all mail" in page(report)
    client.post(path_for(report))
    again = page(report)
    assert "already sends you none of these" in again
    assert "<form" not in again
