"""Import of the org chart from a CSV file: plan (a dry run) first, then apply.

The plan reads the file and the database and says, row by row, what would
happen and what is wrong. Applying re-plans inside one transaction and writes
only if no row has an error, so a bad file never changes anything.
"""

import csv
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from showup.people.models import Person, normalize_email
from showup.people.rules import describe_cycle, reporting_cycle
from showup.people.timezones import is_timezone

COLUMNS = ("email", "name", "title", "manager_email", "timezone")
MAX_BYTES = 5 * 1024 * 1024
MAX_NAME = 150


@dataclass
class ImportRow:
    line: int
    email: str
    name: str
    title: str
    manager_email: str
    timezone: str
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    action: str = "create"  # create, update or unchanged


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(1 for row in self.rows if row.errors)

    @property
    def is_valid(self) -> bool:
        return self.error_count == 0 and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "create": self.count("create"),
            "update": self.count("update"),
            "unchanged": self.count("unchanged"),
            "errors": sum(1 for row in self.rows if row.errors),
        }


@dataclass
class ImportResult:
    created: list[Person]
    updated: list[Person]
    unchanged: int


class ImportRefused(Exception):
    def __init__(self, plan: ImportPlan) -> None:
        super().__init__(f"{plan.error_count} problem(s) in the file; nothing was imported.")
        self.plan = plan


def decode_upload(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValueError("The file is larger than 5 MB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(
            "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."
        ) from None


def org_import_plan(csv_text: str) -> ImportPlan:
    plan = ImportPlan()
    reader = csv.DictReader(io.StringIO(csv_text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if sorted(header) != sorted(COLUMNS):
        plan.file_errors.append(
            f"The first line must name the columns {','.join(COLUMNS)}; it has {','.join(header) or 'nothing'}."
        )
        return plan
    reader.fieldnames = header
    try:
        plan.rows = [_read_row(reader.line_num, raw) for raw in reader]
    except csv.Error as error:
        plan.file_errors.append(f"Line {reader.line_num}: the CSV is malformed ({error}).")
        return plan
    if not plan.rows:
        plan.file_errors.append("The file has a header but no people.")
        return plan
    _check_rows(plan.rows)
    return plan


def _read_row(line: int, raw: dict[str | None, object]) -> ImportRow:
    def cell(name: str) -> str:
        value = raw.get(name)
        return value.strip() if isinstance(value, str) else ""

    row = ImportRow(
        line=line,
        email=normalize_email(cell("email")),
        name=cell("name"),
        title=cell("title"),
        manager_email=normalize_email(cell("manager_email")),
        timezone=cell("timezone"),
    )
    if None in raw:
        row.errors.append("has more cells than the header has columns")
    return row


def _check_rows(rows: list[ImportRow]) -> None:
    existing = {person.email: person for person in Person.objects.select_related("manager")}
    first_line: dict[str, int] = {}
    for row in rows:
        _check_fields(row)
        if row.email in first_line:
            row.errors.append(f"duplicate: {row.email} is already on line {first_line[row.email]}")
        first_line.setdefault(row.email, row.line)
    in_file = {row.email: row for row in rows if not row.errors}
    for row in rows:
        _check_manager(row, in_file, existing)
    _check_cycles(rows, existing)
    for row in rows:
        if not row.errors:
            _describe_changes(row, existing.get(row.email))


def _check_fields(row: ImportRow) -> None:
    try:
        validate_email(row.email)
    except ValidationError:
        row.errors.append(
            f"“{row.email}” is not a valid e-mail address" if row.email else "e-mail is missing"
        )
    if not row.name:
        row.errors.append("name is missing")
    elif len(row.name) > MAX_NAME:
        row.errors.append(f"name is longer than {MAX_NAME} characters")
    if len(row.title) > MAX_NAME:
        row.errors.append(f"title is longer than {MAX_NAME} characters")
    if row.timezone and not is_timezone(row.timezone):
        row.errors.append(
            f"“{row.timezone}” is not a time zone (use a name such as Europe/Berlin)"
        )


def _check_manager(
    row: ImportRow, in_file: dict[str, ImportRow], existing: dict[str, Person]
) -> None:
    manager = row.manager_email
    if not manager:
        return
    if manager == row.email:
        row.errors.append("cycle: a person cannot be their own manager")
    elif manager not in in_file and manager not in existing:
        row.errors.append(f"unknown manager: {manager} is neither in the file nor in Showup")
    elif manager not in in_file and not existing[manager].is_active:
        row.errors.append(f"manager {manager} is deactivated")


def _check_cycles(rows: list[ImportRow], existing: dict[str, Person]) -> None:
    manager_of: dict[str, str | None] = {
        email: person.manager.email if person.manager else None
        for email, person in existing.items()
    }
    for row in rows:
        if row.email and row.manager_email != row.email:
            manager_of[row.email] = row.manager_email or None
    for row in rows:
        if row.errors:
            continue
        cycle = reporting_cycle(manager_of, row.email, manager_of.get(row.email))
        if cycle is not None:
            row.errors.append(f"cycle: {describe_cycle(cycle)}")


def _describe_changes(row: ImportRow, person: Person | None) -> None:
    if person is None:
        row.action = "create"
        return
    current_manager = person.manager.email if person.manager else ""
    changes = [
        f"{label}: “{old}” → “{new}”"
        for label, old, new in (
            ("name", person.name, row.name),
            ("title", person.title, row.title),
            ("manager", current_manager, row.manager_email),
            ("time zone", person.timezone, row.timezone or person.timezone),
        )
        if old != new
    ]
    if not person.is_active:
        row.errors.append(f"{row.email} is deactivated; reactivate them before importing changes")
    row.changes = changes
    row.action = "update" if changes else "unchanged"


@transaction.atomic
def org_import_apply(csv_text: str) -> ImportResult:
    """Writes the file's people and reporting lines, all or nothing."""
    plan = org_import_plan(csv_text)
    if not plan.is_valid:
        raise ImportRefused(plan)
    people = {person.email: person for person in Person.objects.select_for_update()}
    created, updated = [], []
    for row in plan.rows:
        if row.action == "create":
            people[row.email] = _create(row)
            created.append(people[row.email])
        elif row.action == "update":
            updated.append(people[row.email])
    for row in plan.rows:
        if row.action != "unchanged":
            _update(people[row.email], row, people)
    return ImportResult(created=created, updated=updated, unchanged=plan.count("unchanged"))


def _create(row: ImportRow) -> Person:
    person = Person(
        email=row.email,
        name=row.name,
        title=row.title,
        timezone=row.timezone or settings.DEFAULT_TIMEZONE,
    )
    person.set_unusable_password()
    person.save()
    return person


def _update(person: Person, row: ImportRow, people: dict[str, Person]) -> None:
    person.name = row.name
    person.title = row.title
    person.timezone = row.timezone or person.timezone
    person.manager = people[row.manager_email] if row.manager_email else None
    person.save(update_fields=["name", "title", "timezone", "manager"])
