from datetime import UTC, date, datetime, timedelta

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

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager", email="max@example.com")
    report = PersonFactory.create(
        name="Riley Report",
        email="riley@example.com",
        manager=manager,
        timezone="America/New_York",
    )
    return weekly_series(manager, report, first_day=date(2026, 3, 9), now=T0)


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
    assert mail["Subject"] == "Max Manager cancelled your 1:1 on Mon 9 Mar"
    body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "at 05:00" in body  # 10:00 in Berlin is 05:00 in New York
    assert "Their reason: Off sick" in body
    assert "Secret prep" not in mail.as_string()
    assert "Private!" not in mail.as_string()
    assert smtp.to("max@example.com") == []


def test_it_tells_the_other_person_when_one_moves_it(series: Series, smtp: Inbox) -> None:
    occurrence = first(series)
    occurrence_reschedule(
        occurrence=occurrence,
        by=series.pair.member,
        new_start=occurrence.start + timedelta(days=1),
        reason="Clash",
        now=T0,
    )
    mail_deliver_due(worker="test")
    [mail] = smtp.to("max@example.com")
    assert mail["Subject"] == "Riley Report moved your 1:1 to Tue 10 Mar, 10:00"
    body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "from Monday 9 March, 10:00 to Tuesday 10 March, 10:00" in body


def test_it_tells_nobody_who_switched_it_off(series: Series) -> None:
    Preference.objects.create(person=series.pair.member, changes_enabled=False)
    occurrence_cancel(occurrence=first(series), by=series.pair.lead, now=T0)
    assert not OutboxMessage.objects.filter(kind__startswith="occurrence-").exists()
