"""Each 1:1 series as one calendar event, and the facts about each date read from an event.

The event is the feed's (meetings/feeds.py), under the series' own calendar
UID: the rule, its overrides and its EXDATEs. A change of schedule ends the
series and starts another, and so ends this event at its last date and starts
a new one. What goes to a calendar is the same everywhere: times, the other
person's name, the place and a link, nothing else.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from icalendar import Calendar, Event

from showup.calendars.errors import CalendarError
from showup.meetings.feeds import REMOVED_FROM_CALENDAR, calendar_new, series_events
from showup.meetings.models import Occurrence, Series
from showup.people.models import Person

# What the calendar says about one date: when it is, or None when it was taken out.
Fact = datetime | None


def _utc(value: object) -> datetime:
    if not isinstance(value, datetime):  # an all-day date: no 1:1 of Showup's is one
        raise CalendarError("The calendar holds an all-day date where Showup wrote a time.")
    return value.astimezone(UTC)


def _exceptions(occurrences: Iterable[Occurrence]) -> list[Occurrence]:
    return [o for o in occurrences if o.state in REMOVED_FROM_CALENDAR or o.is_rescheduled]


def series_calendar(
    *,
    series: Series,
    person: Person,
    occurrences: list[Occurrence],
    held: Mapping[datetime, Fact],
) -> bytes:
    """The series' event for `person`: its rule with its exceptions.

    `held` maps a date (its original start) to what the person's calendar says
    about it while a question about it is open: that fact is written, not Showup's.
    """
    events = series_events(series=series, person=person, occurrences=_exceptions(occurrences))
    master, overrides = events[0], events[1:]
    overrides = _hold_calendar_facts(master, overrides, series, held)
    calendar = calendar_new(f"1:1s of {person.name}")
    for event in [master, *overrides]:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _copy_basics(master: Event, uid: str) -> Event:
    event = Event()
    event.add("uid", uid)
    for name in ("dtstamp", "summary", "url", "description", "location"):
        if name in master:
            event[name] = master[name]
    return event


def _hold_calendar_facts(
    master: Event, overrides: list[Event], series: Series, held: Mapping[datetime, Fact]
) -> list[Event]:
    """Writes the calendar's version of each date a question is open about, instead of Showup's."""
    if not held:
        return overrides
    kept = [event for event in overrides if _utc(event.RECURRENCE_ID) not in held]
    uid = str(master["uid"])
    removed = [date.astimezone(series.zone) for date, fact in held.items() if fact is None]
    if removed:
        master.add("exdate", removed)
    for date, fact in held.items():
        if fact is not None:
            override = _copy_basics(master, uid)
            override.add("recurrence-id", date.astimezone(series.zone))
            override.add("dtstart", fact.astimezone(series.zone))
            override.add("dtend", (fact + series.duration).astimezone(series.zone))
            kept.append(override)
    return kept


@dataclass
class EventFacts:
    """What one calendar event says about its dates, in UTC."""

    rule: str = ""
    start: datetime | None = None
    removed: set[datetime] = field(default_factory=set)
    moved: dict[datetime, Fact] = field(default_factory=dict)

    def fact(self, original_start: datetime, *, base: "EventFacts") -> Fact:
        """Where the date is in this event: moved, removed, or where the rule puts it.

        An override that was in `base` and is gone here, with no EXDATE, was
        deleted by the person: clients delete a moved date that way.
        """
        date = _utc(original_start)
        if date in self.removed:
            return None
        if date in self.moved:
            return self.moved[date]
        if date in base.moved:
            return None
        return date

    def same_series(self, other: "EventFacts") -> bool:
        return (self.rule, self.start) == (other.rule, other.start)


def event_facts(ics: bytes | str) -> EventFacts:
    facts = EventFacts()
    for event in Calendar.from_ical(ics).events:
        if event.RECURRENCE_ID is not None:
            cancelled = str(event.get("status", "")).upper() == "CANCELLED"
            facts.moved[_utc(event.RECURRENCE_ID)] = None if cancelled else _utc(event.start)
            continue
        facts.rule = " ".join(rule.to_ical().decode() for rule in event.rrules)
        facts.start = _utc(event.start)
        facts.removed |= {_utc(date) for date in event.exdates}
    return facts
