"""Reading invitations back the way a calendar does: from the e-mail that arrived over SMTP."""

from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage

import recurring_ical_events
from icalendar import Calendar, Event

from showup.mail.services import mail_deliver_due
from tests.smtp import Inbox


def leaf_texts(message: EmailMessage) -> list[str]:
    """Every part of the message decoded, whatever its transfer encoding."""
    texts = []
    for part in message.walk():
        if not part.is_multipart():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            texts.append(payload.decode("utf-8"))
    return texts


def everything(message: EmailMessage) -> str:
    return "\n".join([str(message["Subject"]), *leaf_texts(message)])


def invitation(message: EmailMessage) -> Calendar:
    """The text/calendar part, checked against its own method parameter and the .ics copy."""
    [part] = [
        p
        for p in message.walk()
        if p.get_content_type() == "text/calendar" and p.get_filename() is None
    ]
    [attached] = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    assert attached.get_content_type() == "text/calendar"  # Outlook imports application/ics
    text = part.get_payload(decode=True)
    copy = attached.get_payload(decode=True)
    assert isinstance(text, bytes)
    assert isinstance(copy, bytes)
    assert text.splitlines() == copy.splitlines()
    assert part.get_content_disposition() is None  # an alternative, not an attachment
    assert message["Content-Class"] == "urn:content-classes:calendarmessage"
    calendar = Calendar.from_ical(text)
    assert part.get_param("method") == str(calendar["METHOD"])
    return calendar


def calendar_text(message: EmailMessage) -> str:
    [part] = [
        p
        for p in message.walk()
        if p.get_content_type() == "text/calendar" and p.get_filename() is None
    ]
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


def events(calendar: Calendar) -> list[Event]:
    return [event for event in calendar.walk("VEVENT") if isinstance(event, Event)]


def deliver(smtp: Inbox, change: Callable[[], object]) -> dict[str, EmailMessage]:
    """Makes the change, lets the worker send, and returns what each address received."""
    before = len(smtp.messages)
    change()
    mail_deliver_due(worker="test")
    arrived = smtp.messages[before:]
    by_address: dict[str, EmailMessage] = {}
    for message in arrived:
        assert message["To"] not in by_address, f"two messages to {message['To']}"
        by_address[str(message["To"])] = message
    return by_address


def expanded(calendar: Calendar, since: datetime, until: datetime) -> set[datetime]:
    """The starts an independent parser finds in the event, in UTC."""
    found = recurring_ical_events.of(calendar).between(since, until)
    return {event.DTSTART.astimezone(UTC) for event in found}


def recurrence_id(event: Event) -> object:
    """The date the rule gave the occurrence this event stands for."""
    return event.RECURRENCE_ID
