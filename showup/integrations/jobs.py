"""The worker's periodic jobs for integrations: the company's weekly numbers, forgetting old deliveries."""

from datetime import datetime, timedelta

from django.utils import timezone

from showup.core.jobs import periodic
from showup.integrations.company import company_weeks_tell
from showup.integrations.models import Delivery

# Long enough to look back at a month of deliveries on a subscription's page.
KEPT_FOR = timedelta(days=30)
DONE = (Delivery.Status.DELIVERED, Delivery.Status.FAILED)


def deliveries_forget(*, now: datetime | None = None) -> int:
    """Deletes delivered and failed deliveries queued more than KEPT_FOR ago; returns how many."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _ = Delivery.objects.filter(status__in=DONE, created_at__lt=cutoff).delete()
    return deleted


@periodic("integrations.deliveries-forget", every=timedelta(hours=6))
def deliveries_forget_job() -> None:
    deliveries_forget()


@periodic("integrations.company-weeks", every=timedelta(hours=1))
def company_weeks_tell_job() -> None:
    company_weeks_tell()
