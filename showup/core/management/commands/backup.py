"""`showup backup [PATH]`: a consistent, verified archive of everything Showup keeps."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from showup.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write a verified backup (database, secret key, manifest of row counts) while Showup runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "target",
            nargs="?",
            default=".",
            help="A new file, or a folder to write showup-<date>.tar.gz into (default: here).",
        )
        parser.add_argument(
            "--include-keys",
            action="store_true",
            help="Also put in the calendar key: the archive then opens every CalDAV password in it.",
        )

    def handle(self, *args: Any, target: str, include_keys: bool, **options: Any) -> None:
        try:
            report = backup_write(target=Path(target), include_keys=include_keys)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup written and verified: {report.path} ({report.tables} tables, "
            f"{report.rows:,} rows, {report.seconds:.1f}s)"
        )
