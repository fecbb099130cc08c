"""Production mode passes Django's deployment checklist with no warning at all."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet


def test_check_deploy_is_clean_in_production_mode(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SHOWUP_DEBUG": "false",
        "SHOWUP_SECRET_KEY": "k" * 10
        + "-production-secret-key-that-is-long-and-random-4f9a8b7c6d5e",
        "SHOWUP_ALLOWED_HOSTS": "showup.example.com",
        "SHOWUP_BASE_URL": "https://showup.example.com",
        "SHOWUP_DATA_DIR": str(tmp_path),
        "SHOWUP_SMTP_HOST": "smtp.example.com",
        "SHOWUP_CALENDAR_KEY": Fernet.generate_key().decode(),
    }
    env.pop("SHOWUP_HTTPS", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    result = subprocess.run(
        [sys.executable, "-m", "showup", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _check(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SHOWUP_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("DATABASE_URL", None)  # the suite's own database is not the point here
    env.update({"SHOWUP_DATA_DIR": str(tmp_path), "SHOWUP_HTTPS": "false", **overrides})
    return subprocess.run(
        [sys.executable, "-m", "showup", "check", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_warns_when_several_servers_would_disagree(tmp_path: Path) -> None:
    # Checks read settings only: the database need not answer.
    result = _check(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:9/showup")
    assert result.returncode != 0
    assert "showup.W001" in result.stderr
    assert "SHOWUP_SECRET_KEY" in result.stderr
    assert "showup.W002" in result.stderr
    assert "SHOWUP_SMTP_HOST" in result.stderr
    assert "showup.W004" in result.stderr
    assert "SHOWUP_CALENDAR_KEY" in result.stderr


def test_check_is_quiet_when_servers_share_key_and_mail_server(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        DATABASE_URL="postgres://nobody@127.0.0.1:9/showup",
        SHOWUP_SECRET_KEY="s" * 60,
        SHOWUP_SMTP_HOST="smtp.example.com",
        SHOWUP_CALENDAR_KEY=Fernet.generate_key().decode(),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_is_quiet_for_one_machine_on_sqlite(tmp_path: Path) -> None:
    result = _check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
