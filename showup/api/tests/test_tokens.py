"""Personal access tokens: shown once, kept hashed, expiring, revocable, scoped and rate-limited."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from showup.agendas.models import TalkingPoint
from showup.api.models import AccessToken
from showup.api.selectors import token_find, token_hash
from showup.api.services import RATE_WINDOW, token_issue, token_use
from showup.core.models import FormKey
from showup.people.services import person_deactivate
from tests.api_world import ApiWorld, TokenClient, api_world

ME = "/api/v1/me"


@pytest.fixture
def world(db: None) -> ApiWorld:
    return api_world()


def made_on_the_page(client: Client, **fields: str) -> tuple[Any, str]:
    form = {"name": "Tracker sync", "scope": "write", "expires_in_days": "30", **fields}
    response = client.post(reverse("api:token-new"), form)
    shown = re.search(r'value="(shu_[A-Za-z0-9_-]+)"', response.content.decode())
    return response, shown.group(1) if shown else ""


def points_on(world: ApiWorld) -> int:
    return TalkingPoint.objects.filter(occurrence=world.next).count()


def test_it_shows_a_new_token_once_and_keeps_only_its_hash(
    client: Client, world: ApiWorld
) -> None:
    client.force_login(world.report)
    response, secret = made_on_the_page(client)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert secret
    stored = AccessToken.objects.get(person=world.report)
    assert stored.token_hash == token_hash(secret)
    assert secret not in repr(list(AccessToken.objects.values_list()))
    assert TokenClient(secret).get(ME).json()["id"] == world.report.pk
    page = client.get(reverse("api:tokens")).content.decode()
    assert "Tracker sync" in page
    assert secret not in page
    assert "Never" not in page  # its last use is shown


def test_a_token_form_with_no_name_makes_nothing(client: Client, world: ApiWorld) -> None:
    client.force_login(world.report)
    response, secret = made_on_the_page(client, name="   ")
    assert response.status_code == 400
    assert not secret
    assert not AccessToken.objects.exists()


def test_a_token_stops_at_the_moment_it_expires(world: ApiWorld) -> None:
    issued = token_issue(
        person=world.report, name="x", scope="read", expires_in_days=7, now=timezone.now()
    )
    expires = issued.token.expires_at
    assert token_find(secret=issued.secret, now=expires - timedelta(microseconds=1))
    assert token_find(secret=issued.secret, now=expires) is None
    assert token_find(secret=issued.secret, now=expires + timedelta(seconds=1)) is None
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert TokenClient(issued.secret).get(ME).status_code == 401


def test_a_revoked_token_is_refused_at_once(client: Client, world: ApiWorld) -> None:
    api = world.client("report")
    assert api.get(ME).status_code == 200
    token = AccessToken.objects.get(person=world.report)
    client.force_login(world.manager)  # someone else's token cannot be revoked
    client.post(reverse("api:token-revoke"), {"token": token.pk})
    assert api.get(ME).status_code == 200
    client.force_login(world.report)
    client.post(reverse("api:token-revoke"), {"token": token.pk})
    assert api.get(ME).status_code == 401
    assert "Revoked" in client.get(reverse("api:tokens")).content.decode()


def test_a_deactivated_persons_tokens_stop_at_once(world: ApiWorld) -> None:
    api = world.client("report")
    assert api.get(ME).status_code == 200
    person_deactivate(person=world.report, by=world.admin)
    assert api.get(ME).status_code == 401


def test_a_wrong_or_missing_token_answers_401_with_a_bearer_challenge(world: ApiWorld) -> None:
    for wrong in ("shu_" + "x" * 43, "not-even-ours"):
        response = TokenClient(wrong).get(ME)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Bearer realm="showup", error="invalid_token"'
        assert "Bearer" in response.json()["detail"]
    missing = Client().get(ME)
    assert missing.status_code == 401
    assert missing["WWW-Authenticate"] == 'Bearer realm="showup"'


def test_a_read_token_reads_but_cannot_write(world: ApiWorld) -> None:
    api = world.client("report", scope="read")
    assert api.get(f"/api/v1/occurrences/{world.next.pk}/agenda").status_code == 200
    response = api.send("post", f"/api/v1/occurrences/{world.next.pk}/points", {"text": "Hi"})
    assert response.status_code == 403
    assert "read" in response.json()["detail"]
    note = api.send(
        "put", f"/api/v1/occurrences/{world.next.pk}/notes/shared", {"body": "x", "version": 0}
    )
    assert note.status_code == 403
    assert points_on(world) == 0


def test_a_bearer_token_needs_no_csrf(world: ApiWorld) -> None:
    secret = world.client("report").secret
    strict = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = strict.post(
        f"/api/v1/occurrences/{world.next.pk}/points",
        {"text": "Hi"},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_a_browser_session_needs_csrf_to_write(world: ApiWorld) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.report)
    url = f"/api/v1/occurrences/{world.next.pk}/points"
    assert browser.get(url.replace("points", "agenda")).status_code == 200
    refused = browser.post(url, {"text": "Hi"}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert points_on(world) == 0
    browser.get(reverse("api:tokens"))  # a page with a form sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        url, {"text": "Hi"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201


def test_the_rate_limit_lets_exactly_its_number_through(settings: Any, world: ApiWorld) -> None:
    settings.API_RATE_LIMIT = 3
    api = world.client("report")
    answers = [api.get(ME) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[3]["Retry-After"]) <= 60
    assert "Try again" in answers[3].json()["detail"]
    assert world.client("report", scope="read").get(ME).status_code == 200  # per token


def test_a_new_window_opens_once_a_minute_has_passed(settings: Any, world: ApiWorld) -> None:
    settings.API_RATE_LIMIT = 2
    issued = token_issue(
        person=world.report, name="x", scope="read", expires_in_days=7, now=timezone.now()
    )
    opened = timezone.now()
    token = issued.token
    assert token_use(token=token, now=opened) is None
    assert token_use(token=token, now=opened) is None
    assert token_use(token=token, now=opened + RATE_WINDOW - timedelta(microseconds=1)) == 1
    assert token_use(token=token, now=opened + RATE_WINDOW) is None
    token.refresh_from_db()
    assert token.last_used_at == opened + RATE_WINDOW


@pytest.mark.django_db(transaction=True)
def test_requests_at_once_never_count_past_the_limit(settings: Any) -> None:
    settings.API_RATE_LIMIT = 5
    world = api_world()
    token = token_issue(
        person=world.report, name="x", scope="read", expires_in_days=7, now=timezone.now()
    ).token
    start = threading.Barrier(12)

    def one_request(_: int) -> int | None:
        try:
            start.wait()
            return token_use(token=token, now=timezone.now())
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        waits = list(pool.map(one_request, range(12)))
    assert waits.count(None) == 5
    assert AccessToken.objects.get(pk=token.pk).window_count == 5


def test_a_resent_token_form_makes_no_second_token_and_the_secret_is_not_kept(
    client: Client, world: ApiWorld
) -> None:
    client.force_login(world.report)
    page = client.get(reverse("api:tokens")).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page)
    assert once
    first, secret = made_on_the_page(client, once=once.group(1))
    assert first.status_code == 200
    assert secret
    resent, shown_again = made_on_the_page(client, once=once.group(1))
    assert resent.status_code == 409
    assert not shown_again
    assert AccessToken.objects.count() == 1
    kept = repr(list(FormKey.objects.values_list("body", flat=True)))
    assert secret not in kept
    assert secret[4:] not in kept


@pytest.mark.parametrize("tokens", [1, 12])
def test_the_tokens_page_runs_a_fixed_number_of_queries(
    client: Client, world: ApiWorld, tokens: int
) -> None:
    for number in range(tokens):
        token_issue(
            person=world.report,
            name=f"t{number}",
            scope="read",
            expires_in_days=7,
            now=timezone.now(),
        )
    client.force_login(world.report)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("api:tokens")).status_code == 200
    assert len(queries) == 3  # session, person, tokens
