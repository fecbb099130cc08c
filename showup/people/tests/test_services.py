import pytest
from django.core.exceptions import ValidationError

from showup.people import selectors, services
from showup.people.models import Person
from tests.factories import PersonFactory


@pytest.fixture
def chain(db: None) -> dict[str, Person]:
    director = PersonFactory.create(name="Dana Director")
    manager = PersonFactory.create(name="Max Manager", manager=director)
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return {"director": director, "manager": manager, "report": report}


def update(person: Person, manager: Person | None, *, by: Person | None = None) -> Person:
    return services.person_update(
        person=person,
        email=person.email,
        name=person.name,
        title=person.title,
        timezone_name=person.timezone,
        manager=manager,
        is_admin=person.is_admin,
        by=by,
    )


def test_it_refuses_a_cycle_with_a_clear_message(chain: dict[str, Person]) -> None:
    with pytest.raises(ValidationError) as raised:
        update(chain["director"], chain["report"])
    message = raised.value.message_dict["manager"][0]
    assert "Dana Director cannot report to Riley Report" in message
    assert "Dana Director → Riley Report → Max Manager → Dana Director" in message
    chain["director"].refresh_from_db()
    assert chain["director"].manager_id is None


def test_it_refuses_a_deactivated_manager(chain: dict[str, Person]) -> None:
    newcomer = PersonFactory.create()
    services.person_deactivate(person=chain["manager"], by=chain["director"])
    with pytest.raises(ValidationError, match="deactivated"):
        update(newcomer, chain["manager"], by=chain["director"])
    newcomer.refresh_from_db()
    assert newcomer.manager_id is None


def test_the_identity_provider_may_draw_a_line_to_a_deactivated_manager(
    chain: dict[str, Person],
) -> None:
    newcomer = PersonFactory.create()
    services.person_deactivate(person=chain["manager"], by=chain["director"])
    update(newcomer, chain["manager"], by=None)
    newcomer.refresh_from_db()
    assert newcomer.manager == chain["manager"]


def test_it_moves_a_report_to_a_new_manager(chain: dict[str, Person]) -> None:
    update(chain["report"], chain["director"])
    chain["report"].refresh_from_db()
    assert chain["report"].manager == chain["director"]


def test_deactivating_keeps_the_person_and_their_reporting_line(chain: dict[str, Person]) -> None:
    services.person_deactivate(person=chain["report"], by=chain["director"])
    report = Person.objects.get(pk=chain["report"].pk)
    assert report.is_active is False
    assert report.deactivated_at is not None
    assert report.manager == chain["manager"]


def test_nobody_can_deactivate_themselves(chain: dict[str, Person]) -> None:
    with pytest.raises(ValidationError):
        services.person_deactivate(person=chain["director"], by=chain["director"])


def test_it_lists_everyone_under_a_manager_at_any_depth(chain: dict[str, Person]) -> None:
    PersonFactory.create()  # not in the chain
    under = selectors.people_under_ids(manager=chain["director"])
    assert sorted(under) == sorted([chain["manager"].pk, chain["report"].pk])


def test_it_builds_the_org_chart_as_a_tree(chain: dict[str, Person]) -> None:
    roots = selectors.org_chart()
    assert [node.person for node in roots] == [chain["director"]]
    assert roots[0].size == 3
    assert roots[0].children[0].children[0].person == chain["report"]


def test_it_creates_a_person_with_no_password_until_invited(db: None) -> None:
    person = services.person_create(
        email=" New@Example.COM ", name="New Person", timezone_name="Asia/Tokyo"
    )
    assert person.email == "new@example.com"
    assert not person.has_usable_password()


def test_it_refuses_an_unknown_time_zone(db: None) -> None:
    with pytest.raises(ValidationError, match="not a time zone"):
        services.person_create(email="tz@example.com", name="Tz", timezone_name="Mars/Olympus")
