"""SCIM tokens, the link between a person and their identity provider, and the provisioning log."""

from django.db import models
from django.utils.timezone import now

from showup.people.models import Person


class ScimToken(models.Model):
    """A bearer token an identity provider provisions with. Only its SHA-256 is kept."""

    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    # The first characters after the marker, so the admin can tell tokens apart; never enough to use.
    hint = models.CharField(max_length=12)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.name


class ScimUser(models.Model):
    """What the identity provider calls a person: its userName and externalId.

    A person with no row here was added in Showup (by hand or CSV); the
    provider sees them with their e-mail as userName, and the row is made the
    first time it writes to them.
    """

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.PROTECT, related_name="scim"
    )
    user_name = models.CharField(max_length=254)
    # userName is not case-exact (RFC 7643 §4.1.1): uniqueness is on the folded form.
    user_name_key = models.CharField(max_length=254, unique=True)
    external_id = models.CharField(max_length=254, blank=True)
    changed_at = models.DateTimeField(default=now)
    # Set by DELETE: the person stays (deactivated, history kept), the resource answers 404.
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.user_name


class ProvisioningEvent(models.Model):
    """One change the identity provider made: to whom, what (field names only), by which token."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed"
        MOVED = "moved", "Moved to a new manager"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"
        DELETED = "deleted", "Deleted (deactivated, history kept)"

    at = models.DateTimeField(default=now, db_index=True)
    token = models.ForeignKey(ScimToken, on_delete=models.PROTECT, related_name="events")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    # The names of the fields that changed, never their values.
    fields = models.JSONField(default=list, blank=True)
    old_manager = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_manager = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("-at", "-id")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.person}"
