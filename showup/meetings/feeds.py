"""iCalendar output: each person's subscription feed and single-occurrence invites.

What goes into a feed is the schedule and nothing else: when, how long, where,
with whom, and a link. No agenda, note or feedback text is ever written here.
"""

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from showup.core.tokens import token_hash
from showup.meetings.models import CalendarFeed, Occurrence, Series
from showup.meetings.selectors import pairs_of
from showup.meetings.stamps import pairs_stamp
from showup.people.models import Person

State = Occurrence.State
IN_CALENDAR = [Series.Status.ACTIVE, Series.Status.PAUSED, Series.Status.ENDED]
REMOVED_FROM_CALENDAR = [State.SKIPPED, State.CANCELLED]
TOKEN_BYTES = 32  # 256 bits
FETCH_NOTED_EVERY = timedelta(minutes=5)


def feed_token_issue(*, person: Person) -> str:
    """A new feed token for `person`; the old one stops working at once. Shown once, stored hashed."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    CalendarFeed.objects.update_or_create(
        person=person,
        defaults={
            "token_hash": token_hash(token),
            "created_at": timezone.now(),
            "last_fetched_at": None,
        },
    )
    return token


def feed_of(*, person: Person) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(person=person).first()


def feed_stop(*, person: Person) -> None:
    CalendarFeed.objects.filter(person=person).delete()


def feed_person(*, token: str) -> Person | None:
    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token), person__is_active=True)
        .select_related("person")
        .first()
    )
    if feed is None:
        return None
    now = timezone.now()
    # Calendar apps poll; one write every few minutes says as much as one per poll.
    if feed.last_fetched_at is None or feed.last_fetched_at < now - FETCH_NOTED_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
    return feed.person


def feed_url(token: str) -> str:
    return settings.BASE_URL + reverse("meetings:feed", args=[token])


def calendar_new(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Showup//1:1s//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def has_dates(series: Series) -> bool:
    """False for a series paused or ended before its first date: no calendar may show it."""
    return series.ends_at is None or series.ends_at > series.first_start


def _until(series: Series) -> datetime | None:
    # UNTIL is inclusive and in UTC when DTSTART has a time zone (RFC 5545 3.3.10). Never
    # before DTSTART: servers refuse such a rule ("UNTIL < DTSTART").
    if series.ends_at is None:
        return None
    return max(series.ends_at - timedelta(seconds=1), series.first_start).astimezone(UTC)


def _event_basics(
    event: Event, *, uid: str, other: Person, url: str, location: str, stamp: datetime
) -> None:
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("summary", f"1:1 with {other.name}")
    event.add("url", url)
    event.add("description", f"Open in Showup: {url}")
    if location:
        event.add("location", location)


def _series_events(
    series: Series, person: Person, occurrences: list[Occurrence]
) -> Iterable[Event]:
    other = series.pair.other(person)
    uid = series.calendar_uid
    zone = series.zone
    master = Event()
    next_url = settings.BASE_URL + reverse("meetings:pair-next", args=[series.pair_id])
    _event_basics(
        master,
        uid=uid,
        other=other,
        url=next_url,
        location=series.location,
        stamp=series.created_at,
    )
    master.add("dtstart", series.first_start.astimezone(zone))
    master.add("dtend", (series.first_start + series.duration).astimezone(zone))
    rule = vRecur.from_ical(series.rule)
    if until := _until(series):
        rule["UNTIL"] = until
    master.add("rrule", rule)
    removed = [
        occurrence.original_start.astimezone(zone)
        for occurrence in occurrences
        if occurrence.state in REMOVED_FROM_CALENDAR
    ]
    if not has_dates(series):  # DTSTART always counts as a date: take it out too
        removed = [series.first_start.astimezone(zone)]
    if removed:
        master.add("exdate", removed)
    yield master
    for occurrence in occurrences:
        if occurrence.is_rescheduled and occurrence.state not in REMOVED_FROM_CALENDAR:
            yield _override(occurrence, uid=uid, other=other)


def _override(occurrence: Occurrence, *, uid: str, other: Person) -> Event:
    zone = occurrence.series.zone
    event = Event()
    url = settings.BASE_URL + reverse("pages:occurrence", args=[occurrence.pk])
    _event_basics(
        event,
        uid=uid,
        other=other,
        url=url,
        location=occurrence.series.location,
        stamp=occurrence.series.created_at,
    )
    event.add("recurrence-id", occurrence.original_start.astimezone(zone))
    event.add("dtstart", occurrence.start.astimezone(zone))
    event.add("dtend", occurrence.end.astimezone(zone))
    return event


def series_events(*, series: Series, person: Person, occurrences: list[Occurrence]) -> list[Event]:
    """The series as `person`'s calendar holds it: the rule, its dropped dates, its moved ones."""
    return list(_series_events(series, person, occurrences))


def occurrence_event(*, occurrence: Occurrence, person: Person) -> Event:
    """One date of a series, as the override (RECURRENCE-ID) of the series' event."""
    return _override(
        occurrence, uid=occurrence.series.calendar_uid, other=occurrence.pair.other(person)
    )


def feed_calendar_kept(*, person: Person) -> bytes:
    """The person's feed, built once per change to their pairs or the org chart and kept."""
    rows, total = pairs_stamp(pairs=pairs_of(person))
    key = f"feed:{person.pk}:{rows}:{total}"
    body = cache.get(key)
    if body is None:
        body = feed_calendar(person=person)
        cache.set(key, body)
    return body


def feed_calendar(*, person: Person) -> bytes:
    """The person's 1:1s as recurring events with their exceptions, in two queries."""
    series_list = list(
        Series.objects.filter(pair__in=pairs_of(person), status__in=IN_CALENDAR)
        .select_related("pair__lead", "pair__member")
        .order_by("pk")
    )
    exceptions = Occurrence.objects.filter(series__in=series_list).filter(
        Q(state__in=REMOVED_FROM_CALENDAR) | ~Q(start=F("original_start"))
    )
    by_series: dict[int, list[Occurrence]] = {}
    for occurrence in exceptions.select_related("series"):
        by_series.setdefault(occurrence.series_id, []).append(occurrence)
    calendar = calendar_new(f"1:1s of {person.name}")
    for series in filter(has_dates, series_list):
        for event in _series_events(series, person, by_series.get(series.pk, [])):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def occurrence_invite(*, occurrence: Occurrence, person: Person) -> bytes:
    """One occurrence as a standalone event, to download and open in any calendar."""
    calendar = calendar_new(f"1:1 with {occurrence.pair.other(person).name}")
    calendar.add("method", "PUBLISH")
    event = Event()
    url = settings.BASE_URL + reverse("pages:occurrence", args=[occurrence.pk])
    _event_basics(
        event,
        # Its own event, beside the series': a UID of its own, from the series' and the date.
        uid=f"{occurrence.original_start.astimezone(UTC):%Y%m%dT%H%M%SZ}-{occurrence.series.calendar_uid}",
        other=occurrence.pair.other(person),
        url=url,
        location=occurrence.series.location,
        stamp=occurrence.series.created_at,
    )
    zone = occurrence.series.zone
    event.add("dtstart", occurrence.start.astimezone(zone))
    event.add("dtend", occurrence.end.astimezone(zone))
    if occurrence.state in REMOVED_FROM_CALENDAR:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
