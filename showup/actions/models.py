"""Things one person in a 1:1 will do."""

from datetime import date

from django.db import models
from django.utils.timezone import now

from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person

MAX_ACTION = 300


class ActionItem(models.Model):
    """Something one of the two will do. An item owned by the pair's lead (the manager) is a commitment."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="action_items")
    occurrence = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="action_items")
    text = models.CharField(max_length=MAX_ACTION)
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)
    # A manager's commitment can serve a milestone of the report's career plan.
    milestone = models.ForeignKey(
        "careers.Milestone",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )

    class Meta:
        ordering = ("created_at",)
        indexes = [models.Index(fields=["pair", "done_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_commitment(self) -> bool:
        return self.owner_id == self.pair.lead_id

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_on is not None and self.due_on < today

    def was_late(self) -> bool:
        return (
            self.done_at is not None
            and self.due_on is not None
            and self.done_at.date() > self.due_on
        )

    def age_days(self, today: date) -> int:
        return (today - self.created_at.date()).days
