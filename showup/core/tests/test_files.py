"""The data folder is private: 0700 folders, 0600 files, fixed on start, warned about by `showup check`."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from showup.core.checks import data_folder_private

# Run as from a login shell, whose umask lets everyone read: Showup must not rely on the caller's.
SHELL_UMASK = 0o022

FRESH_INSTALL = """
import json
from pathlib import Path
from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.db import connection

call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
send_mail("Your 1:1", "Agenda", "showup@localhost", ["riley@example.com"])
with connection.cursor() as cursor:  # an open connection: the -wal and -shm files exist now
    cursor.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', '2026-01-01')")
    folder = Path(settings.DATA_DIR)
    print(json.dumps({str(path.relative_to(folder)): oct(path.stat().st_mode & 0o777)
                      for path in [folder, *folder.rglob("*")]}))
"""


def _showup(args: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHOWUP_DATA_DIR": str(data), "SHOWUP_HTTPS": "false"}
    for name in (
        "DATABASE_URL",
        "SHOWUP_SECRET_KEY",
        "SHOWUP_SMTP_HOST",
        "DJANGO_SETTINGS_MODULE",
    ):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "showup", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        umask=SHELL_UMASK,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _modes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): oct(path.stat().st_mode & 0o777)
        for path in [folder, *folder.rglob("*")]
    }


def test_it_writes_a_fresh_data_folder_readable_by_its_owner_alone(tmp_path: Path) -> None:
    data = tmp_path / "var"
    result = _showup(["shell", "-c", FRESH_INSTALL], data)
    modes = json.loads(result.stdout.strip().splitlines()[-1])
    mail = [name for name in modes if name.startswith("mail/")]
    static = [name for name in modes if name.split("/")[0] == "static"]
    assert len(mail) == 1
    assert "static/staticfiles.json" in static
    expected = {".": "0o700", "mail": "0o700", "secret_key": "0o600", mail[0]: "0o600"}
    for name in ("showup.sqlite3", "showup.sqlite3-wal", "showup.sqlite3-shm"):
        expected[name] = "0o600"
    for name in static:
        expected[name] = "0o700" if (data / name).is_dir() else "0o600"
    assert modes == expected
    assert "private" not in result.stderr  # made so, not fixed afterwards


def test_it_makes_files_left_open_private_on_start(tmp_path: Path) -> None:
    data = tmp_path / "var"
    (data / "mail").mkdir(parents=True)
    (data / "mail" / "old.log").write_text("Subject: Your 1:1\n")
    (data / "mail" / "old.log").chmod(0o644)
    (data / "mail").chmod(0o755)
    data.chmod(0o755)
    result = _showup(["check"], data)
    assert "Made 3 files and folders in the data folder" in result.stderr
    assert _modes(data) == {
        ".": "0o700",
        "mail": "0o700",
        "mail/old.log": "0o600",
        "secret_key": "0o600",
    }
    assert "private" not in _showup(["check"], data).stderr  # nothing left to fix


@pytest.fixture
def data(tmp_path: Path, settings: Any) -> Path:
    folder = tmp_path / "var"
    folder.mkdir(mode=0o700)
    settings.DATA_DIR = folder
    return folder


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o620, 0o602, 0o610, 0o601], ids=oct)
def test_the_check_warns_at_a_file_others_can_use(data: Path, mode: int) -> None:
    (data / "private").touch(mode=0o600)
    (data / "open").touch()
    (data / "open").chmod(mode)
    warnings = data_folder_private()
    assert [warning.id for warning in warnings] == ["showup.W003"]
    assert str(data / "open") in warnings[0].msg
    assert str(data / "private") not in warnings[0].msg


@pytest.mark.parametrize("mode", [0o600, 0o400, 0o700], ids=oct)
def test_the_check_is_silent_at_a_private_file(data: Path, mode: int) -> None:
    (data / "mine").touch()
    (data / "mine").chmod(mode)
    assert data_folder_private() == []


def test_the_check_warns_at_a_folder_others_can_enter(data: Path) -> None:
    (data / "mail").mkdir(mode=0o700)
    (data / "mail").chmod(0o750)
    warnings = data_folder_private()
    assert len(warnings) == 1
    assert str(data / "mail") in warnings[0].msg
    assert stat.S_IMODE((data / "mail").stat().st_mode) == 0o750  # a check changes nothing
