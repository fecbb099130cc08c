"""Observations a manager records about a report, and reviews built on them."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.timezone import now

from showup.meetings.models import Occurrence, Pair

MAX_TEXT = 4000


class Observation(models.Model):
    """A strength or a concern. The report sees it once the manager raised it in a 1:1.

    Never deleted: an amendment keeps what it said before as a revision.
    """

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        CONCERN = "concern", "Concern"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="observations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(max_length=MAX_TEXT)
    evidence = models.TextField(blank=True, max_length=MAX_TEXT)
    raised_in = models.ForeignKey(
        Occurrence,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="raised_observations",
    )
    # When it was raised: the start of that 1:1, not the moment someone clicked.
    raised_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    report_comment = models.TextField(blank=True, max_length=MAX_TEXT)
    created_at = models.DateTimeField(default=now)
    amended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:50]}"

    @property
    def is_raised(self) -> bool:
        return self.raised_at is not None

    def raise_refusal(self, occurrence: Occurrence, now: datetime) -> str | None:
        """Why it cannot be marked raised in that 1:1, or None.

        The no-surprises rule rests on this: a concern counts as raised only in
        a 1:1 that took place, and not before it was recorded (on the same day
        is fine: it may be written down after the 1:1 that raised it).
        """
        if occurrence.pair_id != self.pair_id:
            return "That 1:1 belongs to another pair."
        if occurrence.start > now:
            return "Pick a 1:1 that has already taken place."
        if occurrence.state in Occurrence.CALLED_OFF:
            return "That 1:1 did not take place, so nothing was raised in it."
        recorded = self.recorded_on()
        if self.day_of(occurrence.start) < recorded:
            return (
                f"That 1:1 was on {self.day_of(occurrence.start):%-d %b}, before you recorded "
                f"this on {recorded:%-d %b}. Pick a 1:1 on or after {recorded:%-d %b}."
            )
        return None

    def recorded_on(self) -> date:
        return self.day_of(self.created_at)

    def day_of(self, moment: datetime) -> date:
        """The day in the manager's time zone: theirs is the calendar they record by."""
        return moment.astimezone(ZoneInfo(self.pair.lead.timezone)).date()


class ObservationRevision(models.Model):
    """What an observation said before an amendment."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="revisions"
    )
    kind = models.CharField(max_length=10, choices=Observation.Kind.choices)
    text = models.TextField()
    evidence = models.TextField(blank=True)
    replaced_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ("-replaced_at",)

    def __str__(self) -> str:
        return f"revision of {self.observation_id}"


class Review(models.Model):
    """A manager's review of a report for a period. The report sees it once shared."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SHARED = "shared", "Shared"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="reviews")
    period_start = models.DateField()
    period_end = models.DateField()
    summary = models.TextField(blank=True, max_length=MAX_TEXT)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 is the lowest step of the scale."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ("-period_end",)

    def __str__(self) -> str:
        return f"review of {self.pair.member} for {self.period_start}–{self.period_end}"


class ReviewPoint(models.Model):
    """One point a review makes, with the observations it rests on."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="points")
    text = models.TextField(max_length=MAX_TEXT)
    is_concern = models.BooleanField(default=False)
    observations = models.ManyToManyField(Observation, blank=True, related_name="review_points")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "position"], name="review_point_one_per_place"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
