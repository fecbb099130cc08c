"""Writes about people: creating, changing reporting lines, deactivating."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from showup.people.models import Person, normalize_email
from showup.people.rules import describe_cycle, reporting_cycle
from showup.people.selectors import manager_map


def check_manager(*, person: Person | None, manager: Person | None) -> None:
    """Refuses a manager who is deactivated or who would close a reporting loop."""
    if manager is None:
        return
    if not manager.is_active:
        raise ValidationError(
            {"manager": f"{manager.name} is deactivated and cannot have reports."}
        )
    if person is None or person.pk is None:
        return
    names = dict(Person.objects.values_list("id", "name"))
    cycle = reporting_cycle(manager_map(), person.pk, manager.pk)
    if cycle is not None:
        loop = describe_cycle([names[pk] for pk in cycle])
        raise ValidationError(
            {
                "manager": f"{person.name} cannot report to {manager.name}: that makes a loop ({loop})."
            }
        )


def person_create(
    *,
    email: str,
    name: str,
    title: str = "",
    timezone_name: str = "UTC",
    manager: Person | None = None,
    is_admin: bool = False,
    password: str | None = None,
) -> Person:
    check_manager(person=None, manager=manager)
    person = Person(
        email=normalize_email(email),
        name=name.strip(),
        title=title.strip(),
        timezone=timezone_name,
        manager=manager,
        is_admin=is_admin,
    )
    person.set_password(password)  # None leaves an unusable password until invited
    person.full_clean(exclude=["password"])
    person.save()
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    email: str,
    name: str,
    title: str,
    timezone_name: str,
    manager: Person | None,
    is_admin: bool,
) -> Person:
    check_manager(person=person, manager=manager)
    person.email = normalize_email(email)
    person.name = name.strip()
    person.title = title.strip()
    person.timezone = timezone_name
    person.manager = manager
    person.is_admin = is_admin
    person.full_clean(exclude=["password"])
    person.save()
    return person


def person_set_timezone(*, person: Person, timezone_name: str) -> Person:
    person.timezone = timezone_name
    person.full_clean(exclude=["password"])
    person.save(update_fields=["timezone"])
    return person


@transaction.atomic
def person_deactivate(*, person: Person, by: Person | None) -> Person:
    """Ends the person's access at once; their history and reporting line stay.

    `by` is None when the company's identity provider deactivates them (SCIM).
    """
    if by is not None and person.pk == by.pk:
        raise ValidationError("You cannot deactivate yourself.")
    person.is_active = False
    person.deactivated_at = timezone.now()
    person.save(update_fields=["is_active", "deactivated_at"])
    return person


def person_reactivate(*, person: Person) -> Person:
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["is_active", "deactivated_at"])
    return person
