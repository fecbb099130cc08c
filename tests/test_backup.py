"""`showup backup` then `showup restore` into an empty data folder: the same content, served."""

import base64
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from showup.agendas.services import talking_point_add
from showup.calendars.models import Connection
from showup.calendars.secrets import UNREADABLE, credentials_seal
from showup.core.backup import BackupError, backup_verify, backup_write
from showup.notes.services import note_save
from tests.factories import PersonFactory, weekly_series

# Recomputed by migrate on any database; everything else must come back as it was.
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}

CHECK_RESTORED = """
import django, json, sys
django.setup()
from django.test import Client
from showup.people.models import Person
person = Person.objects.get(email=sys.argv[1])
client = Client()
client.force_login(person)
home = client.get("/")
css = client.get("/static/showup/showup.css")
print(json.dumps({"home": home.status_code, "named": person.name in home.content.decode(),
                  "css": css.status_code}))
"""


def _content(env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    if env is None:
        out = Path(settings.DATA_DIR) / f"dump-{os.getpid()}.json"
        call_command("dumpdata", "--output", str(out), verbosity=0)
        text = out.read_text()
        out.unlink()
    else:
        out = Path(env["SHOWUP_DATA_DIR"]) / "dump.json"
        _showup(["dumpdata", "--output", str(out)], env)
        text = out.read_text()
    return [row for row in json.loads(text) if row["model"] not in SKIPPED_MODELS]


def _showup(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "showup", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        umask=0o022,  # a login shell's: Showup must not rely on its caller's
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _open_to_others(folder: Path) -> list[str]:
    """Anything in the folder that is not a 0700 folder or a 0600 file."""
    return [
        f"{path} {oct(path.stat().st_mode & 0o777)}"
        for path in [folder, *folder.rglob("*")]
        if path.stat().st_mode & 0o777 != (0o700 if path.is_dir() else 0o600)
    ]


def _served(email: str, env: dict[str, str]) -> dict[str, object]:
    script = CHECK_RESTORED.replace("sys.argv[1]", repr(email))
    # The last line: the restored install's own log lines come first.
    return json.loads(_showup(["shell", "-c", script], env).stdout.strip().splitlines()[-1])


@pytest.fixture
def empty_install(tmp_path: Path) -> Any:
    """A new data folder and, on PostgreSQL, a new empty database."""
    data = tmp_path / "restored"
    env = {
        **os.environ,
        "SHOWUP_DATA_DIR": str(data),
        "SHOWUP_DEBUG": "false",
        "SHOWUP_HTTPS": "false",
        "SHOWUP_ALLOWED_HOSTS": "testserver",
    }
    for name in ("SHOWUP_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    if connection.vendor != "postgresql":
        yield env
        return
    fresh = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    yield {**env, "DATABASE_URL": f"{base}/{fresh}"}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_install_with_the_same_content(
    tmp_path: Path, empty_install: dict[str, str]
) -> None:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    start = timezone.now() - timedelta(weeks=3)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    occurrence = series.occurrences.filter(start__gt=timezone.now()).first()
    assert occurrence is not None
    talking_point_add(occurrence=occurrence, author=report, text="Growth", is_private=False)
    note_save(occurrence=occurrence, by=report, private=True, body="Mine only", base_version=0)

    started = time.monotonic()
    report_written = backup_write(target=tmp_path)
    written = time.monotonic() - started
    assert report_written.rows > 0
    assert report_written.path.stat().st_mode & 0o777 == 0o600
    before = _content()
    data = Path(empty_install["SHOWUP_DATA_DIR"])

    started = time.monotonic()
    _showup(["restore", str(report_written.path)], empty_install)
    restored = time.monotonic() - started
    assert _open_to_others(data) == []
    print(f"backup {written:.2f}s, restore {restored:.2f}s, rows {report_written.rows}")

    assert _content(empty_install) == before
    key = Path(settings.DATA_DIR) / "secret_key"
    if key.exists() and not os.environ.get("SHOWUP_SECRET_KEY"):
        assert (data / "secret_key").read_text() == key.read_text()
    assert _served(report.email, empty_install) == {"home": 200, "named": True, "css": 200}
    shutil.rmtree(data / "static")  # pages do not depend on collectstatic having run
    assert _served(report.email, empty_install) == {"home": 200, "named": True, "css": 200}


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_is_not_empty(
    tmp_path: Path, empty_install: dict[str, str]
) -> None:
    PersonFactory.create()
    archive = backup_write(target=tmp_path).path
    _showup(["migrate", "--no-input"], empty_install)
    result = subprocess.run(
        [sys.executable, "-m", "showup", "restore", str(archive)],
        env=empty_install,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "already has tables" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused(tmp_path: Path) -> None:
    PersonFactory.create()
    archive = backup_write(target=tmp_path).path
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(archive.read_bytes()[:-200])
    with pytest.raises(BackupError):
        backup_verify(path=damaged)
    with pytest.raises(BackupError, match="never overwrites"):
        backup_write(target=archive)


def _sqlite_install(folder: Path) -> dict[str, str]:
    """A data folder of its own on SQLite, whichever database the suite runs on."""
    env = {
        **os.environ,
        "SHOWUP_DATA_DIR": str(folder),
        "SHOWUP_DEBUG": "false",
        "SHOWUP_HTTPS": "false",
    }
    for name in ("DATABASE_URL", "SHOWUP_SECRET_KEY", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return env


def _index_disagreeing_with_its_table(database: Path) -> None:
    """Re-declares an index over its columns in another order: its entries no longer match the rows."""
    db = sqlite3.connect(database)
    name = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        " AND tbl_name = 'django_content_type'"
    ).fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "UPDATE sqlite_master SET sql = ? WHERE name = ?",
        (f'CREATE UNIQUE INDEX "{name}" ON "django_content_type" ("model", "app_label")', name),
    )
    db.commit()
    db.close()


def _repacked(archive: Path, damage: Any, target: Path) -> Path:
    unpacked = target.with_suffix(".d")
    with tarfile.open(archive, "r:gz") as source:
        source.extractall(unpacked, filter="data")
    damage(unpacked)
    with tarfile.open(target, "w:gz") as repacked:
        for item in sorted(unpacked.iterdir()):
            repacked.add(item, arcname=item.name)
    return target


def test_it_refuses_an_archive_whose_index_disagrees_with_its_table(tmp_path: Path) -> None:
    source = _sqlite_install(tmp_path / "source")
    _showup(["migrate", "--no-input"], source)
    _showup(["backup", str(tmp_path / "sound.tar.gz")], source)

    def damage(folder: Path) -> None:
        _index_disagreeing_with_its_table(folder / "database.sqlite3")
        manifest = json.loads((folder / "manifest.json").read_text())
        with sqlite3.connect(folder / "database.sqlite3") as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
            counted = db.execute("SELECT count(*) FROM django_content_type").fetchone()[0]
        db.close()
        assert counted == manifest["rows"]["django_content_type"]  # counting alone would pass

    archive = _repacked(tmp_path / "sound.tar.gz", damage, tmp_path / "damaged.tar.gz")

    def refused(args: list[str], env: dict[str, str]) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "showup", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode != 0, result.stdout
        return result.stderr

    assert "integrity check" in refused(["restore", "--check", str(archive)], source)
    empty = _sqlite_install(tmp_path / "empty")
    assert "integrity check" in refused(["restore", str(archive)], empty)
    with sqlite3.connect(tmp_path / "empty" / "showup.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    db.close()


CALDAV_PASSWORD = "riley-app-password-7c1f"
FERNET_TOKEN = re.compile(rb"gAAAAA[A-Za-z0-9_=-]+")
KEY_LIKE = re.compile(rb"[A-Za-z0-9_-]{43}=")


@pytest.fixture
def calendar_connected(settings: Any, tmp_path: Path) -> Any:
    """A person's CalDAV connection, sealed with the data folder's calendar key."""
    settings.CALENDAR_KEYS = []
    settings.CALENDAR_KEY_FILE = tmp_path / "calendar_key"
    person = PersonFactory.create(email="riley@example.com")
    return Connection.objects.create(
        person=person,
        calendar_url="https://cal.example.com/riley/",
        credentials=credentials_seal(username="riley", password=CALDAV_PASSWORD),
    )


def _archive_texts(archive: Path, scratch: Path) -> dict[str, bytes]:
    """Every file of the archive as bytes; a PostgreSQL dump as the SQL it restores."""
    with tarfile.open(archive, "r:gz") as source:
        source.extractall(scratch, filter="data")
    texts = {}
    for path in scratch.iterdir():
        if path.name == "database.pgdump":
            dump = ["pg_restore", "--data-only", "--file", "-", str(path)]
            texts[path.name] = subprocess.run(dump, capture_output=True, check=True).stdout
        else:
            texts[path.name] = path.read_bytes()
    return texts


def _candidate_keys(texts: dict[str, bytes]) -> dict[str, bytes]:
    """Anything in the archive that could be a Fernet key: key files, key-like strings, and
    the key older versions derived from the secret key (the archive's and this server's)."""
    secrets = [settings.SECRET_KEY.encode(), *(text.strip() for text in texts.values())]
    candidates = {
        f"derived from {secret[:6]!r}…": base64.urlsafe_b64encode(
            hashlib.sha256(b"showup-calendar-credentials:" + secret).digest()
        )
        for secret in secrets
    }
    for name, text in texts.items():
        candidates[f"the whole of {name}"] = text.strip()
        for found in KEY_LIKE.findall(text):
            candidates[f"{found[:6]!r}… in {name}"] = found
    return candidates


def _keys_that_open(archive: Path, scratch: Path) -> list[str]:
    texts = _archive_texts(archive, scratch)
    assert not any(CALDAV_PASSWORD.encode() in text for text in texts.values())
    tokens = {token for text in texts.values() for token in FERNET_TOKEN.findall(text)}
    assert tokens  # the sealed password is in the archive
    opening = []
    for name, key in _candidate_keys(texts).items():
        try:
            fernet = Fernet(key)
        except ValueError:
            continue
        for token in tokens:
            try:
                fernet.decrypt(token)
            except InvalidToken:
                continue
            opening.append(name)
    return opening


@pytest.mark.django_db(transaction=True)
def test_it_leaves_the_calendar_key_out_so_nothing_in_the_archive_opens_a_caldav_password(
    tmp_path: Path, calendar_connected: Connection
) -> None:
    without = backup_write(target=tmp_path / "without.tar.gz")
    assert _keys_that_open(without.path, tmp_path / "without") == []
    manifest = backup_verify(path=without.path)
    assert manifest["calendar_key"] == "left out (showup backup --include-keys keeps it)"

    call_command("backup", str(tmp_path / "with.tar.gz"), "--include-keys", stdout=io.StringIO())
    opening = _keys_that_open(tmp_path / "with.tar.gz", tmp_path / "with")
    assert opening  # the search finds a key when there is one
    assert all(
        name.endswith("in calendar_key") or name.endswith("of calendar_key") for name in opening
    )


RESTORED_CONNECTION = """
import django, json
django.setup()
from showup.calendars.models import Connection
from showup.calendars.secrets import credentials_open
connection = Connection.objects.get()
try:
    opened = list(credentials_open(connection.credentials))
except Exception as error:
    opened = type(error).__name__
print(json.dumps({"opened": opened, "error": connection.last_error}))
"""


def _restored_connection(env: dict[str, str]) -> dict[str, Any]:
    out = _showup(["shell", "-c", RESTORED_CONNECTION], env).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.django_db(transaction=True)
def test_a_restore_without_the_calendar_key_says_so_and_asks_people_for_their_password(
    tmp_path: Path, calendar_connected: Connection, empty_install: dict[str, str]
) -> None:
    archive = backup_write(target=tmp_path).path
    said = _showup(["restore", str(archive)], empty_install).stdout
    assert "1 calendar connection(s) must be entered again" in said
    assert "made without --include-keys" in said
    assert _restored_connection(empty_install) == {
        "opened": "CredentialsUnreadable",
        "error": UNREADABLE,
    }


@pytest.mark.django_db(transaction=True)
def test_a_restore_with_the_calendar_key_keeps_calendar_connections(
    tmp_path: Path, calendar_connected: Connection, empty_install: dict[str, str]
) -> None:
    archive = backup_write(target=tmp_path, include_keys=True).path
    said = _showup(["restore", str(archive)], empty_install).stdout
    assert "calendar connection" not in said
    assert _open_to_others(Path(empty_install["SHOWUP_DATA_DIR"])) == []
    assert _restored_connection(empty_install) == {
        "opened": ["riley", CALDAV_PASSWORD],
        "error": "",
    }
