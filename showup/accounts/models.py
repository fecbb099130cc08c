"""Counters of failed sign-ins, per account and per network address."""

from django.db import models


class SignInThrottle(models.Model):
    """Failed sign-ins for one key ("email:…" or "ip:…") since `window_start`."""

    key = models.CharField(max_length=300, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"
