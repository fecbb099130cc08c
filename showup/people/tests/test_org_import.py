import pytest

from showup.people.models import Person
from showup.people.org_import import ImportRefused, org_import_apply, org_import_plan
from tests.factories import PersonFactory

HEADER = "email,name,title,manager_email,timezone\n"
GOOD = HEADER + (
    "ada@example.com,Ada Moreau,Director,,Europe/Paris\n"
    "li@example.com,Li Wei,Engineering Manager,ada@example.com,Asia/Singapore\n"
    "sam@example.com,Sam Okoro,Software Engineer,li@example.com,\n"
)


def errors_by_line(csv_text: str) -> dict[int, list[str]]:
    plan = org_import_plan(csv_text)
    return {row.line: row.errors for row in plan.rows if row.errors}


@pytest.mark.django_db
def test_a_good_file_imports_people_and_reporting_lines() -> None:
    result = org_import_apply(GOOD)
    assert len(result.created) == 3
    sam = Person.objects.get(email="sam@example.com")
    assert sam.manager is not None
    assert sam.manager.email == "li@example.com"
    assert sam.timezone == "UTC"  # empty time zone: the default
    assert not sam.has_usable_password()


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing() -> None:
    org_import_apply(GOOD)
    before = list(Person.objects.order_by("email").values())
    result = org_import_apply(GOOD)
    assert (len(result.created), len(result.updated), result.unchanged) == (0, 0, 3)
    assert list(Person.objects.order_by("email").values()) == before


@pytest.mark.django_db
def test_a_changed_manager_is_an_update() -> None:
    org_import_apply(GOOD)
    moved = GOOD.replace(
        "sam@example.com,Sam Okoro,Software Engineer,li@example.com",
        "sam@example.com,Sam Okoro,Software Engineer,ada@example.com",
    )
    plan = org_import_plan(moved)
    sam_row = next(row for row in plan.rows if row.email == "sam@example.com")
    assert sam_row.action == "update"
    assert sam_row.changes == ["manager: “li@example.com” → “ada@example.com”"]
    result = org_import_apply(moved)
    assert [person.email for person in result.updated] == ["sam@example.com"]
    assert Person.objects.get(email="sam@example.com").manager.email == "ada@example.com"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_every_kind_of_bad_row_is_reported_and_nothing_is_written() -> None:
    PersonFactory.create(email="existing@example.com", name="Existing Person")
    bad = (
        HEADER
        + (
            "ok@example.com,Okay Person,Engineer,,UTC\n"  # line 2: fine
            "not-an-email,Bad Email,Engineer,,UTC\n"  # 3
            "ghost-report@example.com,Ghost Report,Engineer,nobody@example.com,UTC\n"  # 4: unknown manager
            "tz@example.com,Bad Zone,Engineer,,Mars/Olympus\n"  # 5: bad time zone
            "ok@example.com,Okay Again,Engineer,,UTC\n"  # 6: duplicate
            "a@example.com,Loop A,Engineer,b@example.com,UTC\n"  # 7: cycle
            "b@example.com,Loop B,Engineer,a@example.com,UTC\n"  # 8: cycle
            "self@example.com,Self Managed,Engineer,self@example.com,UTC\n"  # 9: own manager
            ",No Email,Engineer,,UTC\n"  # 10: missing e-mail
            "noname@example.com,,Engineer,,UTC\n"  # 11: missing name
        )
    )
    errors = errors_by_line(bad)
    assert 2 not in errors
    assert "not a valid e-mail" in errors[3][0]
    assert "unknown manager: nobody@example.com" in errors[4][0]
    assert "“Mars/Olympus” is not a time zone" in errors[5][0]
    assert "duplicate: ok@example.com is already on line 2" in errors[6][0]
    assert errors[7] == ["cycle: a@example.com → b@example.com → a@example.com"]
    assert errors[8] == ["cycle: b@example.com → a@example.com → b@example.com"]
    assert "own manager" in errors[9][0]
    assert errors[10] == ["e-mail is missing"]
    assert errors[11] == ["name is missing"]
    with pytest.raises(ImportRefused):
        org_import_apply(bad)
    assert list(Person.objects.values_list("email", flat=True)) == ["existing@example.com"]


@pytest.mark.django_db
def test_a_cycle_through_people_already_in_showup_is_refused() -> None:
    top = PersonFactory.create(email="top@example.com")
    PersonFactory.create(email="middle@example.com", manager=top)
    errors = errors_by_line(HEADER + "top@example.com,Top,Director,middle@example.com,UTC\n")
    assert errors[2] == ["cycle: top@example.com → middle@example.com → top@example.com"]
    top.refresh_from_db()
    assert top.manager_id is None


@pytest.mark.django_db
def test_a_manager_already_in_showup_may_be_named() -> None:
    PersonFactory.create(email="boss@example.com")
    result = org_import_apply(
        HEADER + "new@example.com,New Report,Engineer,BOSS@example.com,UTC\n"
    )
    assert result.created[0].manager.email == "boss@example.com"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_a_wrong_header_is_a_file_error() -> None:
    plan = org_import_plan("mail,full name\nx@example.com,X\n")
    assert plan.file_errors
    assert "email,name,title,manager_email,timezone" in plan.file_errors[0]
    assert not plan.is_valid


@pytest.mark.django_db
def test_an_empty_file_is_a_file_error() -> None:
    assert org_import_plan("").file_errors
    assert org_import_plan(HEADER).file_errors == ["The file has a header but no people."]


@pytest.mark.django_db
def test_a_row_with_too_many_cells_is_an_error() -> None:
    errors = errors_by_line(HEADER + "x@example.com,X,Engineer,,UTC,surplus\n")
    assert errors[2] == ["has more cells than the header has columns"]


@pytest.mark.django_db
def test_a_deactivated_person_in_the_file_is_reported() -> None:
    PersonFactory.create(email="gone@example.com", name="Gone", is_active=False)
    errors = errors_by_line(HEADER + "gone@example.com,Gone,Engineer,,UTC\n")
    assert "deactivated" in errors[2][0]
