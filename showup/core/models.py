"""Bookkeeping shared by every app."""

from django.db import models


class JobRun(models.Model):
    """When a periodic job last started and finished; the claim that keeps two workers from running it at once.

    While a run is going, `running_by` names the worker and `lease_until` says
    how long its claim holds; the worker renews the lease while the job runs,
    so a job longer than its interval is never started a second time, and a
    run whose worker died is taken over once the lease has run out.
    """

    name = models.CharField(max_length=100, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    running_by = models.CharField(max_length=100, blank=True, default="", db_default="")
    lease_until = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class FormKey(models.Model):
    """A form's one-time key, once used: a resent form is answered as the first time, not done twice.

    The key is claimed in the same transaction as the write it guards, so a
    second copy of the request either waits for the first and replays its
    answer, or (if the first failed) does the work itself.
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=0)
    headers = models.JSONField(default=dict)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="form_key_once_per_person")
        ]

    def __str__(self) -> str:
        return self.key
