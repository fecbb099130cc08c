"""The iTIP objects (RFC 5546) that keep a pair's 1:1 right in both people's calendars.

Each message describes one event, a series under its calendar UID (the
feed's and CalDAV's too): a REQUEST carries either the whole event as it now
stands (the rule, EXDATE for dropped dates, a RECURRENCE-ID override for each
moved one) or one date of it, moved or put back; a CANCEL either the whole
event or one date. One date's change goes alone, with its RECURRENCE-ID (RFC
5546 3.2.2): Outlook reads only the first VEVENT of a message. What goes in
is the feed's: when, how long, where, with whom, and a link to the 1:1 page;
never agenda, note or any other 1:1 text.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress

from showup.meetings.feeds import occurrence_event, series_events
from showup.meetings.models import Occurrence, Pair, Series
from showup.people.models import Person

REQUEST = "REQUEST"
CANCEL = "CANCEL"
# Enough of the time zone's history for any date a 1:1 of this series can have had.
ZONE_HISTORY = timedelta(days=366)


@dataclass(frozen=True)
class Version:
    """What every message about one change shares: the event's new SEQUENCE, and when."""

    sequence: int
    at: datetime


def _organizer() -> vCalAddress:
    # Showup sends every update, so it is the organizer: calendars accept
    # updates from the organizer's address, and this is the address they come from.
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return vCalAddress.new(address, cn=name or "Showup")


def _attendee(person: Person) -> vCalAddress:
    # Both people agreed to the 1:1 in Showup, and answers are given there, not
    # by a reply to Showup's address: accepted, and no reply asked for.
    return vCalAddress.new(
        person.email,
        cn=person.name,
        cutype="INDIVIDUAL",
        role="REQ-PARTICIPANT",
        partstat="ACCEPTED",
        rsvp=False,
    )


def _schedule(event: Event, *, version: Version, pair: Pair, status: str) -> Event:
    """Adds what makes an event a scheduling message: who organizes, who attends, which version."""
    event.pop("DTSTAMP", None)
    event.add("dtstamp", version.at.astimezone(UTC))
    event.add("sequence", version.sequence)
    event.add("status", status)
    event.add("organizer", _organizer())
    for person in (pair.lead, pair.member):
        event.add("attendee", _attendee(person))
    return event


def _message(method: str, events: list[Event], *, since: datetime) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Showup//1:1s//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones(first_date=(since - ZONE_HISTORY).date())
    return calendar.to_ical().decode()


def series_request(
    *, series: Series, person: Person, exceptions: list[Occurrence], version: Version
) -> str:
    """The whole event as it now stands, for `person`'s calendar."""
    events = series_events(series=series, person=person, occurrences=exceptions)
    for event in events:
        _schedule(event, version=version, pair=series.pair, status="CONFIRMED")
    return _message(REQUEST, events, since=series.first_start)


def series_cancel(*, series: Series, person: Person, version: Version) -> str:
    """The whole event called off: the series stopped before its first date."""
    master = series_events(series=series, person=person, occurrences=[])[0]
    _schedule(master, version=version, pair=series.pair, status="CANCELLED")
    return _message(CANCEL, [master], since=series.first_start)


def occurrence_cancel(*, occurrence: Occurrence, person: Person, version: Version) -> str:
    """One date called off (skipped or cancelled), named by the date the rule gave it."""
    event = occurrence_event(occurrence=occurrence, person=person)
    _schedule(event, version=version, pair=occurrence.pair, status="CANCELLED")
    return _message(CANCEL, [event], since=occurrence.original_start)


def occurrence_request(*, occurrence: Occurrence, person: Person, version: Version) -> str:
    """One date as it now is (moved, or put back on), named by the date the rule gave it."""
    event = occurrence_event(occurrence=occurrence, person=person)
    _schedule(event, version=version, pair=occurrence.pair, status="CONFIRMED")
    return _message(REQUEST, [event], since=min(occurrence.original_start, occurrence.start))
