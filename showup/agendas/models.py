"""Talking points: what each person wants to discuss in a 1:1."""

from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person

MAX_POINT = 500


class TalkingPoint(models.Model):
    """An agenda item. Private ones are their author's prep, read by nobody else.

    A point not discussed moves on to the pair's next 1:1 (`carried` counts
    the moves). `occurrence` is empty while the pair has no 1:1 ahead, for
    example while their series is paused.
    """

    class Source(models.TextChoices):
        OWN = "own", "Own words"
        PROMPT = "prompt", "From the prompt library"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="talking_points")
    occurrence = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="talking_points"
    )
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=MAX_POINT)
    is_private = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.OWN)
    discussed_at = models.DateTimeField(null=True, blank=True)
    carried = models.PositiveIntegerField(default=0)
    # The 1:1 it last left undiscussed, so that putting that 1:1 back on brings it back.
    carried_from = models.ForeignKey(
        Occurrence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The off-topic guard's verdict when the point was written, kept for metrics.
    off_topic_kind = models.CharField(max_length=20, blank=True)
    kept_despite_nudge = models.BooleanField(default=False)
    # Which of the article's purposes it serves (guard.PURPOSES), for the topic mix.
    purpose = models.CharField(max_length=12, default="other")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ("position", "created_at")
        indexes = [models.Index(fields=["pair", "occurrence"])]
        # Points waiting for a 1:1 (no occurrence) have no place yet, so NULLs stay apart.
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "position"], name="talking_point_one_per_place"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_discussed(self) -> bool:
        return self.discussed_at is not None

    @property
    def shows_nudge(self) -> bool:
        return bool(self.off_topic_kind) and not self.kept_despite_nudge

    def nudge_for(self, reader: Person) -> str:
        """The guard's kind of catch-up as `reader` is told it, or "".

        Only the author is nudged: the other person never sees the guard's
        verdict on a point, on the page or through the API.
        """
        return self.off_topic_kind if self.shows_nudge and reader.pk == self.author_id else ""


class RecurringPoint(models.Model):
    """A point the pair keeps on every agenda, such as “How are you, really?”."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="recurring_points")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=MAX_POINT)
    is_private = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ("created_at",)
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="recurring_point_has_text")
        ]

    def __str__(self) -> str:
        return self.text[:60]
