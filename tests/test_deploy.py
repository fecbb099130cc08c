"""Production mode passes Django's deployment checklist with no warning at all."""

import os
import subprocess
import sys
from pathlib import Path


def test_check_deploy_is_clean_in_production_mode(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SHOWUP_DEBUG": "false",
        "SHOWUP_SECRET_KEY": "k" * 10
        + "-production-secret-key-that-is-long-and-random-4f9a8b7c6d5e",
        "SHOWUP_ALLOWED_HOSTS": "showup.example.com",
        "SHOWUP_BASE_URL": "https://showup.example.com",
        "SHOWUP_DATA_DIR": str(tmp_path),
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
