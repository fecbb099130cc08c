"""Feedback between the two people of a 1:1, and the report's register of blockers."""

from django.db import models
from django.utils.timezone import now

from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person

MAX_TEXT = 2000


class Feedback(models.Model):
    """Praise or a suggestion from one person of the pair to the other. Upward feedback (report to manager) included."""

    class Kind(models.TextChoices):
        PRAISE = "praise", "Praise"
        SUGGESTION = "suggestion", "Suggestion"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="feedback")
    giver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(max_length=MAX_TEXT)
    occurrence = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    discussed_at = models.DateTimeField(null=True, blank=True)
    # What the receiver did with it: the manager's answer to upward feedback.
    response = models.TextField(blank=True, max_length=MAX_TEXT)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.giver} to {self.receiver}"

    @property
    def is_upward(self) -> bool:
        return self.giver_id == self.pair.member_id


class Blocker(models.Model):
    """Something harder than it should be, logged by the report; the manager owns it until resolved or declined."""

    class Kind(models.TextChoices):
        INTERRUPTIONS = "interruptions", "Interruptions"
        PROCESS = "process", "Slow or painful process"
        OUTSIDE = "outside", "Blocked by something outside my control"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DECLINED = "declined", "Declined"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="blockers")
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField(max_length=MAX_TEXT)
    occurrence = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="blockers"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(
        blank=True, max_length=MAX_TEXT, help_text="What was done, or why it was declined."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["pair", "status"])]

    def __str__(self) -> str:
        return self.text[:60]
