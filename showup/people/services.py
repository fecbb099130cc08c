"""Writes about people: creating, changing reporting lines and e-mails, deactivating."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from showup.people.models import Person, normalize_email
from showup.people.rules import describe_cycle, reporting_cycle
from showup.people.selectors import manager_map
from showup.people.signals import person_email_changed

LAST_ADMIN = (
    "{name} is the last active admin: make someone else an admin first, "
    "so that someone can still manage people."
)


def check_manager(
    *, person: Person | None, manager: Person | None, by_provider: bool = False
) -> None:
    """Refuses a manager who would close a reporting loop, or a deactivated one.

    The company's identity provider (SCIM) owns the org chart: a line it draws to a
    deactivated person is kept as it says, as the lines of a manager deactivated with
    reports are; an admin picking a deactivated manager is told so.
    """
    if manager is None:
        return
    if not manager.is_active and not by_provider:
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
    by_provider: bool = False,
) -> Person:
    """`by_provider` is True when the company's identity provider (SCIM) creates the person."""
    check_manager(person=None, manager=manager, by_provider=by_provider)
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
    by: Person | None,
) -> Person:
    """`by` is the admin making the change, or None for the company's identity provider (SCIM)."""
    check_manager(person=person, manager=manager, by_provider=by is None)
    if not is_admin and is_last_admin(person=person):
        raise ValidationError({"is_admin": LAST_ADMIN.format(name=person.name)})
    old_email = person.email
    person.email = normalize_email(email)
    person.name = name.strip()
    person.title = title.strip()
    person.timezone = timezone_name
    person.manager = manager
    person.is_admin = is_admin
    email_changed = person.email != old_email
    if email_changed:
        person.email_changed_at = timezone.now()
    person.full_clean(exclude=["password"])
    person.save()
    if email_changed:
        _email_changed(person=person, old_email=old_email, by=by)
    return person


def is_last_admin(*, person: Person) -> bool:
    """Whether the person is the only active admin; call it in the transaction of the change.

    The active admins' rows are locked first, so two admins demoting or deactivating each
    other at the same moment cannot both succeed: the second reads the first's change.
    """
    admins = list(
        Person.objects.select_for_update()
        .filter(is_admin=True, is_active=True)
        .values_list("pk", flat=True)
    )
    return admins == [person.pk]


def _email_changed(*, person: Person, old_email: str, by: Person | None) -> None:
    """A new address must never take the account (docs/scim.md, "E-mail changes").

    Whoever holds the new address may not be the person: every session ends, the old
    address is told, and no password link goes to the new one for a while
    (`accounts.services.password_link_refusal`); links sent before stop working.
    """
    person_sessions_end(person=person)
    person_email_changed.send(sender=Person, person=person, old_email=old_email, by=by)


def person_sessions_end(*, person: Person) -> int:
    """Ends the person's sessions on every device; returns how many ended."""
    person_id = str(person.pk)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == person_id:
            session.delete()
            ended += 1
    return ended


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
    if is_last_admin(person=person):
        raise ValidationError(LAST_ADMIN.format(name=person.name))
    person.is_active = False
    person.deactivated_at = timezone.now()
    person.save(update_fields=["is_active", "deactivated_at"])
    return person


def person_reactivate(*, person: Person) -> Person:
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["is_active", "deactivated_at"])
    return person
