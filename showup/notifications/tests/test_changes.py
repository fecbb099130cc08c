from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from showup.agendas.services import talking_point_add
from showup.mail.models import OutboxMessage
from showup.mail.services import mail_deliver_due
from showup.meetings.models import Occurrence, Series
from showup.meetings.services import occurrence_cancel, occurrence_reschedule
from showup.notes.services import note_save
from showup.notifications.models import Preference
from tests.factories import PersonFactory, weekly_series
from tests.smtp import Inbox

# Real time: a change to a 1:1 already past tells nobody, so these 1:1s are ahead.
T0 = datetime.now(UTC)
FIRST_MONDAY = (T0 + timedelta(days=14 - T0.weekday())).date()
NEW_YORK, BERLIN = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager", email="max@example.com")
    report = PersonFactory.create(
        name="Riley Report",
        email="riley@example.com",
        manager=manager,
        timezone="America/New_York",
    )
    return weekly_series(manager, report, first_day=FIRST_MONDAY, now=T0)


def first(series: Series) -> Occurrence:
    return series.occurrences.order_by("start")[0]


def test_it_tells_the_other_person_when_one_cancels_with_shared_content_only(
    series: Series, smtp: Inbox
) -> None:
    occurrence = first(series)
    manager = series.pair.lead
    talking_point_add(occurrence=occurrence, author=manager, text="Secret prep", is_private=True)
    note_save(occurrence=occurrence, by=manager, private=True, body="Private!", base_version=0)
    occurrence_cancel(occurrence=occurrence, by=manager, reason="Off sick", now=T0)
    mail_deliver_due(worker="test")
    [mail] = smtp.to("riley@example.com")
    there = occurrence.start.astimezone(NEW_YORK)
    assert mail["Subject"] == f"Max Manager cancelled your 1:1 on {there:%a %-d %b}"
    body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"at {there:%H:%M}" in body  # in New York, where Riley reads it
    assert "Their reason: Off sick" in body
    assert "Secret prep" not in mail.as_string()
    assert "Private!" not in mail.as_string()
    assert smtp.to("max@example.com") == []


def test_it_tells_the_other_person_when_one_moves_it(series: Series, smtp: Inbox) -> None:
    occurrence = first(series)
    before = occurrence.start.astimezone(BERLIN)
    occurrence_reschedule(
        occurrence=occurrence,
        by=series.pair.member,
        new_start=occurrence.start + timedelta(days=1),
        reason="Clash",
        now=T0,
    )
    mail_deliver_due(worker="test")
    [mail] = smtp.to("max@example.com")
    after = before + timedelta(days=1)
    assert mail["Subject"] == f"Riley Report moved your 1:1 to {after:%a %-d %b}, 10:00"
    body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"from {before:%A %-d %B}, 10:00 to {after:%A %-d %B}, 10:00" in body


def test_it_tells_nobody_who_switched_it_off(series: Series) -> None:
    Preference.objects.create(person=series.pair.member, changes_enabled=False)
    occurrence_cancel(occurrence=first(series), by=series.pair.lead, now=T0)
    assert not OutboxMessage.objects.filter(kind__startswith="occurrence-").exists()


def test_a_change_to_a_1on1_already_past_tells_nobody(series: Series) -> None:
    """A restored history or the demo's cancels 1:1s long gone: nobody needs mail about them."""
    occurrence = first(series)
    occurrence_cancel(
        occurrence=occurrence, by=series.pair.lead, now=occurrence.start - timedelta(hours=1)
    )
    assert OutboxMessage.objects.count() == 1  # this one is ahead: the mail goes
    OutboxMessage.objects.all().delete()
    Occurrence.objects.filter(pk=occurrence.pk).update(state=Occurrence.State.SCHEDULED)
    past = occurrence.start - timedelta(weeks=30)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=past, end=past + timedelta(minutes=30)
    )
    occurrence.refresh_from_db()
    occurrence_cancel(occurrence=occurrence, by=series.pair.lead, now=past - timedelta(hours=1))
    assert not OutboxMessage.objects.exists()


def test_a_past_1on1_moved_into_the_future_is_news(series: Series) -> None:
    occurrence = first(series)
    past = T0 - timedelta(days=1)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=past, end=past + timedelta(minutes=30)
    )
    occurrence.refresh_from_db()
    occurrence_reschedule(
        occurrence=occurrence,
        by=series.pair.member,
        new_start=T0 + timedelta(days=2),
        reason="Missed it",
        now=past - timedelta(hours=2),
    )
    assert OutboxMessage.objects.filter(kind="occurrence-moved").count() == 1
