"""A person's career plan with their manager."""

from datetime import date

from django.db import models
from django.utils.timezone import now

from showup.meetings.models import Occurrence, Pair

MAX_TEXT = 2000


class CareerPlan(models.Model):
    """Where the report wants to go, agreed with this manager. A new manager starts a new plan."""

    class Aspiration(models.TextChoices):
        INDIVIDUAL = "individual", "Individual contributor track"
        MANAGER = "manager", "Manager track"
        UNDECIDED = "undecided", "Undecided"

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="career_plan")
    aspiration = models.CharField(
        max_length=12, choices=Aspiration.choices, default=Aspiration.UNDECIDED
    )
    target_role = models.CharField(max_length=150, blank=True)
    horizon = models.CharField(max_length=60, blank=True, help_text="e.g. “in 18 months”")
    notes = models.TextField(blank=True, max_length=MAX_TEXT)
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"career plan of {self.pair.member}"


class Milestone(models.Model):
    """A concrete, dated step on the plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ("due_on", "created_at")

    def __str__(self) -> str:
        return self.title

    def is_due(self, today: date) -> bool:
        return (
            self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)
            and self.due_on is not None
            and self.due_on <= today
        )


class CareerConversation(models.Model):
    """A 1:1 the pair marked as being about the report's career."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="career_conversations")
    occurrence = models.OneToOneField(
        Occurrence, on_delete=models.CASCADE, related_name="career_conversation"
    )
    held_on = models.DateField()

    class Meta:
        ordering = ("-held_on",)

    def __str__(self) -> str:
        return f"career conversation {self.held_on}"
