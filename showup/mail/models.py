"""E-mails waiting to be sent, being sent, sent, or given up on."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """One e-mail. A worker claims it with a lease it renews while it works, so two live workers never send it twice.

    `send_started_at` is set just before the SMTP conversation that hands the
    message over. A worker that finds it set on a message whose lease ran out
    cannot know whether the server accepted it before the crash: it sends it
    again (same Message-ID, so receiving servers can drop the copy) and marks
    it `maybe_twice` for the admin.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40)
    recipient = models.EmailField()
    subject = models.CharField(max_length=250)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    # An iCalendar invitation (iMIP) sent with the text; none for an ordinary e-mail.
    calendar = models.TextField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    # Reminders set this so that planning the same reminder twice queues it once.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    send_started_at = models.DateTimeField(null=True, blank=True)
    maybe_twice = models.BooleanField(default=False, db_default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.status})"

    @property
    def message_id(self) -> str:
        """One Message-ID per row, whoever sends it and however often: receivers drop a copy,
        and the admin's outbox shows it, to match a complaint to its row."""
        host = settings.BASE_URL.split("://", 1)[-1].split("/")[0].split(":")[0]
        return f"<showup-outbox-{self.id}@{host}>"
