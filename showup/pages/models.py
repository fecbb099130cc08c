"""Who has a 1:1 page open right now, for the other person's presence mark."""

from django.db import models
from django.utils.timezone import now

from showup.meetings.models import Occurrence
from showup.people.models import Person


class Presence(models.Model):
    """The last time a person's open 1:1 page asked for changes (see pages/live.py)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "person"], name="one_presence_each")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.occurrence_id} at {self.seen_at:%H:%M:%S}"
