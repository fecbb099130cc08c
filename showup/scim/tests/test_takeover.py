"""A SCIM token cannot turn a person's account into the attacker's (issue 19, item 1).

The attack: replace the person's e-mail and userName with an address the
attacker reads, ask for a password reset to it, follow the link. Each step is
tried as Okta and Entra ID send it, through the real pages and a real SMTP
server: the change is made (the provider owns e-mails), but the person is
signed out, their old address is told, and no link reaches the new address.
"""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from showup.mail.services import mail_deliver_due
from showup.people.models import Person
from showup.scim.tests.conftest import USER, Scim
from tests.factories import PersonFactory
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db
ATTACKER = "mallory@evil.example"
LINK = re.compile(r"https?://\S+/accounts/(?:reset|invitation)/\S+")


def okta_takeover(scim: Scim, user_id: int) -> Any:
    return scim.patch(
        user_id,
        {
            "op": "replace",
            "value": {
                "userName": ATTACKER,
                "emails": [{"value": ATTACKER, "type": "work", "primary": True}],
            },
        },
    )


def entra_takeover(scim: Scim, user_id: int) -> Any:
    return scim.patch(
        user_id,
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": ATTACKER},
        {"op": "Replace", "path": "userName", "value": ATTACKER},
    )


def put_takeover(scim: Scim, user_id: int) -> Any:
    current = scim.call("GET", f"/Users/{user_id}").body
    body = {**current, "schemas": [USER], "userName": ATTACKER}
    body["emails"] = [{"value": ATTACKER, "type": "work", "primary": True}]
    return scim.call("PUT", f"/Users/{user_id}", body)


TAKEOVERS = {"okta": okta_takeover, "entra": entra_takeover, "put": put_takeover}


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("pages:home")).status_code == 200


def bodies(inbox: Inbox, address: str) -> list[str]:
    return [
        message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
        for message in inbox.to(address)
    ]


@pytest.mark.parametrize("style", list(TAKEOVERS))
def test_it_keeps_a_scim_changed_address_from_taking_the_admins_account(
    scim: Scim, admin: Person, smtp: Inbox, style: str
) -> None:
    other_admin = PersonFactory.create(email="grace@example.com", is_admin=True)
    browser = signed_in(admin)
    assert is_signed_in(browser)

    answer = TAKEOVERS[style](scim, admin.pk)
    assert answer.status == 200, answer.body
    admin.refresh_from_db()
    assert admin.email == ATTACKER  # the provider owns e-mails: the change itself is made
    assert not is_signed_in(browser)

    attacker = Client()
    attacker.post(reverse("accounts:reset"), {"email": ATTACKER})
    mail_deliver_due(worker="test")
    told = bodies(smtp, "ada@example.com")
    assert len(told) == 1
    assert ATTACKER in told[0]
    assert "your company's identity provider" in told[0]
    to_attacker = bodies(smtp, ATTACKER)
    assert len(to_attacker) == 1
    assert "no reset link goes to it" in to_attacker[0]
    assert not LINK.search(to_attacker[0])
    assert not bodies(smtp, other_admin.email)


def test_an_invitation_to_a_scim_changed_address_is_refused_too(
    scim: Scim, admin: Person, smtp: Inbox
) -> None:
    newcomer = PersonFactory.create(email="newcomer@example.com")
    newcomer.set_unusable_password()
    newcomer.save()
    assert entra_takeover(scim, newcomer.pk).status == 200
    Client().post(reverse("accounts:reset"), {"email": ATTACKER})
    page = signed_in(admin).post(reverse("people_admin:invite", args=[newcomer.pk]), follow=True)
    assert "no password link goes to" in page.content.decode()
    mail_deliver_due(worker="test")
    assert not any(LINK.search(body) for body in bodies(smtp, ATTACKER))
    assert bodies(smtp, "newcomer@example.com")  # the old address is told


def test_a_reset_link_sent_before_the_change_stops_working_even_if_changed_back(
    scim: Scim, admin: Person, smtp: Inbox
) -> None:
    Client().post(reverse("accounts:reset"), {"email": admin.email})
    mail_deliver_due(worker="test")
    match = LINK.search(bodies(smtp, admin.email)[0])
    assert match is not None
    link = "/" + match.group(0).split("://", 1)[1].split("/", 1)[1]
    assert "Choose a new password" in Client().get(link, follow=True).content.decode()
    entra_takeover(scim, admin.pk)
    back = scim.patch(
        admin.pk, {"op": "Replace", "path": 'emails[type eq "work"].value', "value": admin.email}
    )
    assert back.status == 200
    assert "no longer works" in Client().get(link, follow=True).content.decode()


def test_a_reset_goes_out_again_once_the_hold_is_over(
    scim: Scim, admin: Person, smtp: Inbox, settings: Any
) -> None:
    entra_takeover(scim, admin.pk)
    admin.refresh_from_db()
    assert admin.email_changed_at is not None
    hold = timedelta(hours=settings.EMAIL_CHANGE_RESET_HOLD_HOURS)
    Person.objects.filter(pk=admin.pk).update(email_changed_at=admin.email_changed_at - hold)
    Client().post(reverse("accounts:reset"), {"email": ATTACKER})
    mail_deliver_due(worker="test")
    assert LINK.search(bodies(smtp, ATTACKER)[0])


def test_a_change_of_anything_but_the_e_mail_signs_nobody_out(
    scim: Scim, admin: Person, smtp: Inbox
) -> None:
    browser = signed_in(admin)
    answer = scim.patch(admin.pk, {"op": "Replace", "path": "title", "value": "Founder"})
    assert answer.status == 200
    assert is_signed_in(browser)
    admin.refresh_from_db()
    assert admin.email_changed_at is None
    assert mail_deliver_due(worker="test") == 0
