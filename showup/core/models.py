"""Bookkeeping shared by every app."""

from django.db import models


class JobRun(models.Model):
    """When a periodic job last started and finished; the claim that keeps two workers from running it at once."""

    name = models.CharField(max_length=100, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name
