"""Who gets calendar invitations: each person's own choice, else the company's default.

Never someone whose calendar Showup syncs two-way: their calendar already holds
each 1:1, and an invitation would put it there a second time under another UID.
"""

from collections.abc import Callable

from django.utils import timezone

from showup.calendars.selectors import people_syncing
from showup.invitations.models import CompanyInvitations
from showup.notifications.models import Preference
from showup.people.models import Person

COMPANY_ROW = 1


def company_default() -> bool:
    """Off until the admin turns it on: invitations are mail people did not get before."""
    setting = CompanyInvitations.objects.filter(pk=COMPANY_ROW).first()
    return setting.by_default if setting else False


def company_default_set(*, by_default: bool, by: Person) -> None:
    CompanyInvitations.objects.update_or_create(
        pk=COMPANY_ROW,
        defaults={"by_default": by_default, "changed_by": by, "changed_at": timezone.now()},
    )


def invitation_wishes(people: list[Person]) -> dict[int, bool]:
    """Whether each of `people` wants invitations, in two queries whatever their number."""
    chosen = {
        person_id: bool(enabled)
        for person_id, enabled in Preference.objects.filter(
            person__in=people, invitations_enabled__isnull=False
        ).values_list("person_id", "invitations_enabled")
    }
    default = company_default() if len(chosen) < len(people) else False
    syncing = people_syncing(people=people)
    return {
        person.pk: chosen.get(person.pk, default) and person.pk not in syncing for person in people
    }


def everyone_s_wishes() -> Callable[[Person], bool]:
    """Whether anyone wants invitations, from two queries for the whole company."""
    chosen = dict(
        Preference.objects.filter(invitations_enabled__isnull=False).values_list(
            "person_id", "invitations_enabled"
        )
    )
    default = company_default()
    syncing = people_syncing()
    return lambda person: bool(chosen.get(person.pk, default)) and person.pk not in syncing


def wants_invitations(person: Person) -> bool:
    return invitation_wishes([person])[person.pk]
