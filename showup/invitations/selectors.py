"""Reads about invitations for the admin: choices counted, never who chose what."""

from django.db.models import Count, Q

from showup.notifications.models import Preference


def invitation_choice_counts() -> dict[str, int]:
    return Preference.objects.filter(person__is_active=True).aggregate(
        on=Count("pk", filter=Q(invitations_enabled=True)),
        off=Count("pk", filter=Q(invitations_enabled=False)),
    )
