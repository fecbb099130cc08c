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


class MailCalendar:
    """A calendar app that applies each invitation it receives, as RFC 5546 says and Outlook does.

    It keeps one event per UID. A REQUEST with the whole event replaces it; a
    REQUEST with only an instance (RECURRENCE-ID) changes that date of the event
    it holds and nothing else; a CANCEL removes the whole event or one date. It
    never reads more than the first event's UID from a message (Outlook keeps
    only the first VEVENT), so a message mixing events would fail here.
    """

    def __init__(self) -> None:
        self.held: dict[str, list[Event]] = {}
        self.sequence: dict[str, int] = {}

    def receive(self, message: EmailMessage) -> None:
        calendar = invitation(message)
        found = events(calendar)
        [uid] = {str(event["UID"]) for event in found}  # one event per message
        [sequence] = {int(event.get("SEQUENCE", 0)) for event in found}
        assert sequence > self.sequence.get(uid, -1), "every message is newer than the last"
        self.sequence[uid] = sequence
        whole = [event for event in found if "RECURRENCE-ID" not in event]
        if str(calendar["METHOD"]) == "CANCEL":
            self._cancel(uid, found, whole=bool(whole))
        elif whole:
            self.held[uid] = found
        else:
            assert uid in self.held, "a date's change only comes to a calendar holding the event"
            for instance in found:
                self._instance(uid, instance)

    def _cancel(self, uid: str, found: list[Event], *, whole: bool) -> None:
        if whole:
            self.held.pop(uid, None)
            return
        held = self.held.get(uid)
        assert held is not None, "a date's cancel only comes to a calendar holding the event"
        for instance in found:
            date = instance.RECURRENCE_ID
            held[:] = [e for e in held if date != e.RECURRENCE_ID]
            self._master(uid).add("exdate", date)

    def _instance(self, uid: str, instance: Event) -> None:
        held, date = self.held[uid], instance.RECURRENCE_ID
        held[:] = [e for e in held if date != e.RECURRENCE_ID] + [instance]
        master = self._master(uid)
        dropped = [d for d in master.exdates if d != date]
        master.pop("EXDATE", None)
        if dropped:  # a date put back on is no longer an exception
            master.add("exdate", dropped)

    def _master(self, uid: str) -> Event:
        return next(e for e in self.held[uid] if "RECURRENCE-ID" not in e)

    def starts(self, since: datetime, until: datetime) -> set[datetime]:
        """Every date the calendar shows between the two, in UTC, by an independent expander."""
        calendar = Calendar()
        for held in self.held.values():
            for event in held:
                calendar.add_component(event)
        return expanded(calendar, since, until)
