from datetime import timedelta

import pytest
from django.utils import timezone

from showup.integrations.jobs import KEPT_FOR, deliveries_forget
from showup.integrations.models import Delivery

Status = Delivery.Status


@pytest.mark.django_db
def test_it_forgets_finished_deliveries_older_than_a_month_and_keeps_waiting_ones() -> None:
    now = timezone.now()
    ages = {
        "old-delivered": (Status.DELIVERED, KEPT_FOR + timedelta(seconds=1)),
        "just-kept": (Status.DELIVERED, KEPT_FOR),
        "old-failed": (Status.FAILED, KEPT_FOR + timedelta(seconds=1)),
        "old-waiting": (Status.PENDING, KEPT_FOR * 2),
    }
    for public_id, (status, age) in ages.items():
        Delivery.objects.create(
            public_id=public_id, queue="webhook:1", event="x", status=status, created_at=now - age
        )
    assert deliveries_forget(now=now) == 2
    assert set(Delivery.objects.values_list("public_id", flat=True)) == {
        "just-kept",
        "old-waiting",
    }
