import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from showup.people.models import Person
from tests.factories import PersonFactory
from tests.html import main_text


@pytest.mark.django_db
def test_the_health_check_answers_without_sign_in(client: Client) -> None:
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "static": "ok",
        "secret_key": "ok",
    }


@pytest.mark.django_db
def test_the_health_check_fails_when_collected_static_files_are_missing(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "showup.core.storage.StaticStorage"},
    }
    assert (
        client.get(reverse("core:healthz")).status_code == 200
    )  # not collected: served from the app
    call_command("collectstatic", "--no-input", verbosity=0)
    assert client.get(reverse("core:healthz")).status_code == 200
    for stylesheet in tmp_path.glob("showup/showup.*.css"):
        stylesheet.unlink()  # a half-copied build on this server
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["static"] == "error"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_the_health_check_fails_without_a_usable_secret_key(client: Client, settings: Any) -> None:
    settings.SECRET_KEY = "short"
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["secret_key"] == "error"


def test_the_health_check_answers_503_when_the_database_is_down(tmp_path: Any) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing",
        "SHOWUP_DATA_DIR": str(tmp_path),
        "SHOWUP_ALLOWED_HOSTS": "testserver",
        "SHOWUP_HTTPS": "false",
    }
    code = (
        "from django.test import Client; answer = Client().get('/healthz');"
        "print(answer.json()); print(answer.status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-m", "showup", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip().endswith("503")
    # Only the database is named as failed: the schema could not be read, not found wrong.
    assert (
        "{'status': 'error', 'database': 'error', 'migrations': 'not checked', 'static': 'ok', "
        "'secret_key': 'ok'}" in result.stdout
    )


@pytest.mark.django_db
def test_pages_carry_security_headers(sign_in: Any, person: Person) -> None:
    response = sign_in(person).get(reverse("pages:home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_home_page_greets_and_shows_manager_and_team(
    sign_in: Any, person: Person, django_assert_num_queries: Any
) -> None:
    boss = PersonFactory.create(name="Bea Boss")
    person.manager = boss
    person.save()
    PersonFactory.create(name="Ollie Underling", manager=person)
    client = sign_in(person)
    with django_assert_num_queries(14):  # and the calendar's open questions (21.6)
        html = main_text(client.get(reverse("pages:home")))
    assert "Hello, Riley" in html
    assert "Bea Boss" in html
    assert "Ollie Underling" in html


@pytest.mark.django_db
def test_times_are_shown_in_the_person_s_time_zone(sign_in: Any, person: Person) -> None:
    person.timezone = "Asia/Tokyo"
    person.save()
    assert "in Asia/Tokyo" in main_text(sign_in(person).get(reverse("pages:home")))


@pytest.mark.django_db
def test_an_unknown_page_is_a_plain_404(sign_in: Any, person: Person) -> None:
    response = sign_in(person).get("/no-such-page/<script>")
    assert response.status_code == 404
    assert "<script>" not in response.content.decode()
