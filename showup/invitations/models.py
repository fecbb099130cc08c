"""The calendar event each pair's 1:1 is, and the company's choice about invitations."""

from django.db import models
from django.utils.timezone import now

from showup.meetings.models import Series
from showup.people.models import Person


class InvitationThread(models.Model):
    """The messages about one series' event, under the series' calendar UID.

    `sequence` is the iTIP SEQUENCE last sent: raised once per change, never
    lowered, so a calendar always knows which message is the newest.
    """

    series = models.OneToOneField(Series, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"invitations of series {self.series_id} at {self.sequence}"


class CompanyInvitations(models.Model):
    """The admin's choice for everyone who has not chosen: one row, or none (off)."""

    by_default = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name_plural = "company invitations"

    def __str__(self) -> str:
        return "invitations on by default" if self.by_default else "invitations off by default"


class InvitationDelivery(models.Model):
    """The newest version of a thread's event one person's calendar holds.

    Someone who turned invitations on after a change (or before the company
    did) is behind: the worker then sends them the event as it now stands.
    """

    thread = models.ForeignKey(
        InvitationThread, on_delete=models.CASCADE, related_name="deliveries"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "person"], name="one_delivery_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.thread} at {self.sequence} for {self.person_id}"
