"""Reads for the SCIM endpoint and the admin's provisioning screens."""

from django.db.models import Q, QuerySet

from showup.people.models import Person
from showup.scim.models import ProvisioningEvent, ScimToken, ScimUser

# Ids are database keys; a longer string cannot be one (and would overflow a bigint).
MAX_ID_DIGITS = 18


def scim_people() -> QuerySet[Person]:
    """Everyone the provider can see: all people but those it deleted (who stay, deactivated)."""
    return (
        Person.objects.select_related("manager", "scim")
        .exclude(scim__deleted_at__isnull=False)
        .order_by("pk")
    )


def scim_person(*, person_id: str) -> Person | None:
    if not person_id.isdigit() or len(person_id) > MAX_ID_DIGITS:
        return None
    return scim_people().filter(pk=int(person_id)).first()


def people_by_user_name(*, user_name_key: str) -> QuerySet[Person]:
    """A person made by hand answers to their e-mail until the provider first writes to them."""
    return scim_people().filter(
        Q(scim__user_name_key=user_name_key) | Q(scim__isnull=True, email=user_name_key)
    )


def people_by_external_id(*, external_id: str) -> QuerySet[Person]:
    return scim_people().filter(scim__external_id=external_id).exclude(scim__external_id="")


def user_name_taken(*, user_name_key: str, exclude: int | None) -> bool:
    """Whether anyone else, the provider's deleted people included, answers to this userName."""
    linked = ScimUser.objects.filter(user_name_key=user_name_key)
    by_hand = Person.objects.filter(email=user_name_key, scim__isnull=True)
    if exclude is not None:
        linked, by_hand = linked.exclude(person_id=exclude), by_hand.exclude(pk=exclude)
    return linked.exists() or by_hand.exists()


def live_tokens() -> QuerySet[ScimToken]:
    """Tokens not revoked whose maker is still an active admin: a token is worth its maker's
    rights, so it stops the moment they are deactivated or lose admin."""
    return ScimToken.objects.filter(
        revoked_at__isnull=True, created_by__is_active=True, created_by__is_admin=True
    )


def tokens_for_admin() -> QuerySet[ScimToken]:
    return ScimToken.objects.select_related("created_by", "revoked_by")


def provisioning_log() -> QuerySet[ProvisioningEvent]:
    return ProvisioningEvent.objects.select_related(
        "token", "person", "old_manager", "new_manager"
    )
