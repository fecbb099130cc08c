from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from showup.mail.models import OutboxMessage
from showup.people.models import Person
from tests.factories import PersonFactory
from tests.html import main_text

GOOD_CSV = (
    "email,name,title,manager_email,timezone\n"
    "ada@example.com,Ada Moreau,Director,,Europe/Paris\n"
    "li@example.com,Li Wei,Engineering Manager,ada@example.com,Asia/Singapore\n"
)


@pytest.fixture
def admin(db: None) -> Person:
    return PersonFactory.create(name="Admin Person", is_admin=True)


def make_org(size: int) -> None:
    top = PersonFactory.create()
    for _ in range(size):
        PersonFactory.create(manager=top)


@pytest.mark.django_db
def test_the_org_chart_shows_everyone_in_a_tree(sign_in: Any, person: Person) -> None:
    boss = PersonFactory.create(name="Bea Boss")
    person.manager = boss
    person.save()
    response = sign_in(person).get(reverse("people:org-chart"))
    tree = response.content.decode().split('id="org-tree"')[1]
    assert response.status_code == 200
    assert tree.index("Bea Boss") < tree.index("Riley Report")
    assert "1 in team" in tree


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 60])
def test_the_org_chart_runs_the_same_queries_for_any_size(
    sign_in: Any, person: Person, size: int, django_assert_num_queries: Any
) -> None:
    make_org(size)
    client = sign_in(person)
    with django_assert_num_queries(3):  # session, signed-in person, everyone
        client.get(reverse("people:org-chart"))


@pytest.mark.django_db
def test_the_org_chart_search_finds_by_title(sign_in: Any, person: Person) -> None:
    PersonFactory.create(name="Quinn Query", title="Data Scientist")
    response = sign_in(person).get(reverse("people:org-chart"), {"q": "scient"})
    assert "Quinn Query" in main_text(response)
    assert "Riley Report" not in main_text(response)


@pytest.mark.django_db
def test_the_person_page_shows_the_chain_and_reports(
    sign_in: Any, person: Person, django_assert_num_queries: Any
) -> None:
    boss = PersonFactory.create(name="Bea Boss")
    person.manager = boss
    person.save()
    PersonFactory.create(name="Ollie Underling", manager=person)
    client = sign_in(boss)
    with django_assert_num_queries(7):
        response = client.get(reverse("pages:person", args=[person.pk]))
    html = response.content.decode()
    assert "Bea Boss" in html
    assert "Ollie Underling" in html


@pytest.mark.django_db
def test_a_missing_person_is_a_404(sign_in: Any, person: Person) -> None:
    assert sign_in(person).get(reverse("pages:person", args=[9999])).status_code == 404


@pytest.mark.django_db
def test_a_person_sets_their_own_time_zone(sign_in: Any, person: Person) -> None:
    sign_in(person).post(reverse("people:timezone"), {"timezone": "America/Chicago"})
    person.refresh_from_db()
    assert person.timezone == "America/Chicago"


@pytest.mark.django_db
def test_a_bad_time_zone_changes_nothing(sign_in: Any, person: Person) -> None:
    sign_in(person).post(reverse("people:timezone"), {"timezone": "Nowhere/Special"})
    person.refresh_from_db()
    assert person.timezone == "Europe/Berlin"


ADMIN_GETS = ["people_admin:manage", "people_admin:new", "people_admin:import", "mail:outbox"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADMIN_GETS)
def test_admin_pages_are_404_for_everyone_else(sign_in: Any, person: Person, name: str) -> None:
    assert sign_in(person).get(reverse(name)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "people_admin:deactivate",
        "people_admin:reactivate",
        "people_admin:invite",
        "people_admin:edit",
    ],
)
def test_admin_actions_are_404_for_everyone_else(sign_in: Any, person: Person, name: str) -> None:
    victim = PersonFactory.create()
    response = sign_in(person).post(reverse(name, args=[victim.pk]), {"name": "Hacked"})
    assert response.status_code == 404
    victim.refresh_from_db()
    assert victim.is_active
    assert victim.name != "Hacked"


@pytest.mark.django_db
def test_the_import_is_404_for_everyone_else(sign_in: Any, person: Person) -> None:
    response = sign_in(person).post(reverse("people_admin:import-apply"), {"csv_text": GOOD_CSV})
    assert response.status_code == 404
    assert not Person.objects.filter(email="ada@example.com").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADMIN_GETS)
def test_admin_pages_open_for_an_admin(sign_in: Any, admin: Person, name: str) -> None:
    assert sign_in(admin).get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_the_people_list_runs_the_same_queries_for_any_size(
    sign_in: Any, admin: Person, django_assert_num_queries: Any
) -> None:
    make_org(40)
    client = sign_in(admin)
    with django_assert_num_queries(3):
        client.get(reverse("people_admin:manage"))


@pytest.mark.django_db
def test_an_admin_adds_a_person(sign_in: Any, admin: Person) -> None:
    response = sign_in(admin).post(
        reverse("people_admin:new"),
        {
            "name": "Nia New",
            "email": "NIA@example.com",
            "title": "Designer",
            "timezone": "Europe/Rome",
            "manager": admin.pk,
        },
    )
    nia = Person.objects.get(email="nia@example.com")
    assert response.status_code == 302
    assert nia.manager == admin
    assert nia.timezone == "Europe/Rome"


@pytest.mark.django_db
def test_an_admin_sees_a_clear_message_for_a_cycle(sign_in: Any, admin: Person) -> None:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    response = sign_in(admin).post(
        reverse("people_admin:edit", args=[manager.pk]),
        {
            "name": manager.name,
            "email": manager.email,
            "title": "",
            "timezone": "UTC",
            "manager": report.pk,
        },
    )
    assert response.status_code == 200
    assert "Max Manager cannot report to Riley Report" in response.content.decode()
    manager.refresh_from_db()
    assert manager.manager_id is None


@pytest.mark.django_db
def test_an_admin_cannot_give_a_person_a_taken_email(sign_in: Any, admin: Person) -> None:
    other = PersonFactory.create(email="taken@example.com")
    response = sign_in(admin).post(
        reverse("people_admin:edit", args=[admin.pk]),
        {"name": admin.name, "email": "Taken@example.com", "timezone": "UTC", "is_admin": "on"},
    )
    assert "already has this e-mail" in response.content.decode()
    admin.refresh_from_db()
    assert admin.email != other.email


@pytest.mark.django_db
def test_an_admin_deactivates_and_reactivates(sign_in: Any, admin: Person) -> None:
    victim = PersonFactory.create()
    client = sign_in(admin)
    client.post(reverse("people_admin:deactivate", args=[victim.pk]))
    victim.refresh_from_db()
    assert not victim.is_active
    client.post(reverse("people_admin:reactivate", args=[victim.pk]))
    victim.refresh_from_db()
    assert victim.is_active


@pytest.mark.django_db
def test_an_admin_invites_a_person(sign_in: Any, admin: Person) -> None:
    newcomer = PersonFactory.create(email="newcomer@example.com")
    sign_in(admin).post(reverse("people_admin:invite", args=[newcomer.pk]))
    assert (
        OutboxMessage.objects.filter(kind="invitation", recipient="newcomer@example.com").count()
        == 1
    )


@pytest.mark.django_db
def test_the_import_preview_lists_problems_and_saves_nothing(sign_in: Any, admin: Person) -> None:
    bad = GOOD_CSV + "broken,Broken Row,,,Not/AZone\n"
    upload = SimpleUploadedFile("org.csv", bad.encode())
    response = sign_in(admin).post(reverse("people_admin:import"), {"file": upload})
    html = response.content.decode()
    assert "not a valid e-mail" in html
    assert "is not a time zone" in html
    assert "import-apply" not in html  # no apply button on a bad file
    assert not Person.objects.filter(email="ada@example.com").exists()


@pytest.mark.django_db
def test_the_import_preview_then_apply_imports_and_invites(sign_in: Any, admin: Person) -> None:
    client = sign_in(admin)
    upload = SimpleUploadedFile("org.csv", ("\ufeff" + GOOD_CSV).encode())  # Excel's BOM
    preview = client.post(reverse("people_admin:import"), {"file": upload})
    assert "to add" in preview.content.decode()
    assert not Person.objects.filter(email="ada@example.com").exists()
    client.post(reverse("people_admin:import-apply"), {"csv_text": GOOD_CSV, "invite_new": "on"})
    assert Person.objects.get(email="li@example.com").manager.email == "ada@example.com"  # type: ignore[union-attr]
    assert OutboxMessage.objects.filter(kind="invitation").count() == 2


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused_clearly(sign_in: Any, admin: Person) -> None:
    upload = SimpleUploadedFile("org.csv", "email,name\nzoë@example.com,Zoë\n".encode("utf-16"))
    response = sign_in(admin).post(reverse("people_admin:import"), {"file": upload})
    assert "not UTF-8" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_never_sees_mail_content(sign_in: Any, admin: Person, client: Client) -> None:
    OutboxMessage.objects.create(
        kind="reminder",
        recipient="x@example.com",
        subject="Secret subject",
        text_body="Secret body",
    )
    html = sign_in(admin).get(reverse("mail:outbox")).content.decode()
    assert "x@example.com" in html
    assert "Secret" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["abc", "-1", "9" * 40, "people_admin:manage", "//evil.example/"]
)
def test_it_goes_back_to_the_list_when_next_is_not_a_page_here(
    sign_in: Any, admin: Person, target: str
) -> None:
    newcomer = PersonFactory.create(email="newcomer@example.com")
    response = sign_in(admin).post(
        reverse("people_admin:invite", args=[newcomer.pk]), {"next": target}
    )
    assert (response.status_code, response["Location"]) == (302, reverse("people_admin:manage"))


@pytest.mark.django_db
def test_it_goes_back_to_a_page_here_named_in_next(sign_in: Any, admin: Person) -> None:
    newcomer = PersonFactory.create(email="newcomer@example.com")
    back = reverse("people_admin:edit", args=[newcomer.pk])
    response = sign_in(admin).post(
        reverse("people_admin:invite", args=[newcomer.pk]), {"next": [back, "abc"]}
    )
    assert response["Location"] == back


@pytest.mark.django_db
def test_the_time_zone_picker_suggests_every_zone_sorted_by_offset(
    sign_in: Any, person: Person
) -> None:
    html = sign_in(person).get(reverse("pages:person", args=[person.pk])).content.decode()
    assert 'list="id_timezone-zones"' in html
    options = html.split('<datalist id="id_timezone-zones">')[1].split("</datalist>")[0]
    values = [part.split('"')[0] for part in options.split('<option value="')[1:]]
    assert len(values) > 400
    assert values.index("Pacific/Pago_Pago") < values.index("Europe/London")
    assert values.index("Europe/London") < values.index("Asia/Kolkata")
    assert "· Berlin (Europe)</option>" in options


@pytest.mark.django_db
def test_a_zone_that_does_not_exist_is_explained(sign_in: Any, person: Person) -> None:
    response = sign_in(person).post(
        reverse("people:timezone"), {"timezone": "Mars/Olympus"}, follow=True
    )
    assert "is not a time zone Showup knows" in main_text(response)
