"""A person as a SCIM User, and what a SCIM User asks a person to become.

Showup keeps one e-mail, one name, a title, a time zone and a manager per
person; the SCIM User has many more attributes. What maps:

- `userName`: what the identity provider signs the person in with (kept on
  `ScimUser`; a person Showup made by hand answers with their e-mail).
- `emails`: the person's e-mail is the primary one (else the work one, else
  the first); with no `emails`, the `userName`.
- `displayName`, `name.formatted`, `name.givenName` + `name.familyName`: the
  person's name, in that order of preference.
- `title`, `timezone`, `active`, `externalId`, and the enterprise extension's
  `manager.value` (the manager's SCIM id).

Other attributes of the User schema (phone numbers, addresses, locale...)
are accepted and not kept; attributes no schema defines are refused.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from django.conf import settings
from pydantic import Field
from scim2_models import (
    Email,
    EnterpriseUser,
    InvalidValueException,
    Manager,
    Meta,
    Name,
    Reference,
    Required,
    ScimPolicy,
    User,
)

from showup.people.models import Person, normalize_email
from showup.scim.models import ScimUser


class ProvisionedManager(Manager):
    """RFC 7643 §8.7.1 makes `$ref` optional, and neither Okta nor Entra ID sends it."""

    ref: Annotated[Reference[User] | None, Required.false] = Field(
        None, serialization_alias="$ref", validation_alias="$ref"
    )


class ProvisionedEnterpriseUser(EnterpriseUser):
    manager: ProvisionedManager | None = None


UserResource = User[ProvisionedEnterpriseUser]
ENTERPRISE_SCHEMA = str(EnterpriseUser.__schema__)
# Unknown attributes are refused (the SCIM interoperability profile, §5.3); Entra ID's two
# documented departures from RFC 7644 are accepted: a `remove` naming its target in `value`,
# and a `replace` of emails[type eq "work"].value on a person who has no work e-mail yet.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.forbid,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)
USER_SCHEMA = str(User.__schema__)

LocationOf = Callable[[int], str]


@dataclass(frozen=True)
class Wanted:
    """The state a SCIM request asks for. `manager_id` is the manager's SCIM id as sent."""

    user_name: str
    email: str
    name: str
    title: str
    timezone: str
    manager_id: str | None
    active: bool
    external_id: str


def user_name_of(person: Person) -> str:
    link = _link(person)
    return link.user_name if link else person.email


def _link(person: Person) -> ScimUser | None:
    try:
        return person.scim
    except ScimUser.DoesNotExist:
        return None


def person_as_user(person: Person, *, location_of: LocationOf) -> Any:
    """The person as a `User[EnterpriseUser]`, as the identity provider reads it back."""
    link = _link(person)
    user = UserResource(
        id=str(person.pk),
        external_id=(link.external_id or None) if link else None,
        user_name=user_name_of(person),
        name=_name(person.name),
        display_name=person.name,
        title=person.title or None,
        timezone=person.timezone,
        active=person.is_active,
        emails=[Email(value=person.email, type=Email.Type.work)],
        meta=Meta(
            resource_type="User",
            created=person.date_joined,
            last_modified=link.changed_at if link else person.date_joined,
            location=location_of(person.pk),
        ),
    )
    if person.manager_id is not None:
        manager = ProvisionedManager.model_validate(
            {"value": str(person.manager_id), "$ref": location_of(person.manager_id)}
        )
        user[ProvisionedEnterpriseUser] = ProvisionedEnterpriseUser(manager=manager)
    return user


def _name(full_name: str) -> Name:
    given, _, family = full_name.partition(" ")
    return Name(given_name=given or None, family_name=family or None)


def wanted_from_user(
    user: Any, *, person: Person | None, before: Any | None = None, keep_manager: bool = False
) -> Wanted:
    """What `user` asks the person to become.

    `before` is the person as a User before a PATCH, so that the name attribute
    the PATCH changed wins. `keep_manager` keeps the current manager when the
    request carries no enterprise extension at all (a PUT from a provider that
    does not manage reporting lines must not erase them).
    """
    user_name = (user.user_name or "").strip()
    if not user_name:
        raise InvalidValueException(detail="userName is required.")
    return Wanted(
        user_name=user_name,
        email=normalize_email(_email(user) or user_name),
        name=_chosen_name(user, before) or (person.name if person else user_name),
        title=(user.title or "").strip(),
        timezone=user.timezone or (person.timezone if person else settings.DEFAULT_TIMEZONE),
        manager_id=_manager_id(user, person=person, keep_manager=keep_manager),
        active=True if user.active is None else bool(user.active),
        external_id=(user.external_id or "").strip(),
    )


def _email(user: Any) -> str | None:
    emails = [email for email in user.emails or [] if email.value]
    if not emails:
        return None
    chosen = (
        next((email for email in emails if email.primary), None)
        or next((email for email in emails if str(email.type or "") == "work"), None)
        or emails[0]
    )
    return str(chosen.value)


def _names(user: Any) -> dict[str, str]:
    name = user.name
    joined = " ".join(part for part in (name.given_name, name.family_name) if part) if name else ""
    return {
        "displayName": (user.display_name or "").strip(),
        "name.formatted": ((name.formatted if name else None) or "").strip(),
        "name.givenName+familyName": joined.strip(),
    }


def _chosen_name(user: Any, before: Any | None) -> str:
    now = _names(user)
    if before is not None:
        then = _names(before)
        changed = [key for key in now if now[key] != then[key] and now[key]]
        if not changed:
            return then["displayName"]
        return now[changed[0]]
    return next((value for value in now.values() if value), "")


def _manager_id(user: Any, *, person: Person | None, keep_manager: bool) -> str | None:
    extension = user[ProvisionedEnterpriseUser]
    if extension is None:
        if keep_manager and person is not None and person.manager_id is not None:
            return str(person.manager_id)
        return None
    manager = extension.manager
    value = (manager.value or "").strip() if manager else ""
    return value or None
