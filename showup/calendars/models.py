"""A person's connected CalDAV calendar, the events Showup keeps in it, and the questions it asks."""

from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from showup.meetings.models import Occurrence, Pair, Series
from showup.people.models import Person


class Connection(models.Model):
    """A CalDAV calendar a person connected: Showup writes their 1:1s there and reads their changes back.

    The user name and password live only in `credentials`, encrypted with
    SHOWUP_CALENDAR_KEY (see calendars/secrets.py). `pushed_stamp` is the sum
    of the person's pair stamps when Showup last wrote: when it differs from
    the current sum, something of theirs changed and is pushed at once.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="caldav")
    calendar_url = models.URLField(max_length=500)
    calendar_name = models.CharField(max_length=200, blank=True)
    credentials = models.TextField()
    sync_token = models.CharField(max_length=500, blank=True)
    ctag = models.CharField(max_length=500, blank=True)
    pushed_stamp = models.BigIntegerField(default=-1)
    created_at = models.DateTimeField(default=now)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    failures = models.PositiveIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)
    # A sync in progress: which worker holds it, and until when (renewed by its heartbeat).
    running_by = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar of {self.person}"


class SyncedEvent(models.Model):
    """One 1:1 series as one event in the connected calendar, under the series' calendar UID.

    `written` is the iCalendar text as Showup last wrote it (or found it
    agreeing): the common ancestor that tells who changed what since.
    """

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="events")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="+")
    uid = models.CharField(max_length=200)
    href = models.CharField(max_length=500)
    etag = models.CharField(max_length=200, blank=True)
    written = models.TextField()
    written_at = models.DateTimeField(default=now)
    # The person removed the whole event and asked Showup to leave it out.
    left_out = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connection", "series"], name="one_event_per_series"),
        ]

    def __str__(self) -> str:
        return self.uid


class Question(models.Model):
    """Something the person did in their calendar that Showup will not decide for them.

    Until it is answered, the calendar's fact stands in the calendar and
    Showup's in Showup: neither side is overwritten.
    """

    class Kind(models.TextChoices):
        REMOVED = "removed", "Removed in your calendar"
        CONFLICT = "conflict", "Changed on both sides"
        SERIES_REMOVED = "series-removed", "Whole series removed in your calendar"
        SERIES_CHANGED = "series-changed", "Whole series changed in your calendar"

    class Answer(models.TextChoices):
        CANCELLED = "cancelled", "It is cancelled"
        SKIPPED = "skipped", "We skip it"
        CALENDAR = "calendar", "My calendar's version stands"
        SHOWUP = "showup", "Showup's version stands"
        RESTORE = "restore", "Put it back in my calendar"
        LEAVE_OUT = "leave-out", "Leave it out of my calendar"

    event = models.ForeignKey(SyncedEvent, on_delete=models.CASCADE, related_name="questions")
    occurrence = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What the calendar says (None: removed) and what Showup said when asked (None: skipped or cancelled).
    calendar_start = models.DateTimeField(null=True, blank=True)
    showup_start = models.DateTimeField(null=True, blank=True)
    showup_state = models.CharField(max_length=10, blank=True)
    asked_at = models.DateTimeField(default=now)
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("asked_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence"],
                condition=Q(answered_at__isnull=True),
                name="one_open_question_per_occurrence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.event})"

    @property
    def pair(self) -> Pair:
        return self.occurrence.pair if self.occurrence else self.event.series.pair
