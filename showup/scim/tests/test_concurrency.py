"""Two identity-provider requests creating the same userName at once never make two people.

Real threads, each with its own database connection, released together. On
SQLite the second writer waits for the first (IMMEDIATE transactions) and is
told 409 by the uniqueness check; on PostgreSQL both may pass that check, and
the unique constraints refuse the second insert, which is answered 409 too.
"""

import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from showup.people.models import Person
from showup.scim.models import ProvisioningEvent, ScimUser
from showup.scim.tests.conftest import BASE, USER, Scim, okta_user

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 4


def _create(
    secret: str, body: dict[str, object], start: threading.Barrier, out: list[int]
) -> None:
    try:
        client = Client()
        start.wait(timeout=10)
        response = client.post(
            f"{BASE}/Users",
            json.dumps(body),
            content_type="application/scim+json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        out.append(response.status_code)
    finally:
        connection.close()


def race(scim: Scim, first: dict[str, object], second: dict[str, object]) -> list[int]:
    start = threading.Barrier(2)
    statuses: list[int] = []
    threads = [
        threading.Thread(target=_create, args=(scim.secret, body, start, statuses))
        for body in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(statuses)


def test_two_creates_of_the_same_user_name_make_one_person(scim: Scim) -> None:
    for n in range(ROUNDS):
        email = f"twin{n}@example.com"
        body = {"schemas": [USER], **okta_user(email, "Twin", str(n))}
        assert race(scim, body, body) == [201, 409]
        assert Person.objects.filter(email=email).count() == 1
    assert ScimUser.objects.count() == ROUNDS
    assert ProvisioningEvent.objects.filter(action="created").count() == ROUNDS


def test_the_same_user_name_with_two_e_mails_still_makes_one_person(scim: Scim) -> None:
    for n in range(ROUNDS):
        user_name = f"entra-user-{n}"
        bodies = [
            {"schemas": [USER], **okta_user(f"{side}{n}@example.com", "Twin", side)}
            | {"userName": user_name}
            for side in ("left", "right")
        ]
        assert race(scim, *bodies) == [201, 409]
        assert ScimUser.objects.filter(user_name_key=user_name).count() == 1
    assert Person.objects.count() == ROUNDS + 1  # and the admin who made the token


def test_a_person_committed_between_the_check_and_the_save_is_still_told_409(
    scim: Scim, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's interleaving, made certain: the other request commits the
    same e-mail after this one's uniqueness check and before its save."""
    from showup.scim import services
    from tests.factories import PersonFactory

    check = services._check_unique

    def other_request_commits_meanwhile(wanted: Any, *, person: Any) -> None:
        check(wanted, person=person)
        PersonFactory.create(email="twin@example.com")

    monkeypatch.setattr(services, "_check_unique", other_request_commits_meanwhile)
    answer = scim.create(**okta_user("twin@example.com", "Twin", "Late"))
    assert answer.status == 409, answer.body
    assert answer.body["scimType"] == "uniqueness"
