"""What the admin may see of the outbox: delivery facts, never a subject or a body."""

from django.db.models import Count, QuerySet

from showup.mail.models import OutboxMessage

ADMIN_FIELDS = (
    "id",
    "kind",
    "recipient",
    "status",
    "attempts",
    "next_attempt_at",
    "sent_at",
    "last_error",
    "created_at",
)


def outbox_for_admin(*, status: str | None) -> QuerySet[OutboxMessage]:
    messages = OutboxMessage.objects.only(*ADMIN_FIELDS).order_by("-created_at")
    if status:
        messages = messages.filter(status=status)
    return messages


def outbox_counts() -> dict[str, int]:
    rows = OutboxMessage.objects.values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(OutboxMessage.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts
