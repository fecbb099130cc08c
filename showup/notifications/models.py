"""What each person wants to be reminded of, and the one-click links already used."""

from django.db import models
from django.utils.timezone import now

from showup.people.models import Person

LEAD_TIMES = [
    (2, "2 hours before"),
    (12, "12 hours before"),
    (24, "a day before"),
    (48, "two days before"),
]


class Preference(models.Model):
    """A person's reminder settings. Without a row, the defaults apply."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notification_preference"
    )
    before_hours = models.PositiveSmallIntegerField(default=24, choices=LEAD_TIMES)
    before_enabled = models.BooleanField(default=True)
    after_enabled = models.BooleanField(default=True)
    digest_enabled = models.BooleanField(default=True)
    changes_enabled = models.BooleanField(default=True)
    # Calendar invitations by e-mail; None follows the company's default (invitations app).
    invitations_enabled = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"reminders of {self.person}"


class UsedLink(models.Model):
    """A one-click link that was used: each works once. Only a hash of it is kept."""

    token_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return self.token_hash[:12]
