"""A write holds the database's write lock only while it writes: not while it renders, not while
a password is checked. Run on a real connection (no test transaction around it), on both databases."""

import os
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.agendas.models import TalkingPoint
from showup.agendas.services import talking_point_add
from showup.core.models import FormKey
from showup.core.responses import RenderedAfterCommit
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pair_people(transactional_db: None) -> tuple[Person, Person]:
    manager = PersonFactory.create(name="Max Manager", email="max@example.com")
    return manager, PersonFactory.create(name="Riley Report", manager=manager)


def test_a_point_is_written_in_a_transaction_and_the_agenda_rendered_after_it(
    pair_people: tuple[Person, Person], monkeypatch: Any
) -> None:
    manager, report = pair_people
    series = weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=1))
    occurrence = series.occurrences.order_by("start").first()
    assert occurrence is not None
    seen: dict[str, bool] = {}

    def add(**kwargs: Any) -> TalkingPoint:
        seen["writing"] = connection.in_atomic_block
        return talking_point_add(**kwargs)

    resolve = RenderedAfterCommit.resolve_context

    def rendering(self: RenderedAfterCommit, context: Any) -> Any:
        seen["rendering"] = connection.in_atomic_block
        seen["key claimed"] = FormKey.objects.filter(person=report).exists()
        return resolve(self, context)

    monkeypatch.setattr("showup.agendas.services.talking_point_add", add)
    monkeypatch.setattr(RenderedAfterCommit, "resolve_context", rendering)
    client = Client()
    client.force_login(report)
    response = client.post(
        reverse("agendas:point-add", args=[occurrence.pk]),
        {"text": "Budget for the course", "once": "w" * 24},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b"Budget for the course" in response.content
    # The claim and the write in one transaction; the answer rendered after it committed.
    assert seen == {"writing": True, "rendering": False, "key claimed": True}
    assert bytes(FormKey.objects.get(person=report).body) == response.content


def test_passwords_are_checked_and_hashed_outside_any_transaction(
    pair_people: tuple[Person, Person], monkeypatch: Any
) -> None:
    manager, _ = pair_people
    manager.set_password("a long enough password")
    manager.save()
    in_transaction: list[bool] = []
    verify, encode = MD5PasswordHasher.verify, MD5PasswordHasher.encode

    def checking(self: MD5PasswordHasher, password: str, encoded: str) -> bool:
        in_transaction.append(connection.in_atomic_block)
        return verify(self, password, encoded)

    def hashing(self: MD5PasswordHasher, password: str, salt: str) -> str:
        in_transaction.append(connection.in_atomic_block)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "verify", checking)
    monkeypatch.setattr(MD5PasswordHasher, "encode", hashing)
    client = Client()
    signed_in = client.post(
        reverse("accounts:sign-in"),
        {"username": "max@example.com", "password": "a long enough password"},
    )
    assert signed_in.status_code == 302
    changed = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "a long enough password",
            "new_password1": "another quite long passphrase",
            "new_password2": "another quite long passphrase",
        },
    )
    assert changed.status_code == 302
    manager.refresh_from_db()
    assert manager.check_password("another quite long passphrase")
    assert len(in_transaction) >= 3  # sign-in's check, the change's check and its new hash
    assert not any(in_transaction)


def test_loading_the_wsgi_app_readies_every_view_and_template_and_freezes_them() -> None:
    """A worker's first request must not import SCIM's models or compile the agenda (0.9-1.8 s)."""
    script = (
        "import gc, sys, showup.wsgi;"
        "from django.template import engines;"
        "loader = engines['django'].engine.template_loaders[0];"
        "print('showup.scim.views' in sys.modules, 'agendas/_agenda.html' in str(loader.get_template_cache.keys()), gc.get_freeze_count() > 100_000)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "showup.settings"},
    )
    assert done.stdout.split() == ["True", "True", "True"]


def test_ticking_a_point_answers_with_that_point_alone(
    pair_people: tuple[Person, Person],
) -> None:
    manager, report = pair_people
    series = weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=1))
    occurrence = series.occurrences.order_by("start").first()
    assert occurrence is not None
    point = talking_point_add(
        occurrence=occurrence, author=report, text="Conference budget", is_private=False
    )
    talking_point_add(occurrence=occurrence, author=manager, text="MAX-PRIVATE", is_private=True)
    for number in range(5):  # an agenda of six: the answer is one of them
        talking_point_add(
            occurrence=occurrence, author=report, text=f"Growth {number}", is_private=False
        )
    client = Client()
    client.force_login(report)
    url = reverse("agendas:point-discussed", args=[occurrence.pk, point.pk])
    answer = client.post(url, {"discussed": "on"}, headers={"HX-Request": "true"})
    whole = client.get(
        reverse("agendas:agenda", args=[occurrence.pk]), headers={"HX-Request": "true"}
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert html.strip().startswith(f'<li class="point is-discussed" id="point-{point.pk}"')
    assert 'id="agenda"' not in html
    assert "MAX-PRIVATE" not in html
    assert len(answer.content) * 4 < len(whole.content)
    point.refresh_from_db()
    assert point.discussed_at is not None
