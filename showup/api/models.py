"""Personal access tokens for the JSON API."""

from django.db import models
from django.utils.timezone import now

from showup.people.models import Person

MAX_TOKEN_NAME = 100


class AccessToken(models.Model):
    """A token a person made to reach the API as themselves, from a script or another tool.

    Only the SHA-256 hash of the secret is kept: the secret is shown once, when
    it is made. A token reads and writes exactly what its person may, never
    more; a read token cannot change anything. It stops working when it
    expires, when it is revoked, or when its person is deactivated; an admin
    who requires single sign-on may stop every token made with a password.

    `window_start` and `window_count` count requests for the rate limit. They
    live in the database, not in a process's memory, so several servers share
    one limit per token.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Read and write"

    class MadeWith(models.TextChoices):
        PASSWORD = "password", "a password"
        SSO = "sso", "single sign-on"
        UNKNOWN = "unknown", "a sign-in from before this was recorded"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=MAX_TOKEN_NAME)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    # How its person had signed in when they made it: requiring SSO offers to stop the others.
    made_with = models.CharField(max_length=10, choices=MadeWith.choices, default=MadeWith.UNKNOWN)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    window_start = models.DateTimeField(null=True, blank=True)
    window_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.get_scope_display()})"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
