"""Writes the identity provider asks for, made through the people services so their rules hold.

Each write runs in one transaction and raises a SCIM exception before it is
committed, so a refused request leaves nothing half-written. Every change is
recorded in the provisioning log, by field name only.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from scim2_models import (
    Context,
    InvalidValueException,
    PatchOp,
    UniquenessException,
)

from showup.people import services as people
from showup.people.models import Person, normalize_email
from showup.scim.models import ProvisioningEvent, ScimToken, ScimUser
from showup.scim.resources import UserResource, Wanted, wanted_from_user
from showup.scim.selectors import (
    people_by_external_id,
    people_by_user_name,
    scim_person,
    user_name_taken,
)

Action = ProvisioningEvent.Action
MAX_IDENTIFIER = 254
# The person's own fields, named as the provisioning log shows them.
UserPatch = PatchOp[UserResource]
FIELD_LABELS = {"email": "e-mail", "name": "name", "title": "title", "timezone": "time zone"}


@contextmanager
def _one_write() -> Iterator[None]:
    """One transaction; a uniqueness race lost to a concurrent request answers 409, not 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise UniquenessException(
            detail="Another request made a person with this userName or e-mail at the same time."
        ) from error


def scim_user_create(*, user: Any, token: ScimToken) -> Person:
    wanted = wanted_from_user(user, person=None)
    with _one_write():
        _check_unique(wanted, person=None)
        manager = _manager(wanted.manager_id)
        with _refusals():
            person = people.person_create(
                email=wanted.email,
                name=wanted.name,
                title=wanted.title,
                timezone_name=wanted.timezone,
                manager=manager,
                by_provider=True,
            )
        _link_save(person, wanted)
        _log(token, person, Action.CREATED, new_manager=manager)
        if not wanted.active:
            with _refusals():
                people.person_deactivate(person=person, by=None)
            _log(token, person, Action.DEACTIVATED)
    return person


def scim_user_replace(*, person: Person, user: Any, token: ScimToken) -> Person:
    wanted = wanted_from_user(user, person=person, keep_manager=True)
    with _one_write():
        _apply(person, wanted, token)
    return person


def scim_user_patch(
    *, person: Person, body: dict[str, Any], current: Any, token: ScimToken
) -> Person:
    """Applies a PatchOp to the person as the provider sees them (`current`), then writes the result."""
    patch = UserPatch.model_validate(body, scim_ctx=Context.RESOURCE_PATCH_REQUEST)
    patched = current.model_copy(deep=True)
    patch.patch(patched)
    wanted = wanted_from_user(patched, person=person, before=current)
    with _one_write():
        _apply(person, wanted, token)
    return person


def scim_user_delete(*, person: Person, token: ScimToken) -> None:
    """DELETE deactivates and keeps the history; the resource answers 404 from then on."""
    with _one_write():
        if person.is_active:
            with _refusals():
                people.person_deactivate(person=person, by=None)
        link, _ = ScimUser.objects.get_or_create(
            person=person,
            defaults={"user_name": person.email, "user_name_key": person.email},
        )
        link.deleted_at = link.changed_at = timezone.now()
        link.save(update_fields=["deleted_at", "changed_at"])
        _log(token, person, Action.DELETED)


# The steps ------------------------------------------------------------------


def _apply(person: Person, wanted: Wanted, token: ScimToken) -> None:
    _check_unique(wanted, person=person)
    manager = _manager(wanted.manager_id)
    old_manager = person.manager
    changed = _changed_fields(person, wanted)
    if changed or manager != old_manager:
        with _refusals():
            people.person_update(
                person=person,
                email=wanted.email,
                name=wanted.name,
                title=wanted.title,
                timezone_name=wanted.timezone,
                manager=manager,
                is_admin=person.is_admin,
                by=None,
            )
    changed += _link_save(person, wanted)
    if changed:
        _log(token, person, Action.CHANGED, fields=changed)
    if manager != old_manager:
        _log(token, person, Action.MOVED, old_manager=old_manager, new_manager=manager)
    _apply_active(person, wanted.active, token)


def _apply_active(person: Person, active: bool, token: ScimToken) -> None:
    if person.is_active and not active:
        with _refusals():
            people.person_deactivate(person=person, by=None)
        _log(token, person, Action.DEACTIVATED)
    elif active and not person.is_active:
        people.person_reactivate(person=person)
        _log(token, person, Action.REACTIVATED)


def _changed_fields(person: Person, wanted: Wanted) -> list[str]:
    now = {"email": wanted.email, "name": wanted.name, "title": wanted.title}
    now["timezone"] = wanted.timezone
    return [FIELD_LABELS[field] for field, value in now.items() if getattr(person, field) != value]


def _check_unique(wanted: Wanted, *, person: Person | None) -> None:
    for value, what in ((wanted.user_name, "userName"), (wanted.external_id, "externalId")):
        if len(value) > MAX_IDENTIFIER:
            raise InvalidValueException(detail=f"{what} is longer than {MAX_IDENTIFIER}.")
    exclude = person.pk if person else None
    if user_name_taken(user_name_key=normalize_email(wanted.user_name), exclude=exclude):
        raise UniquenessException(detail="Another person already has this userName.")
    if Person.objects.filter(email=wanted.email).exclude(pk=exclude or 0).exists():
        raise UniquenessException(detail="Another person already has this e-mail.")


def _manager(manager_id: str | None) -> Person | None:
    """The manager named by their SCIM id, or else by their externalId or userName.

    Entra ID resolves the manager to the id Showup gave them; Okta sends what
    its mapping gives (often the manager's login), so the other two are tried.
    """
    if manager_id is None:
        return None
    manager = (
        scim_person(person_id=manager_id)
        or people_by_external_id(external_id=manager_id).first()
        or people_by_user_name(user_name_key=normalize_email(manager_id)).first()
    )
    if manager is None:
        raise InvalidValueException(
            detail=f"The manager {manager_id!r} is not a user of this service provider."
        )
    return manager


@contextmanager
def _refusals() -> Iterator[None]:
    """The people services' refusals (a loop of managers, a bad e-mail...) as SCIM invalidValue.

    A taken e-mail is a uniqueness refusal (409): on PostgreSQL a concurrent
    request can commit the same person between `_check_unique` and the save.
    """
    try:
        yield
    except ValidationError as error:
        if _is_taken(error):
            raise UniquenessException(detail="Another person already has this e-mail.") from error
        raise InvalidValueException(detail=" ".join(error.messages)) from error


def _is_taken(error: ValidationError) -> bool:
    fields = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
    return any(each.code == "unique" for errors in fields for each in errors)


def _link_save(person: Person, wanted: Wanted) -> list[str]:
    """Keeps the provider's userName and externalId; returns which of them changed."""
    link = ScimUser.objects.filter(person=person).first()
    if link is None:
        link = ScimUser(person=person, user_name=person.email, user_name_key=person.email)
    changed = [
        label
        for label, before, after in (
            ("userName", link.user_name, wanted.user_name),
            ("externalId", link.external_id, wanted.external_id),
        )
        if before != after
    ]
    link.user_name = wanted.user_name
    link.user_name_key = normalize_email(wanted.user_name)
    link.external_id = wanted.external_id
    link.changed_at = timezone.now()
    link.save()
    return changed


def _log(
    token: ScimToken,
    person: Person,
    action: str,
    *,
    fields: list[str] | None = None,
    old_manager: Person | None = None,
    new_manager: Person | None = None,
) -> None:
    ProvisioningEvent.objects.create(
        token=token,
        person=person,
        action=action,
        fields=fields or [],
        old_manager=old_manager,
        new_manager=new_manager,
    )
