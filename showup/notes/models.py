"""Notes of a 1:1: one shared by the two people, and one private note per person."""

from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from showup.meetings.models import Occurrence
from showup.people.models import Person

MAX_NOTE = 50_000


class Note(models.Model):
    """Markdown text on an occurrence. A private note has an author and is theirs alone, ever.

    `version` goes up with each save; a save based on an older version is a
    conflict and is refused, so one person's text never overwrites the other's.
    """

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="notes")
    is_private = models.BooleanField(default=False)
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(blank=True, max_length=MAX_NOTE)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=now)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence"], condition=Q(is_private=False), name="one_shared_note"
            ),
            models.UniqueConstraint(
                fields=["occurrence", "author"],
                condition=Q(is_private=True),
                name="one_private_note_each",
            ),
            models.CheckConstraint(
                condition=Q(is_private=False) | Q(author__isnull=False),
                name="private_note_has_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{'private' if self.is_private else 'shared'} note on {self.occurrence_id}"
