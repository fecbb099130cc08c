"""Webhook subscriptions, chat hooks, and the durable table of deliveries to them."""

from django.db import models
from django.utils import timezone

from showup.people.models import Person

# What a person's subscription hears of: their own pairs' events.
EVENT_CHOICES = [
    ("occurrence.held", "A 1:1 was held"),
    ("occurrence.skipped", "A 1:1 was skipped"),
    ("occurrence.cancelled", "A 1:1 was cancelled"),
    ("occurrence.moved", "A 1:1 was moved"),
    ("action.created", "An action item was created"),
    ("action.done", "An action item was done"),
    ("talking_point.added", "A talking point was added"),
    ("review.shared", "A review was shared"),
]
EVENTS = [kind for kind, _ in EVENT_CHOICES]

# What the company's subscriptions hear of: numbers per team, never one pair's event.
TEAMS_WEEK = "teams.week"
COMPANY_EVENT_CHOICES = [
    (TEAMS_WEEK, "Each team's 1:1 numbers for a closed week (and again if they change)"),
]
COMPANY_EVENTS = [kind for kind, _ in COMPANY_EVENT_CHOICES]


class WebhookSubscription(models.Model):
    """A URL told about events: one person's own pairs (`owner` set), or the whole company (no owner, made by an admin).

    The secret signs every delivery. The receiver needs the same secret to
    check signatures, so it is kept as it is, and shown to the subscriber once.
    """

    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    created_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=100, blank=True)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    # Set on company subscriptions that once carried pair events, when they were moved to team numbers.
    moved_to_team_numbers_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.url} ({'company' if self.is_company else self.owner})"

    @property
    def is_company(self) -> bool:
        return self.owner_id is None

    @property
    def queue(self) -> str:
        return f"webhook:{self.pk}"


class CompanyWeekSent(models.Model):
    """What a company subscription was last told about one closed week, to tell it again only on a change."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="weeks_sent"
    )
    week = models.DateField(help_text="The Monday the week starts on (UTC).")
    digest = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "week"], name="one_report_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: week of {self.week}"


class ChatHook(models.Model):
    """A person's Slack or Microsoft Teams incoming-webhook URL, where their reminders also go."""

    class Product(models.TextChoices):
        SLACK = "slack", "Slack"
        TEAMS = "teams", "Microsoft Teams"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="chat_hook")
    product = models.CharField(max_length=10, choices=Product.choices)
    url = models.URLField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.get_product_display()} for {self.person}"

    @property
    def queue(self) -> str:
        return f"chat:{self.pk}"


class Delivery(models.Model):
    """One event on its way to one webhook or chat hook: the outbox row written in the transaction of the change.

    Deliveries of one `queue` (one subscription or chat hook) go out in `id`
    order: a later one waits while an earlier one is pending or being sent.
    A worker claims one with a lease its heartbeat renews, so two live
    workers never send it twice. The body is the exact bytes signed and sent;
    it is emptied once delivered, so the database keeps one copy less of it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    public_id = models.CharField(max_length=40, unique=True)
    queue = models.CharField(max_length=40)
    subscription = models.ForeignKey(
        WebhookSubscription,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    chat_hook = models.ForeignKey(
        ChatHook, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-id",)
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["queue", "status", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.queue} ({self.status})"
