"""An independent SCIM client provisions a company over real HTTP, and the product's rules hold.

scim2-client discovers the service from its own endpoints, then creates 30
people on three levels with their managers, moves a report to a new manager
and deactivates someone, against a live server of the app. What each person
may see is checked through the real pages.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from scim2_models import PatchOp

from showup.agendas.services import talking_point_add
from showup.meetings.models import Occurrence, Pair
from showup.notes.services import note_save
from showup.people.models import Person
from showup.people.selectors import org_chart
from showup.scim.models import ProvisioningEvent
from showup.scim.tests.http_engine import HTTPSCIMClient
from showup.scim.tokens import token_create
from tests.factories import PersonFactory, weekly_series

pytestmark = pytest.mark.django_db(transaction=True)
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SHARED = "SHAREDSCIMPOINT"
REPORT_PRIVATE = "REPORTPRIVATESCIM"
MANAGER_PRIVATE = "MANAGERPRIVATESCIM"
SHARED_NOTE = "SHAREDSCIMNOTE"
SECRETS = [SHARED, REPORT_PRIVATE, MANAGER_PRIVATE, SHARED_NOTE]
TEAMS = 3
REPORTS_EACH = 8  # 1 chief + 3 managers + 24 reports + 2 more for the chief = 30 people


@pytest.fixture
def admin(transactional_db: None) -> Person:
    return PersonFactory.create(name="Ada Admin", email="ada@example.com", is_admin=True)


@pytest.fixture
def provider(live_server: Any, admin: Person) -> HTTPSCIMClient:
    _, secret = token_create(name="Okta production", by=admin)
    client = HTTPSCIMClient(
        base_url=f"{live_server.url}/scim/v2",
        headers={"Authorization": f"Bearer {secret}", "Accept": "application/scim+json"},
    )
    client.discover()
    return client


def user_model(provider: HTTPSCIMClient) -> Any:
    return provider.provider.model_for("User")


def create(provider: HTTPSCIMClient, email: str, name: str, manager: Any = None) -> Any:
    given, family = name.split(" ", 1)
    payload: dict[str, Any] = {
        "userName": email,
        "name": {"givenName": given, "familyName": family},
        "emails": [{"value": email, "type": "work"}],
        "externalId": f"ext-{email}",
        "active": True,
    }
    if manager is not None:
        payload[ENTERPRISE] = {"manager": {"value": manager.id}}
    model = user_model(provider)
    return provider.create(model.model_validate(payload))


def build_company(provider: HTTPSCIMClient) -> dict[str, Any]:
    chief = create(provider, "chief@acme.example.com", "Cleo Chief")
    managers = [
        create(provider, f"m{n}@acme.example.com", f"Mana Ger{n}", chief) for n in range(TEAMS)
    ]
    reports = [
        create(provider, f"r{team}-{n}@acme.example.com", f"Rep Ort{team}{n}", managers[team])
        for team in range(TEAMS)
        for n in range(REPORTS_EACH)
    ]
    staff = [create(provider, f"s{n}@acme.example.com", f"Staff Er{n}", chief) for n in range(2)]
    return {"chief": chief, "managers": managers, "reports": reports, "staff": staff}


def person(resource: Any) -> Person:
    return Person.objects.get(pk=resource.id)


def history(manager: Person, report: Person) -> Occurrence:
    """Two weeks of 1:1s with shared and private content on the next one."""
    start = timezone.now() - timedelta(weeks=2)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    occurrence = series.occurrences.filter(start__gt=timezone.now()).order_by("start")[0]
    talking_point_add(occurrence=occurrence, author=report, text=SHARED, is_private=False)
    talking_point_add(occurrence=occurrence, author=report, text=REPORT_PRIVATE, is_private=True)
    talking_point_add(occurrence=occurrence, author=manager, text=MANAGER_PRIVATE, is_private=True)
    note_save(occurrence=occurrence, by=manager, private=False, body=SHARED_NOTE, base_version=0)
    return occurrence


def others(excluded: set[int]) -> list[tuple[Any, ...]]:
    return list(
        Person.objects.exclude(pk__in=excluded)
        .order_by("pk")
        .values_list("pk", "email", "name", "title", "manager_id", "is_active", "is_admin")
    )


def browser_of(who: Person) -> Client:
    browser = Client()
    browser.force_login(who)
    return browser


def page(browser: Client, name: str, **kwargs: Any) -> Any:
    # The search box shows what was searched for: a prefix finds the words without being one.
    return browser.get(reverse(name, kwargs=kwargs), {"q": "SHAREDSCIM"})


def patch(provider: HTTPSCIMClient, user_id: str, *operations: dict[str, Any]) -> Any:
    model = user_model(provider)
    body = {"schemas": [PATCH_OP], "Operations": list(operations)}
    patch_class: Any = PatchOp.__class_getitem__(model)
    result: Any = provider.modify(model, user_id, patch_class.model_validate(body))
    return result


def set_manager(provider: HTTPSCIMClient, resource: Any, manager: Any) -> Any:
    operation = {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": manager.id}}
    return patch(provider, resource.id, operation)


def test_the_provider_builds_the_org_chart_of_a_company(provider: HTTPSCIMClient) -> None:
    company = build_company(provider)
    assert Person.objects.filter(is_admin=False).count() == 30
    [root] = [node for node in org_chart() if node.person.email == "chief@acme.example.com"]
    assert root.size == 30
    assert [child.person.email for child in root.children] == [
        *(f"m{n}@acme.example.com" for n in range(TEAMS)),
        "s0@acme.example.com",
        "s1@acme.example.com",
    ]
    for team, node in enumerate(root.children[:TEAMS]):
        assert sorted(child.person.email for child in node.children) == sorted(
            f"r{team}-{n}@acme.example.com" for n in range(REPORTS_EACH)
        )
    found = provider.query(
        user_model(provider), query_parameters={"filter": 'userName eq "r1-3@acme.example.com"'}
    )
    assert [user.id for user in found.resources] == [company["reports"][REPORTS_EACH + 3].id]
    manager = found.resources[0][provider.provider.model_for(ENTERPRISE)].manager
    assert manager.value == company["managers"][1].id
    assert ProvisioningEvent.objects.filter(action="created").count() == 30


def test_a_moved_report_keeps_their_history_and_the_new_manager_starts_empty(
    provider: HTTPSCIMClient,
) -> None:
    company = build_company(provider)
    old_manager, new_manager = person(company["managers"][0]), person(company["managers"][1])
    mover = person(company["reports"][0])
    occurrence = history(old_manager, mover)
    pair = occurrence.pair
    before = others({mover.pk})

    moved = set_manager(provider, company["reports"][0], company["managers"][1])

    assert moved[provider.provider.model_for(ENTERPRISE)].manager.value == str(new_manager.pk)
    assert not any(secret in moved.model_dump_json() for secret in SECRETS)
    mover.refresh_from_db()
    assert mover.manager == new_manager
    assert others({mover.pk}) == before
    # The new manager starts with an empty history: nothing of the old pair reaches them.
    newcomer = browser_of(new_manager)
    for name, kwargs in (
        ("pages:occurrence", {"occurrence_id": occurrence.pk}),
        ("pages:pair", {"pair_id": pair.pk}),
        ("history:timeline", {"pair_id": pair.pk}),
        ("history:export", {"pair_id": pair.pk}),
    ):
        assert page(newcomer, name, **kwargs).status_code == 404, name
    seen = "".join(
        page(newcomer, name).content.decode() for name in ("pages:home", "history:search")
    )
    assert not [secret for secret in SECRETS if secret in seen]
    assert not Pair.objects.filter(lead=new_manager, member=mover).exists()
    # The report keeps everything they could see before.
    own = page(browser_of(mover), "pages:occurrence", occurrence_id=occurrence.pk)
    assert own.status_code == 200
    text = own.content.decode()
    assert [s for s in SECRETS if s in text] == [SHARED, REPORT_PRIVATE, SHARED_NOTE]
    timeline = page(browser_of(mover), "history:timeline", pair_id=pair.pk)
    assert timeline.status_code == 200
    assert SHARED in page(browser_of(mover), "history:search").content.decode()
    event = ProvisioningEvent.objects.get(person=mover, action="moved")
    assert (event.old_manager, event.new_manager, event.fields) == (old_manager, new_manager, [])


def test_a_deactivated_person_is_signed_out_at_once_and_their_history_stays(
    provider: HTTPSCIMClient, admin: Person
) -> None:
    company = build_company(provider)
    manager, leaver = person(company["managers"][2]), person(company["reports"][2 * REPORTS_EACH])
    occurrence = history(manager, leaver)
    signed_in = browser_of(leaver)
    assert signed_in.get(reverse("pages:home")).status_code == 200
    kept = Occurrence.objects.filter(pair=occurrence.pair).count()
    before = others({leaver.pk})

    gone = patch(provider, str(leaver.pk), {"op": "replace", "value": {"active": False}})

    assert gone.active is False
    next_request = signed_in.get(reverse("pages:home"))
    assert next_request.status_code == 302
    assert next_request["Location"].startswith(reverse("accounts:sign-in"))
    leaver.refresh_from_db()
    assert (leaver.is_active, leaver.manager) == (False, manager)
    assert Occurrence.objects.filter(pair=occurrence.pair).count() == kept
    assert others({leaver.pk}) == before
    log = browser_of(admin).get(reverse("scim-admin:log")).content.decode()
    assert leaver.name in log
    assert "Deactivated" in log
    assert not [secret for secret in SECRETS if secret in log]
