"""`showup restore ARCHIVE`: brings a backup back into an empty database and data folder."""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from showup.core.backup import BackupError, backup_restore, backup_verify
from showup.core.signals import data_restored


class Command(BaseCommand):
    help = "Restore a backup made by `showup backup` into an empty database and data folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The .tar.gz file written by `showup backup`.")
        parser.add_argument(
            "--check", action="store_true", help="Only read the archive back and verify it."
        )

    def handle(self, *args: Any, archive: str, check: bool, **options: Any) -> None:
        try:
            if check:
                manifest = backup_verify(path=Path(archive))
                self.stdout.write(f"{archive} is sound: written {manifest['created_at']}.")
                return
            report = backup_restore(path=Path(archive))
        except BackupError as error:
            raise CommandError(str(error)) from None
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Restored {report.tables} tables and {report.rows:,} rows in {report.seconds:.1f}s; "
            "migrations and static files are up to date. Start the server and the worker."
        )
        answers = data_restored.send(
            sender=None, calendar_key_included=report.calendar_key_included
        )
        for _, said in answers:  # what each app has to tell the operator (calendars, for one)
            if said:
                self.stdout.write(said)
