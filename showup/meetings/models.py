"""Pairs of people, their recurring 1:1 series, and what became of each date."""

import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from showup.people.models import Person, validate_timezone


class PairQuerySet(models.QuerySet["Pair"]):
    def of(self, *person_ids: int) -> "PairQuerySet":
        """The pairs these people are in. Who may read a pair is exactly this, everywhere."""
        return self.filter(models.Q(lead_id__in=person_ids) | models.Q(member_id__in=person_ids))


# The same rule for the one query written by hand (selectors.PAGE_KEY_SQL), `p` being the
# pair and the person's id given twice; meetings/tests/test_selectors.py holds both to it.
PAIR_OF_PERSON_SQL = "(p.lead_id = %s OR p.member_id = %s)"


class Pair(models.Model):
    """Two people who hold 1:1s. `lead` is the manager or mentor; `member` is the report, whose agenda it is."""

    class Relation(models.TextChoices):
        MANAGER = "manager", "Manager and report"
        SKIP_LEVEL = "skip-level", "Skip-level"
        MENTOR = "mentor", "Mentor and mentee"
        PEER = "peer", "Peers"

    lead = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pairs_led")
    member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pairs_joined")
    relation = models.CharField(max_length=12, choices=Relation.choices, default=Relation.MANAGER)
    created_at = models.DateTimeField(default=now)
    # The pair's rhythms: how often the 1:1 page prompts for feedback and for a career conversation.
    feedback_prompt_days = models.PositiveIntegerField(default=28)
    career_prompt_days = models.PositiveIntegerField(default=90)

    objects = PairQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lead", "member"], name="pair_once"),
            models.CheckConstraint(condition=~Q(lead=models.F("member")), name="pair_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.lead} & {self.member}"

    def includes(self, person: Person) -> bool:
        return person.pk in (self.lead_id, self.member_id)

    def other(self, person: Person) -> Person:
        return self.member if person.pk == self.lead_id else self.lead


def calendar_host() -> str:
    """The host part of every UID Showup writes: its own address."""
    return urlsplit(settings.BASE_URL).hostname or "showup"


def calendar_uid_new() -> str:
    # Random, never the row's id: a restored or reinstalled Showup reuses ids, and
    # a calendar would take a new 1:1 for the old one that had the same UID.
    return f"{uuid.uuid4()}@{calendar_host()}"


class Series(models.Model):
    """A pair's recurring 1:1: an RFC 5545 rule from a first date, at a time in one time zone.

    Changing the rule, or resuming after a pause, ends this series and starts a
    new one that `replaces` it, so the past keeps the rule it happened under.
    In every calendar (feed, CalDAV sync, invitations) a series is one event
    under `calendar_uid`: a change ends the old event with its last date and
    starts a new one, as calendars do with "this and following events", so no
    event ever carries dates from before its own start.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"
        DECLINED = "declined", "Declined"

    pair = models.ForeignKey(Pair, on_delete=models.PROTECT, related_name="series")
    rule = models.CharField(
        max_length=300, help_text="An RRULE without DTSTART, e.g. FREQ=WEEKLY;BYDAY=TU"
    )
    first_start = models.DateTimeField(
        help_text="The first occurrence, which the rule counts from."
    )
    timezone = models.CharField(max_length=64, validators=[validate_timezone])
    duration_minutes = models.PositiveIntegerField(default=30)
    location = models.CharField(max_length=300, blank=True)
    max_gap_days = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="No occurrence starts at or after this."
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)
    changed_at = models.DateTimeField(default=now)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    calendar_uid = models.CharField(max_length=200, unique=True, default=calendar_uid_new)

    class Meta:
        verbose_name_plural = "series"
        constraints = [
            models.UniqueConstraint(
                fields=["pair"],
                condition=Q(status__in=["proposed", "active", "paused"]),
                name="one_current_series_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair}: {self.rule}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def local_first_start(self) -> datetime:
        return self.first_start.astimezone(self.zone)


class Occurrence(models.Model):
    """One date of a series and what became of it.

    `original_start` is the date the rule gave (the calendar's RECURRENCE-ID);
    `start` is when it is or was, which differs once rescheduled.
    """

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        SKIPPED = "skipped", "Skipped"
        CANCELLED = "cancelled", "Cancelled"
        MISSED = "missed", "Missed"

    # The outcomes that say a 1:1 did not take place.
    CALLED_OFF = (State.SKIPPED, State.CANCELLED, State.MISSED)

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="occurrences")
    # The series' pair, copied so that a pair's whole history is one indexed query.
    pair = models.ForeignKey(Pair, on_delete=models.PROTECT, related_name="occurrences")
    original_start = models.DateTimeField()
    start = models.DateTimeField()
    end = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    outcome_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ("start",)
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_start"], name="one_occurrence_per_date"
            ),
        ]
        indexes = [
            models.Index(fields=["pair", "start"]),
            models.Index(fields=["state", "end"]),
            # A pair's next 1:1: found by a seek, not a scan of its whole history.
            models.Index(fields=["pair", "state", "end"], name="occurrence_pair_next"),
        ]

    def __str__(self) -> str:
        return f"{self.pair} at {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_rescheduled(self) -> bool:
        return self.start != self.original_start

    @property
    def is_called_off(self) -> bool:
        return self.state in self.CALLED_OFF

    @property
    def notice(self) -> timedelta | None:
        """How long before the start it was cancelled (negative: after it began)."""
        if self.state != self.State.CANCELLED or self.outcome_at is None:
            return None
        return self.start - self.outcome_at

    @property
    def display_state(self) -> str:
        if self.state == self.State.SCHEDULED and self.is_rescheduled:
            return "rescheduled"
        return str(self.state)


class OccurrenceMove(models.Model):
    """A reschedule: the occurrence moved from one time to another."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="moves")
    from_start = models.DateTimeField()
    to_start = models.DateTimeField()
    moved_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(default=now)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ("moved_at",)

    def __str__(self) -> str:
        return f"{self.occurrence_id}: {self.from_start} → {self.to_start}"


class SeriesEvent(models.Model):
    """What happened to a pair's series and who did it: the series' own history."""

    class Kind(models.TextChoices):
        CREATED = "created", "set up the 1:1"
        PROPOSED = "proposed", "proposed the 1:1"
        ACCEPTED = "accepted", "accepted the 1:1"
        DECLINED = "declined", "declined the 1:1"
        CHANGED = "changed", "changed the schedule"
        PAUSED = "paused", "paused the 1:1"
        RESUMED = "resumed", "resumed the 1:1"
        ENDED = "ended", "ended the 1:1"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="series_events")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=now)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.by} {self.get_kind_display()}"


class PairSummary(models.Model):
    """Numbers about a pair's past 1:1s, kept up to date as outcomes are recorded.

    Pages and insights read these instead of scanning every occurrence.
    """

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="summary")
    held = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    rescheduled = models.PositiveIntegerField(default=0)
    cancelled_by_lead = models.PositiveIntegerField(default=0)
    cancelled_by_member = models.PositiveIntegerField(default=0)
    cancelled_late = models.PositiveIntegerField(
        default=0, help_text="Cancelled with less than a day's notice."
    )
    streak = models.PositiveIntegerField(
        default=0, help_text="Held in a row; a skip does not break it."
    )
    longest_closed_gap_days = models.PositiveIntegerField(default=0)
    first_start = models.DateTimeField(null=True, blank=True)
    last_held_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"summary of {self.pair}"

    def days_without(self, now: datetime) -> int | None:
        """Days since the last held 1:1 (or since the first date, if none was held yet)."""
        since = self.last_held_at or self.first_start
        if since is None or since > now:
            return None
        return (now - since).days

    def longest_gap_days(self, now: datetime) -> int:
        return max(self.longest_closed_gap_days, self.days_without(now) or 0)


class PairStamp(models.Model):
    """How many writes a pair's content has seen: raised by database triggers, never by Django.

    Migration 0003 creates the table and the triggers on every table whose rows
    show on the pair's pages; meetings/stamps.py keys cached pages with it.
    """

    pair_id = models.BigIntegerField(primary_key=True)
    stamp = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "meetings_pairstamp"

    def __str__(self) -> str:
        return f"stamp {self.stamp} of pair {self.pair_id}"


class CalendarFeed(models.Model):
    """A person's private calendar subscription. Only a hash of its token is stored."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.person}"


class SharedStamp(models.Model):
    """How many writes both people of a pair may see it has had: what the live 1:1 page is told.

    Raised by database triggers (migration 0010) on meetings/stamped.py's
    SHARED_TABLES, only for rows neither person keeps private; never by Django.
    """

    pair_id = models.BigIntegerField(primary_key=True)
    stamp = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "meetings_sharedstamp"

    def __str__(self) -> str:
        return f"shared stamp {self.stamp} of pair {self.pair_id}"
