"""Turning invitations on or off: each person in their settings, the admin for the company."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from showup.invitations.preferences import company_default, company_default_set, wants_invitations
from showup.notifications.links import unsubscribe_url
from showup.notifications.models import Preference
from tests.factories import PersonFactory

SETTINGS = {"before_hours": "24", "before_enabled": "on", "changes_enabled": "on"}
# The session, the signed-in person, the company row and the counts.
ADMIN_PAGE_QUERIES = 4


@pytest.mark.django_db
def test_a_person_turns_invitations_on_and_off_and_back_to_the_company_default(
    sign_in: Any,
) -> None:
    person = PersonFactory.create()
    client = sign_in(person)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Calendar invitations by e-mail" in page
    assert "As the company decides (now off)" in page
    for choice, expected in (("True", True), ("False", False), ("", None)):
        data = {**SETTINGS, "invitations_enabled": choice, "once": f"{choice:x<24}"}
        response = client.post(reverse("notifications:settings"), data)
        assert response.status_code == 302
        assert Preference.objects.get(person=person).invitations_enabled is expected
    company_default_set(by_default=True, by=person)
    assert wants_invitations(person)
    assert (
        "As the company decides (now on)"
        in client.get(reverse("notifications:settings")).content.decode()
    )


@pytest.mark.django_db
def test_a_bad_choice_is_refused_and_changes_nothing(sign_in: Any) -> None:
    person = PersonFactory.create()
    Preference.objects.create(person=person, invitations_enabled=True)
    data = {**SETTINGS, "invitations_enabled": "sometimes", "once": "b" * 24}
    response = sign_in(person).post(reverse("notifications:settings"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Preference.objects.get(person=person).invitations_enabled is True


@pytest.mark.django_db
def test_one_click_unsubscribe_stops_invitations_too(client: Any) -> None:
    person = PersonFactory.create()
    company_default_set(by_default=True, by=person)
    assert wants_invitations(person)
    answer = client.post(unsubscribe_url(person_id=person.pk), {"List-Unsubscribe": "One-Click"})
    assert not wants_invitations(person)
    # The page says so, and never that invitations still arrive.
    page = answer.content.decode()
    assert "Calendar invitations by e-mail" in page
    assert "invitations still arrive" not in page
    assert "sign-in links and password resets" in page


@pytest.mark.django_db
def test_the_unsubscribe_page_lists_what_it_turns_off_and_nothing_else(client: Any) -> None:
    """Each switch turned off is named; each switch named is turned off."""
    from showup.notifications.views import CHANGES_WITHOUT_SYNC, EVERYTHING_OFF

    person = PersonFactory.create()
    PersonFactory.create(manager=person)  # a manager: the Monday digest is theirs to stop
    Preference.objects.create(person=person, **dict.fromkeys(EVERYTHING_OFF, True))
    page = client.get(unsubscribe_url(person_id=person.pk)).content.decode()
    page = page.replace("&ldquo;", "“").replace("&rdquo;", "”")
    client.post(unsubscribe_url(person_id=person.pk))
    preference = Preference.objects.get(person=person)
    for field, words in EVERYTHING_OFF.items():
        assert getattr(preference, field) is False
        # Calendar questions are named to someone who syncs a calendar only.
        named = CHANGES_WITHOUT_SYNC if field == "changes_enabled" else words
        assert named[0].upper() + named[1:] in page
    switches = {field.name for field in Preference._meta.fields if field.name.endswith("_enabled")}
    assert switches == set(EVERYTHING_OFF)


@pytest.mark.django_db
def test_the_admin_sets_the_company_default(sign_in: Any) -> None:
    admin = PersonFactory.create(is_admin=True)
    Preference.objects.create(person=PersonFactory.create(), invitations_enabled=True)
    Preference.objects.create(person=PersonFactory.create(), invitations_enabled=False)
    Preference.objects.create(person=PersonFactory.create(), invitations_enabled=False)
    client = sign_in(admin)
    page = client.get(reverse("invitations:company")).content.decode()
    assert "1 person has turned invitations on for themselves, and 2 turned them off" in page
    response = client.post(reverse("invitations:company"), {"by_default": "on", "once": "a" * 24})
    assert response.status_code == 302
    assert company_default() is True
    client.post(reverse("invitations:company"), {"once": "c" * 24})
    assert company_default() is False


@pytest.mark.django_db
def test_only_the_admin_sees_the_company_default(sign_in: Any) -> None:
    someone = PersonFactory.create()
    client = sign_in(someone)
    assert client.get(reverse("invitations:company")).status_code == 404
    response = client.post(reverse("invitations:company"), {"by_default": "on", "once": "d" * 24})
    assert response.status_code == 404
    assert company_default() is False


@pytest.mark.django_db
def test_the_admin_page_does_a_fixed_number_of_queries(sign_in: Any) -> None:
    admin = PersonFactory.create(is_admin=True)
    for _ in range(5):
        Preference.objects.create(person=PersonFactory.create(), invitations_enabled=True)
    client = sign_in(admin)
    client.get(reverse("invitations:company"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("invitations:company")).status_code == 200
    assert len(queries) == ADMIN_PAGE_QUERIES
