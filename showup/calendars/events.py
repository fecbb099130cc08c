"""Each 1:1 series chain as one calendar event, and the facts about each date read from an event.

A series change ends a Series row and starts one that `replaces` it. In a
person's calendar that is still the same 1:1, so the whole chain is one
event: its UID is the first series' (the feed's scheme, series-<pk>@host),
its rule the newest series', and the dates already held under an older rule
stay in it as RDATEs. The feed's own builder (meetings/feeds.py) writes the
rule, its overrides and its EXDATEs: what goes to a calendar is the same
everywhere, times, the other person's name, the place and a link, nothing else.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from icalendar import Calendar, Event

from showup.calendars.errors import CalendarError
from showup.meetings.feeds import (
    REMOVED_FROM_CALENDAR,
    calendar_host,
    calendar_new,
    has_dates,
    series_events,
)
from showup.meetings.models import Occurrence, Series
from showup.people.models import Person

# What the calendar says about one date: when it is, or None when it was taken out.
Fact = datetime | None


def chain_with_dates(chain: list[Series]) -> list[Series]:
    """The chain up to its last series that has dates: one stopped before its first adds none."""
    last = max((index for index, series in enumerate(chain) if has_dates(series)), default=-1)
    return chain[: last + 1]


def chain_uid(root: Series) -> str:
    return f"series-{root.pk}@{calendar_host()}"


def _utc(value: object) -> datetime:
    if not isinstance(value, datetime):  # an all-day date: no 1:1 of Showup's is one
        raise CalendarError("The calendar holds an all-day date where Showup wrote a time.")
    return value.astimezone(UTC)


def _exceptions(occurrences: Iterable[Occurrence]) -> list[Occurrence]:
    return [o for o in occurrences if o.state in REMOVED_FROM_CALENDAR or o.is_rescheduled]


def chain_calendar(
    *,
    chain: list[Series],
    person: Person,
    occurrences: Mapping[int, list[Occurrence]],
    held: Mapping[datetime, Fact],
) -> bytes:
    """The chain's event for `person`: the newest series with its exceptions, older dates as RDATEs.

    `held` maps a date (its original start) to what the person's calendar says
    about it while a question about it is open: that fact is written, not Showup's.
    """
    uid = chain_uid(chain[0])
    chain = chain_with_dates(chain)
    current = chain[-1]
    events = series_events(
        series=current,
        person=person,
        occurrences=_exceptions(occurrences.get(current.pk, [])),
        uid=uid,
    )
    master, overrides = events[0], events[1:]
    overrides += _earlier_dates(master, chain, occurrences, uid)
    overrides = _hold_calendar_facts(master, overrides, current, held)
    calendar = calendar_new(f"1:1s of {person.name}")
    for event in [master, *overrides]:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _earlier_dates(
    master: Event, chain: list[Series], occurrences: Mapping[int, list[Occurrence]], uid: str
) -> list[Event]:
    """The dates of the older series in the chain, kept in the calendar as RDATEs."""
    current = chain[-1]
    kept = [
        occurrence
        for series in chain[:-1]
        for occurrence in occurrences.get(series.pk, [])
        if occurrence.state not in REMOVED_FROM_CALENDAR and occurrence.start < current.first_start
    ]
    if not kept:
        return []
    master.add("rdate", [occurrence.start.astimezone(current.zone) for occurrence in kept])
    overrides = []
    for occurrence in kept:
        if occurrence.end - occurrence.start != current.duration:
            override = _copy_basics(master, uid)
            override.add("recurrence-id", occurrence.start.astimezone(current.zone))
            override.add("dtstart", occurrence.start.astimezone(current.zone))
            override.add("dtend", occurrence.end.astimezone(current.zone))
            overrides.append(override)
    return overrides


def _copy_basics(master: Event, uid: str) -> Event:
    event = Event()
    event.add("uid", uid)
    for name in ("dtstamp", "summary", "url", "description", "location"):
        if name in master:
            event[name] = master[name]
    return event


def _hold_calendar_facts(
    master: Event, overrides: list[Event], current: Series, held: Mapping[datetime, Fact]
) -> list[Event]:
    """Writes the calendar's version of each date a question is open about, instead of Showup's."""
    if not held:
        return overrides
    kept = [event for event in overrides if _utc(event.RECURRENCE_ID) not in held]
    uid = str(master["uid"])
    removed = [date.astimezone(current.zone) for date, fact in held.items() if fact is None]
    if removed:
        master.add("exdate", removed)
    for date, fact in held.items():
        if fact is not None:
            override = _copy_basics(master, uid)
            override.add("recurrence-id", date.astimezone(current.zone))
            override.add("dtstart", fact.astimezone(current.zone))
            override.add("dtend", (fact + current.duration).astimezone(current.zone))
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
