"""The search index: one row of plain text for everything someone may search for."""

from django.db import models
from django.utils.timezone import now

from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person


class SearchEntry(models.Model):
    """Searchable text of one talking point, note or action item, with who may read it.

    Readable by the two people of `pair`, unless `private_to` names the only
    person who may. `folded` is the text as search matches it (search.fold):
    a search reads the reader's own entries through the pair index and matches
    them there, so it costs what the reader may read, not what the company has.
    """

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="+")
    occurrence = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # No index of its own: nearly every row is NULL here, and an index tempts
    # SQLite's planner into scanning all of them instead of the pair's few rows.
    private_to = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    body = models.TextField()
    folded = models.TextField(default="", blank=True)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_object")
        ]
        indexes = [models.Index(fields=["pair", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
