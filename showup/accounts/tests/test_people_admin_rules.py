"""The rules an admin meets on the people screens: a changed e-mail cannot take the account,
and the company never loses its last active admin."""

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from showup.mail.models import OutboxMessage
from showup.people import services
from showup.people.models import Person
from tests.factories import PersonFactory

FORM = {"title": "", "timezone": "UTC"}


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def edit(client: Client, person: Person, **fields: Any) -> Any:
    data = {**FORM, "name": person.name, "email": person.email, **fields}
    if person.is_admin and "is_admin" not in fields:
        data["is_admin"] = "on"
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("people_admin:edit", args=[person.pk]), data, follow=True)


@pytest.fixture
def admin(db: None) -> Person:
    return PersonFactory.create(name="Ada Admin", email="ada@example.com", is_admin=True)


@pytest.mark.django_db
def test_an_admin_changing_an_e_mail_signs_the_person_out_and_tells_the_old_address(
    admin: Person, person: Person
) -> None:
    riley = signed_in(person)
    page = edit(signed_in(admin), person, email="Riley.New@example.com").content.decode()
    assert "They are signed out everywhere, and riley@example.com is told" in page
    assert "no password link goes to riley.new@example.com" in page
    assert riley.get(reverse("pages:home")).status_code == 302
    notice = OutboxMessage.objects.get(kind="email-changed")
    assert notice.recipient == "riley@example.com"
    assert "riley.new@example.com" in notice.text_body
    assert "Ada Admin, an admin" in notice.text_body


@pytest.mark.django_db
def test_an_admin_cannot_send_a_link_to_an_address_they_just_changed(
    admin: Person, person: Person
) -> None:
    client = signed_in(admin)
    edit(client, person, email="mine@example.com")
    page = client.post(reverse("people_admin:invite", args=[person.pk]), follow=True)
    assert "no password link goes to mine@example.com" in page.content.decode()
    Client().post(reverse("accounts:reset"), {"email": "mine@example.com"})
    kinds = list(OutboxMessage.objects.values_list("kind", "recipient"))
    assert sorted(kinds) == [
        ("email-changed", "riley@example.com"),
        ("password-reset-held", "mine@example.com"),
    ]


@pytest.mark.django_db
def test_a_pending_invitation_skips_an_address_just_changed(admin: Person) -> None:
    fresh = PersonFactory.create(email="fresh@example.com")
    changed = PersonFactory.create(email="old@example.com")
    Person.objects.filter(pk__in=[fresh.pk, changed.pk]).update(password="!")
    edit(signed_in(admin), changed, email="new@example.com")
    signed_in(admin).post(reverse("people_admin:invite-pending"))
    invited = OutboxMessage.objects.filter(kind="invitation").values_list("recipient", flat=True)
    assert list(invited) == ["fresh@example.com"]


@pytest.mark.django_db
def test_the_last_active_admin_cannot_demote_themselves(admin: Person) -> None:
    page = edit(signed_in(admin), admin, is_admin=None).content.decode()
    assert "Ada Admin is the last active admin" in page
    admin.refresh_from_db()
    assert admin.is_admin


@pytest.mark.django_db
def test_an_admin_steps_down_once_another_admin_exists(admin: Person) -> None:
    grace = PersonFactory.create(name="Grace", is_admin=True)
    edit(signed_in(admin), admin, is_admin=None)
    admin.refresh_from_db()
    assert not admin.is_admin
    with pytest.raises(ValidationError, match="Grace is the last active admin"):
        services.person_deactivate(person=grace, by=None)
    page = edit(signed_in(grace), grace, is_admin=None).content.decode()
    assert "Grace is the last active admin" in page


@pytest.mark.django_db
def test_a_deactivated_admin_does_not_count(admin: Person) -> None:
    gone = PersonFactory.create(is_admin=True)
    services.person_deactivate(person=gone, by=admin)
    with pytest.raises(ValidationError, match="last active admin"):
        services.person_deactivate(person=admin, by=None)
    assert Person.objects.get(pk=admin.pk).is_active


def _demote(person_id: int, start: threading.Barrier, out: list[str]) -> None:
    try:
        person = Person.objects.get(pk=person_id)
        start.wait(timeout=10)
        try:
            services.person_update(
                person=person,
                email=person.email,
                name=person.name,
                title=person.title,
                timezone_name=person.timezone,
                manager=None,
                is_admin=False,
                by=None,
            )
            out.append("demoted")
        except ValidationError:
            out.append("refused")
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_admins_demoting_themselves_at_once_leave_one(round_: int) -> None:
    admins = [PersonFactory.create(is_admin=True) for _ in range(2)]
    start = threading.Barrier(2)
    out: list[str] = []
    threads = [threading.Thread(target=_demote, args=(a.pk, start, out)) for a in admins]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(out) == ["demoted", "refused"]
    assert Person.objects.filter(is_admin=True, is_active=True).count() == 1
