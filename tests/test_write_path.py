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


@pytest.fixture
def agenda(pair_people: tuple[Person, Person]) -> Any:
    """A 1:1 whose agenda holds two of the report's points and a private one of the manager's."""
    manager, report = pair_people
    series = weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=1))
    occurrence = series.occurrences.order_by("start").first()
    assert occurrence is not None
    for text in ("Growth plan", "Team offsite"):
        talking_point_add(occurrence=occurrence, author=report, text=text, is_private=False)
    talking_point_add(occurrence=occurrence, author=manager, text="MAX-PRIVATE", is_private=True)
    return occurrence


def _htmx_post(person: Person, url: str, data: dict[str, str]) -> Any:
    client = Client()
    client.force_login(person)
    return client.post(url, data, headers={"HX-Request": "true"})


def _agenda_html(person: Person, occurrence: Any) -> str:
    client = Client()
    client.force_login(person)
    url = reverse("agendas:agenda", args=[occurrence.pk])
    return client.get(url, headers={"HX-Request": "true"}).content.decode()


def test_a_new_point_comes_back_alone_where_a_reload_would_show_it(agenda: Any) -> None:
    report, manager = agenda.pair.member, agenda.pair.lead
    url = reverse("agendas:point-add", args=[agenda.pk])
    mine = _htmx_post(report, url, {"text": "Conference budget", "once": "a" * 24})
    theirs = _htmx_post(manager, url, {"text": "Hiring update", "once": "b" * 24})

    assert (mine["HX-Retarget"], mine["HX-Reswap"]) == ("#agenda-lead-points", "beforebegin")
    assert (theirs["HX-Retarget"], theirs["HX-Reswap"]) == ("#agenda-points", "beforeend")
    for answer, text in ((mine, "Conference budget"), (theirs, "Hiring update")):
        html = answer.content.decode()
        assert html.strip().startswith('<li class="point"'), html[:200]
        assert html.count('<li class="point') == 1
        assert text in html
        assert "MAX-PRIVATE" not in html
        assert 'id="agenda"' not in html
    # Placed before the marker or last, each sits where a reload of the agenda shows it.
    for reader in (report, manager):
        whole = _agenda_html(reader, agenda)
        order = ["Growth plan", "Team offsite", "Conference budget", "agenda-lead-points"]
        order += ["MAX-PRIVATE"] if reader == manager else []
        order += ["Hiring update"]
        assert sorted(order, key=whole.index) == order


def test_an_edit_a_keep_and_a_removal_answer_with_that_point_or_nothing(agenda: Any) -> None:
    report = agenda.pair.member
    point = TalkingPoint.objects.get(text="Growth plan")
    edit = reverse("agendas:point-edit", args=[agenda.pk, point.pk])
    edited = _htmx_post(
        report, edit, {"text": "Growth plan for 2027", "version": str(point.version)}
    )
    assert (edited["HX-Retarget"], edited["HX-Reswap"]) == (f"#point-{point.pk}", "outerHTML")
    assert "Growth plan for 2027" in edited.content.decode()
    assert "Team offsite" not in edited.content.decode()

    review = TalkingPoint.objects.get(text="Team offsite")
    keep = reverse("agendas:point-keep", args=[agenda.pk, review.pk])
    kept = _htmx_post(report, keep, {})
    assert kept["HX-Retarget"] == f"#point-{review.pk}"
    assert kept.content.decode().strip().startswith(f'<li class="point" id="point-{review.pk}"')

    delete = reverse("agendas:point-delete", args=[agenda.pk, point.pk])
    removed = _htmx_post(report, delete, {})
    assert (removed["HX-Retarget"], removed["HX-Reswap"]) == (f"#point-{point.pk}", "delete")
    assert removed.content == b""
    assert not TalkingPoint.objects.filter(pk=point.pk).exists()


def test_a_refused_point_answers_with_the_whole_agenda_and_its_message(agenda: Any) -> None:
    url = reverse("agendas:point-add", args=[agenda.pk])
    refused = _htmx_post(agenda.pair.member, url, {"text": "   "})
    assert "HX-Retarget" not in refused
    assert 'id="agenda"' in refused.content.decode()
    assert 'role="alert"' in refused.content.decode()
    assert TalkingPoint.objects.filter(occurrence=agenda).count() == 3


def test_a_resent_add_gets_the_same_point_in_the_same_place(agenda: Any) -> None:
    client = Client()
    client.force_login(agenda.pair.member)
    url = reverse("agendas:point-add", args=[agenda.pk])
    data = {"text": "Conference budget", "once": "r" * 24}
    first = client.post(url, data, headers={"HX-Request": "true"})
    again = client.post(url, data, headers={"HX-Request": "true"})
    assert again.content == first.content
    assert again["HX-Retarget"] == first["HX-Retarget"] == "#agenda-lead-points"
    assert again["HX-Reswap"] == "beforebegin"
    assert TalkingPoint.objects.filter(text="Conference budget").count() == 1


def test_adding_a_point_costs_the_same_whatever_the_agenda_holds(agenda: Any) -> None:
    report = agenda.pair.member
    url = reverse("agendas:point-add", args=[agenda.pk])
    small = _htmx_post(report, url, {"text": "First of many", "once": "s" * 24})
    for number in range(30):
        talking_point_add(
            occurrence=agenda, author=report, text=f"Topic {number}", is_private=False
        )
    large = _htmx_post(report, url, {"text": "Last of many!", "once": "l" * 24})
    assert len(_agenda_html(report, agenda)) > 10 * len(large.content)
    assert abs(len(large.content) - len(small.content)) < 20
