from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from showup.mail.models import OutboxMessage
from showup.people.models import Person

GOOD = "email,name,title,manager_email,timezone\nada@example.com,Ada,Director,,UTC\nli@example.com,Li,Manager,ada@example.com,Asia/Tokyo\n"


def import_org(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_org", str(path), *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_imports_a_file_and_invites_new_people(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text(GOOD)
    output = import_org(path, "--invite")
    assert "2 added" in output
    assert Person.objects.get(email="li@example.com").manager.email == "ada@example.com"  # type: ignore[union-attr]
    assert OutboxMessage.objects.filter(kind="invitation").count() == 2
    assert "0 added, 0 updated, 2 unchanged" in import_org(path)


@pytest.mark.django_db
def test_a_dry_run_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text(GOOD)
    assert "Dry run" in import_org(path, "--dry-run")
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_bad_file_fails_with_each_problem_listed(tmp_path: Path) -> None:
    path = tmp_path / "org.csv"
    path.write_text(GOOD + "bad,Bad,,nobody@example.com,Nowhere/Here\n")
    out = StringIO()
    with pytest.raises(CommandError, match="problem"):
        call_command("import_org", str(path), stdout=out, stderr=out)
    assert "line 4: bad: “bad” is not a valid e-mail address" in out.getvalue()
    assert "unknown manager" in out.getvalue()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        import_org(tmp_path / "missing.csv")
