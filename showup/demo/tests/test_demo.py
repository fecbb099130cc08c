from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models import F
from django.utils import timezone

from showup.demo.organisation import DEMO_PASSWORD, PEOPLE
from showup.mail.models import OutboxMessage
from showup.notes.models import Note
from showup.people.models import Person

# The dates a 1:1 is scheduled for: the only ones the demo may put after today.
SCHEDULED = {("meetings.occurrence", name) for name in ("start", "end", "original_start")}


def moments_after_today() -> list[str]:
    now = timezone.now()
    return [
        f"{model._meta.label_lower}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.fields
        if isinstance(field, models.DateTimeField)
        and (model._meta.label_lower, field.name) not in SCHEDULED
        and model._default_manager.filter(**{f"{field.name}__gt": now}).exists()
    ]


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_builds_a_believable_company_once_and_prints_logins() -> None:
    output = run_demo()
    assert Person.objects.count() == len(PEOPLE)
    director = Person.objects.get(email="amara@kestrel.example")
    managers = Person.objects.filter(manager=director)
    assert managers.count() == 3
    assert all(manager.reports.count() == 4 for manager in managers)
    assert {person.timezone.split("/")[0] for person in Person.objects.all()} >= {
        "Europe",
        "Asia",
        "America",
    }
    assert Person.objects.filter(is_admin=True).count() == 1
    assert "jonas@kestrel.example" in output
    assert DEMO_PASSWORD in output
    assert director.check_password(DEMO_PASSWORD)

    # Its history is history: no mail about it, and nothing done or said after today.
    assert list(OutboxMessage.objects.values_list("subject", flat=True)) == []
    assert moments_after_today() == []
    # A note is saved during its 1:1, not when the demo was loaded.
    late = Note.objects.filter(updated_at__gt=F("occurrence__end") + timedelta(minutes=1))
    assert not late.filter(occurrence__end__lt=timezone.now()).exists()

    with pytest.raises(CommandError, match="already has people"):
        run_demo()

    Person.objects.filter(email="lena@kestrel.example").update(title="Changed")
    again = run_demo("--if-empty")
    assert Person.objects.get(email="lena@kestrel.example").title == "Changed"
    assert "amara@kestrel.example" in again
