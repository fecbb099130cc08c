"""Backups that restore: one archive holds the database, the secret key and a manifest.

The calendar key (what CalDAV passwords are encrypted with) stays out unless
asked for: an archive that leaves the server must not open those passwords.

SQLite is copied with SQLite's online backup API, PostgreSQL with `pg_dump`
inside an exported snapshot, so either is consistent while Showup keeps
writing. The manifest records the row count of every table in that same
snapshot; a backup is only reported written once the archive has been read
back, checked for integrity and counted again.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
KEY_FILE = "secret_key"
CALENDAR_KEY_FILE = "calendar_key"


class BackupError(Exception):
    """The backup or restore cannot go on; the message says what to do."""


@dataclass(frozen=True)
class Report:
    path: Path
    tables: int
    rows: int
    seconds: float
    calendar_key_included: bool = False


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _key_file() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE


def _calendar_key_file() -> Path:
    return Path(settings.CALENDAR_KEY_FILE)


# Counting ---------------------------------------------------------------------


def _sqlite_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608 -- names from the catalogue
            for name in tables
        }


def _sqlite_integrity(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"The copied database failed SQLite's integrity check: {verdict}")


def _pg_counts(cursor: Any) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    counts = {}
    for (name,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608 -- names from the catalogue
        counts[name] = cursor.fetchone()[0]
    return counts


def _pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", settings_dict["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"`{command[0]}` is not installed; install the PostgreSQL client tools.")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"`{command[0]}` failed: {result.stderr.strip()}")


# Writing ----------------------------------------------------------------------


def _dump_sqlite(folder: Path) -> dict[str, int]:
    target = folder / SQLITE_FILE
    source = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        with closing(sqlite3.connect(target)) as copy:
            source.backup(copy)  # online: consistent even while others write
            # One file, no -wal or -shm beside it to come and go while it is archived.
            copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        source.close()
    _sqlite_integrity(target)
    return _sqlite_counts(target)


def _dump_postgresql(folder: Path) -> dict[str, int]:
    """pg_dump reads the very snapshot the rows were counted in."""
    connection.ensure_connection()
    args, env = _pg_env(connection.settings_dict)
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            dump = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            _run([*dump, f"--snapshot={snapshot}", "--file", str(folder / PG_FILE), *args], env)
        finally:
            cursor.execute("COMMIT")
    return counts


def _version() -> str:
    try:
        return metadata.version("showup")
    except metadata.PackageNotFoundError:
        return ""


def _calendar_key_state(included: bool) -> str:
    if included:
        return "included"
    if settings.CALENDAR_KEYS:
        return "from SHOWUP_CALENDAR_KEY, not included"
    return "left out (showup backup --include-keys keeps it)"


def _manifest(counts: dict[str, int], key_included: bool, calendar_key: str) -> dict[str, object]:
    return {
        "format": FORMAT,
        "showup": _version(),
        "created_at": datetime.now(UTC).isoformat(),
        "engine": _engine(),
        "secret_key": "included" if key_included else "from SHOWUP_SECRET_KEY, not included",
        "calendar_key": calendar_key,
        "rows": counts,
    }


def _copy_keys(folder: Path, *, include_keys: bool) -> tuple[bool, str]:
    """The secret key always (sessions and links die without it); the calendar key when asked."""
    key_included = _key_file().exists() and not os.environ.get("SHOWUP_SECRET_KEY")
    if key_included:
        shutil.copy2(_key_file(), folder / KEY_FILE)
    calendar_included = (
        include_keys and not settings.CALENDAR_KEYS and _calendar_key_file().exists()
    )
    if calendar_included:
        shutil.copy2(_calendar_key_file(), folder / CALENDAR_KEY_FILE)
    return key_included, _calendar_key_state(calendar_included)


def backup_write(*, target: Path, include_keys: bool = False) -> Report:
    """Writes a verified archive to `target` (a file, or a folder to put a dated file in).

    With `include_keys`, the data folder's calendar key goes in too, and the
    archive then opens every CalDAV password in it.
    """
    started = time.monotonic()
    if target.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = target / f"showup-{stamp}.tar.gz"
    if target.exists():
        raise BackupError(f"{target} already exists; a backup never overwrites a file.")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        counts = _dump_sqlite(folder) if _engine() == "sqlite" else _dump_postgresql(folder)
        key_included, calendar_key = _copy_keys(folder, include_keys=include_keys)
        manifest = _manifest(counts, key_included, calendar_key)
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
        partial = target.with_name(target.name + ".partial")
        partial.touch(mode=0o600)  # it holds everyone's notes: readable by its owner alone
        with tarfile.open(partial, "w:gz") as archive:
            for item in sorted(folder.iterdir()):
                archive.add(item, arcname=item.name)
    backup_verify(path=partial)
    partial.rename(target)
    return Report(target, len(counts), sum(counts.values()), time.monotonic() - started)


# Reading back -----------------------------------------------------------------


@contextmanager
def _unpacked(path: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 -- closed by the `with` below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a Showup backup: {error}") from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        try:
            archive.extractall(scratch, filter="data")
        except (OSError, EOFError, tarfile.TarError) as error:
            raise BackupError(f"{path} is damaged: {error}") from None
        folder = Path(scratch)
        try:
            manifest = json.loads((folder / MANIFEST).read_text())
        except (OSError, ValueError):
            raise BackupError(f"{path} has no readable manifest.") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path} was written by another version of Showup's backup.")
        yield folder, manifest


def _check_counts(expected: dict[str, int], found: dict[str, int]) -> None:
    if expected != found:
        differing = sorted(
            name
            for name in expected.keys() | found.keys()
            if expected.get(name) != found.get(name)
        )
        raise BackupError(f"Row counts differ from the manifest in: {', '.join(differing)}")


def backup_verify(*, path: Path) -> dict[str, Any]:
    """Reads an archive back: integrity and row counts for SQLite; a readable dump for PostgreSQL."""
    with _unpacked(path) as (folder, manifest):
        if manifest["engine"] == "sqlite":
            _sqlite_integrity(folder / SQLITE_FILE)
            _check_counts(manifest["rows"], _sqlite_counts(folder / SQLITE_FILE))
        else:
            _run(["pg_restore", "--list", str(folder / PG_FILE)], {**os.environ})
        return manifest


# Restoring --------------------------------------------------------------------


def _refuse_unless_empty() -> None:
    if connection.introspection.table_names():
        raise BackupError(
            "The database already has tables. Restore only into an empty database "
            "(a new SHOWUP_DATA_DIR, or a newly created PostgreSQL database)."
        )


def _restore_sqlite(folder: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(folder / SQLITE_FILE) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()


def _restore_postgresql(folder: Path) -> None:
    args, env = _pg_env(connection.settings_dict)
    connection.close()
    restore = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ]
    _run([*restore, *args, str(folder / PG_FILE)], env)


def _counts_now() -> dict[str, int]:
    if _engine() == "sqlite":
        return _sqlite_counts(Path(connection.settings_dict["NAME"]))
    with connection.cursor() as cursor:
        return _pg_counts(cursor)


def backup_restore(*, path: Path) -> Report:
    """Brings an archive back into an empty database and data folder, then counts every table."""
    started = time.monotonic()
    with _unpacked(path) as (folder, manifest):
        if manifest["engine"] != _engine():
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; Showup is configured for {_engine()}."
            )
        _refuse_unless_empty()
        if _engine() == "sqlite":
            _sqlite_integrity(folder / SQLITE_FILE)
            _restore_sqlite(folder)
        else:
            _restore_postgresql(folder)
        # A key generated for this empty folder has signed or sealed nothing that outlives it.
        _put_back(folder / KEY_FILE, _key_file())
        calendar_key_included = _put_back(folder / CALENDAR_KEY_FILE, _calendar_key_file())
        counts = _counts_now()
        _check_counts(manifest["rows"], counts)
    seconds = time.monotonic() - started
    return Report(path, len(counts), sum(counts.values()), seconds, calendar_key_included)


def _put_back(source: Path, target: Path) -> bool:
    if not source.exists():
        return False
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return True
