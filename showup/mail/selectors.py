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
    "maybe_twice",
    "created_at",
)


def outbox_for_admin(*, status: str | None) -> QuerySet[OutboxMessage]:
    messages = OutboxMessage.objects.only(*ADMIN_FIELDS).order_by("-created_at")
    if status:
        messages = messages.filter(status=status)
    return messages


def outbox_counts() -> dict[str, int]:
    """Messages per status, and `maybe_twice`: sent again after their worker died mid-send."""
    rows = OutboxMessage.objects.values("status", "maybe_twice").annotate(n=Count("id"))
    counts = dict.fromkeys([*OutboxMessage.Status.values, "maybe_twice"], 0)
    for row in rows:
        counts[row["status"]] += row["n"]
        if row["maybe_twice"]:
            counts["maybe_twice"] += row["n"]
    return counts
