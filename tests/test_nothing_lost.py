"""Bad input is refused before it reaches a query; a resent form is done once; a 5xx leaves nothing behind."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.core.models import FormKey
from showup.core.resend import ResendSafeMiddleware, form_keys_forget
from showup.meetings.models import Occurrence, Series
from showup.notes.models import Note
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series


@pytest.fixture
def manager(db: None) -> Person:
    return PersonFactory.create(name="Max Manager")


@pytest.fixture
def report(manager: Person) -> Person:
    return PersonFactory.create(name="Riley Report", manager=manager)


@pytest.fixture
def series(manager: Person, report: Person) -> Series:
    start = timezone.now() - timedelta(weeks=2)
    return weekly_series(manager, report, first_day=start.date(), now=start)


@pytest.fixture
def upcoming(series: Series) -> Occurrence:
    occurrence = series.occurrences.filter(start__gt=timezone.now()).order_by("start").first()
    assert occurrence is not None
    return occurrence


def rows() -> tuple[int, int, int]:
    return TalkingPoint.objects.count(), ActionItem.objects.count(), Note.objects.count()


@pytest.mark.parametrize("bad", ["\x00", "a\x00b", "\x07bell", "\x1b[31m", "\x85"])
@pytest.mark.parametrize("htmx", [True, False])
def test_it_refuses_control_characters_in_any_text_with_a_clear_message(
    client: Client, report: Person, upcoming: Occurrence, bad: str, htmx: bool
) -> None:
    client.force_login(report)
    headers = {"HX-Request": "true"} if htmx else {}
    posts = [
        (reverse("agendas:point-add", args=[upcoming.pk]), {"text": bad}),
        (reverse("actions:add", args=[upcoming.pk]), {"text": bad}),
        (reverse("notes:save", args=[upcoming.pk, "shared"]), {"body": bad, "version": "0"}),
    ]
    for url, data in posts:
        response = client.post(url, data, headers=headers)
        assert response.status_code == 400
        assert "control character" in response.content.decode()
    assert rows() == (0, 0, 0)


def test_it_refuses_a_nul_in_a_search_too(client: Client, report: Person) -> None:
    client.force_login(report)
    response = client.get(reverse("history:search"), {"q": "a\x00"})
    assert response.status_code == 400


def test_it_keeps_tabs_and_line_breaks_in_notes(
    client: Client, report: Person, upcoming: Occurrence
) -> None:
    client.force_login(report)
    body = "- one\r\n\t- two\n"
    client.post(reverse("notes:save", args=[upcoming.pk, "shared"]), {"body": body, "version": 0})
    assert Note.objects.get().body == body


def test_it_adds_a_resent_point_once_and_answers_as_the_first_time(
    client: Client, report: Person, upcoming: Occurrence
) -> None:
    client.force_login(report)
    url = reverse("agendas:point-add", args=[upcoming.pk])
    data = {"text": "How is the new role going?", "once": "k" * 24}
    first = client.post(url, data, headers={"HX-Request": "true"})
    again = client.post(url, data, headers={"HX-Request": "true"})
    assert TalkingPoint.objects.count() == 1
    assert (again.status_code, again.content) == (first.status_code, first.content)
    client.post(url, {**data, "once": "n" * 24}, headers={"HX-Request": "true"})
    assert TalkingPoint.objects.count() == 2


def test_it_replays_a_redirect_too(client: Client, report: Person, upcoming: Occurrence) -> None:
    client.force_login(report)
    url = reverse("actions:add", args=[upcoming.pk])
    data = {"text": "Send the offsite notes", "once": "x" * 30}
    first, again = client.post(url, data), client.post(url, data)
    assert ActionItem.objects.count() == 1
    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"]


def test_a_key_is_one_person_s_own(
    client: Client, manager: Person, report: Person, upcoming: Occurrence
) -> None:
    url = reverse("agendas:point-add", args=[upcoming.pk])
    for who in (report, manager):
        client.force_login(who)
        client.post(url, {"text": f"From {who.name}", "once": "s" * 24})
    assert TalkingPoint.objects.count() == 2


def test_a_refused_request_does_not_use_up_its_key(
    client: Client, report: Person, upcoming: Occurrence
) -> None:
    client.force_login(report)
    url = reverse("agendas:point-add", args=[upcoming.pk])
    client.post(url, {"text": "x" * 501, "once": "r" * 24})  # refused: too long
    client.post(url, {"text": "Shorter now", "once": "r" * 24})
    assert list(TalkingPoint.objects.values_list("text", flat=True)) == ["Shorter now"]


def keys_on(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('name="once" value="')[1:]]


def test_every_form_carries_the_page_s_key_fresh_on_every_load(
    client: Client, report: Person, upcoming: Occurrence
) -> None:
    client.force_login(report)
    url = reverse("pages:occurrence", args=[upcoming.pk])
    first, second = (client.get(url).content.decode() for _ in range(2))
    keys = keys_on(first)
    assert len(keys) > 3
    assert first.count('name="csrfmiddlewaretoken"') == len(keys)
    # One key for the kept body and one for the page around it, never one per form.
    assert len(set(keys)) <= 2
    assert not set(keys) & set(keys_on(second))


def test_two_forms_of_one_page_sharing_its_key_are_both_done(
    client: Client, report: Person, upcoming: Occurrence
) -> None:
    client.force_login(report)
    url = reverse("agendas:point-add", args=[upcoming.pk])
    client.post(url, {"text": "Growth plan", "once": "k" * 24})
    client.post(url, {"text": "Team offsite", "once": "k" * 24})
    point = TalkingPoint.objects.get(text="Growth plan")
    tick = reverse("agendas:point-discussed", args=[upcoming.pk, point.pk])
    client.post(tick, {"discussed": "on", "once": "k" * 24})
    ticked = TalkingPoint.objects.filter(discussed_at__isnull=False)
    assert list(ticked.values_list("text", flat=True)) == ["Growth plan"]
    assert TalkingPoint.objects.count() == 2


def test_old_answers_then_old_keys_are_forgotten(
    client: Client, report: Person, upcoming: Occurrence
) -> None:
    client.force_login(report)
    url = reverse("agendas:point-add", args=[upcoming.pk])
    data = {"text": "A private worry", "private": "on", "once": "p" * 24}
    client.post(url, data, headers={"HX-Request": "true"})
    assert b"A private worry" in bytes(FormKey.objects.get().body)
    assert form_keys_forget(now=timezone.now() + timedelta(hours=2)) == 0
    assert b"A private worry" not in bytes(FormKey.objects.get().body)
    late = client.post(url, data, headers={"HX-Request": "true"})
    assert late.status_code == 409
    assert TalkingPoint.objects.count() == 1
    assert form_keys_forget(now=timezone.now() + timedelta(days=3)) == 1


def test_a_request_that_fails_with_a_5xx_leaves_no_write_behind(report: Person) -> None:
    def half_done(request: HttpRequest) -> HttpResponse:
        Person.objects.filter(pk=report.pk).update(name="Half Done")
        return HttpResponseServerError()

    def handler(request: HttpRequest) -> HttpResponse:  # as Django's: process_view, then the view
        return middleware.process_view(request, half_done, (), {}) or half_done(request)

    middleware = ResendSafeMiddleware(handler)
    request = RequestFactory().post("/anything/", {"once": "h" * 24})
    request.user = report
    assert middleware(request).status_code == 500
    report.refresh_from_db()
    assert report.name == "Riley Report"
    assert not FormKey.objects.exists()
    assert connection.in_atomic_block is False or connection.needs_rollback is False


def test_a_signed_out_post_needs_no_key(client: Client, db: Any) -> None:
    response = client.post(reverse("accounts:sign-in"), {"username": "x", "password": "y"})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("bad", ["a\x00b", "\x1b[31mred"])
def test_services_refuse_control_characters_without_the_middleware_too(
    report: Person, upcoming: Occurrence, bad: str
) -> None:
    from showup.actions.services import action_add
    from showup.agendas.services import talking_point_add
    from showup.meetings.errors import MeetingError
    from showup.notes.services import note_save

    writes = [
        lambda: talking_point_add(occurrence=upcoming, author=report, text=bad, is_private=False),
        lambda: action_add(occurrence=upcoming, by=report, owner=report, text=bad, due_on=None),
        lambda: note_save(occurrence=upcoming, by=report, private=False, body=bad, base_version=0),
    ]
    for write in writes:
        with pytest.raises(MeetingError, match="control character"):
            write()
    assert rows() == (0, 0, 0)


def test_a_page_kept_in_history_sends_new_text_with_an_old_key_and_it_is_done(
    client: Client, report: Person, upcoming: Occurrence
) -> None:
    client.force_login(report)
    url = reverse("agendas:point-add", args=[upcoming.pk])
    client.post(url, {"text": "First thought", "once": "b" * 24})
    client.post(url, {"text": "Second thought", "once": "b" * 24})  # after the back button
    client.post(url, {"text": "Second thought", "once": "b" * 24})  # and its resend
    assert sorted(TalkingPoint.objects.values_list("text", flat=True)) == [
        "First thought",
        "Second thought",
    ]
