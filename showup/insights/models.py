"""The report's check-ins and ratings, and weekly rollups that insights read instead of history."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now

from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class CheckIn(models.Model):
    """“How are you?”, 1 to 5, asked of the report before a 1:1."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="check_ins")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(validators=SCORE)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "person"], name="one_check_in_each")
        ]

    def __str__(self) -> str:
        return f"check-in {self.score}"


class MeetingRating(models.Model):
    """How useful the 1:1 was, 1 to 5, asked of the report after it."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="ratings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(validators=SCORE)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "person"], name="one_rating_each")
        ]

    def __str__(self) -> str:
        return f"rating {self.score}"


class PairWeek(models.Model):
    """One pair's week in numbers, recomputed whenever something in that week changes.

    Manager and org insights add these rows up over the chosen period instead
    of scanning every occurrence and talking point.
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="weeks")
    week = models.DateField(help_text="The Monday the week starts on (UTC).")
    # Only 1:1s whose time has come count: scheduled ones ahead are not yet an outcome.
    due = models.PositiveSmallIntegerField(default=0)
    held = models.PositiveSmallIntegerField(default=0)
    skipped = models.PositiveSmallIntegerField(default=0)
    cancelled = models.PositiveSmallIntegerField(default=0)
    cancelled_by_lead = models.PositiveSmallIntegerField(default=0)
    cancelled_late = models.PositiveSmallIntegerField(default=0)
    missed = models.PositiveSmallIntegerField(default=0)
    points = models.PositiveSmallIntegerField(default=0)
    points_by_member = models.PositiveSmallIntegerField(default=0)
    points_off_topic = models.PositiveSmallIntegerField(default=0)
    purposes = models.JSONField(default=dict, blank=True)
    check_in_total = models.PositiveSmallIntegerField(default=0)
    check_in_count = models.PositiveSmallIntegerField(default=0)
    rating_total = models.PositiveSmallIntegerField(default=0)
    rating_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "week"], name="one_row_per_pair_week")
        ]
        indexes = [models.Index(fields=["week", "pair"])]

    def __str__(self) -> str:
        return f"{self.pair_id} week of {self.week}"


class LeadWeek(models.Model):
    """A manager's week across all their 1:1s with reports: the sum of their pairs' weeks.

    The org view reads these: a year of a 10,000-person company is 65,000 rows
    here instead of 520,000 pair-weeks (bench/org.py).
    """

    lead = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    held = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    cancelled_by_lead = models.PositiveIntegerField(default=0)
    cancelled_late = models.PositiveIntegerField(default=0)
    missed = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)
    points_by_member = models.PositiveIntegerField(default=0)
    points_off_topic = models.PositiveIntegerField(default=0)
    check_in_total = models.PositiveIntegerField(default=0)
    check_in_count = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lead", "week"], name="one_row_per_lead_week")
        ]
        indexes = [models.Index(fields=["week", "lead"])]

    def __str__(self) -> str:
        return f"{self.lead_id} week of {self.week}"
