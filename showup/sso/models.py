"""The company's sign-in rule, and a short record of sign-ins through the provider."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.timezone import now


class SsoPolicy(models.Model):
    """The company's one sign-in rule (a single row): must everyone sign in through the provider?"""

    sso_required = models.BooleanField(default=False)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self) -> str:
        return "SSO required" if self.sso_required else "Passwords allowed"


class Refusal(models.TextChoices):
    """Why a sign-in through the provider was refused. The label is the admin's; pages say more."""

    STATE = "state", "Sign-in link used twice or expired (state)"
    PROVIDER_ERROR = "provider-error", "The provider refused or was cancelled"
    NOT_CONFIGURED = "not-configured", "Single sign-on not configured or not reachable"
    TOKEN_EXCHANGE = "token-exchange", "The provider refused the code exchange"
    SIGNATURE = "signature", "ID token signature not valid"
    ISSUER = "issuer", "ID token from another issuer"
    AUDIENCE = "audience", "ID token for another application (audience)"
    EXPIRED = "expired", "ID token expired"
    NONCE = "nonce", "ID token replayed (nonce)"
    SUBJECT = "subject", "User info for another subject"
    EMAIL_MISSING = "email-missing", "No e-mail address in the claims"
    EMAIL_UNVERIFIED = "email-unverified", "E-mail address not verified by the provider"
    DOMAIN = "domain", "E-mail domain not allowed"
    UNKNOWN_PERSON = "unknown-person", "No Showup account for the e-mail"
    DEACTIVATED = "deactivated", "Account deactivated"


class SsoEvent(models.Model):
    """One sign-in through the provider: who got in, or why someone was refused.

    Never a token, and for a refusal never who tried: a refused sign-in may come
    from anyone, and its claims cannot be trusted.
    """

    at = models.DateTimeField(default=now, db_index=True)
    succeeded = models.BooleanField()
    reason = models.CharField(max_length=20, choices=Refusal.choices, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering: ClassVar = ["-at"]

    def __str__(self) -> str:
        return f"{'success' if self.succeeded else self.reason} at {self.at:%Y-%m-%d %H:%M}"
