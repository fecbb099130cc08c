from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from showup.accounts.services import invitation_send
from showup.people.org_import import ImportPlan, decode_upload, org_import_apply, org_import_plan


class Command(BaseCommand):
    help = "Import people and reporting lines from a CSV file (email,name,title,manager_email,timezone)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing."
        )
        parser.add_argument(
            "--invite", action="store_true", help="E-mail an invitation to each new person."
        )

    def handle(self, *args: Any, file: Path, dry_run: bool, invite: bool, **options: Any) -> None:
        try:
            csv_text = decode_upload(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        plan = org_import_plan(csv_text)
        self.report(plan)
        if not plan.is_valid:
            raise CommandError(f"{plan.error_count} problem(s) found; nothing was imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        result = org_import_apply(csv_text)
        if invite:
            for person in result.created:
                invitation_send(person=person, invited_by=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {len(result.created)} added, {len(result.updated)} updated, {result.unchanged} unchanged."
            )
        )

    def report(self, plan: ImportPlan) -> None:
        for error in plan.file_errors:
            self.stderr.write(f"error: {error}")
        for row in plan.rows:
            if row.errors:
                for error in row.errors:
                    self.stderr.write(f"line {row.line}: {row.email or '(no e-mail)'}: {error}")
            elif row.action != "unchanged":
                detail = f" ({'; '.join(row.changes)})" if row.changes else ""
                self.stdout.write(f"line {row.line}: {row.action} {row.email}{detail}")
