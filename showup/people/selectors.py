"""Reads about people and the org chart. The org chart is open to everyone signed in."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet

from showup.people.models import Person


@dataclass
class OrgNode:
    person: Person
    children: list["OrgNode"] = field(default_factory=list)

    @property
    def size(self) -> int:
        return 1 + sum(child.size for child in self.children)


def manager_map() -> dict[int, int | None]:
    """Every person's manager id, in one query: the cheap input for cycle checks."""
    return dict(Person.objects.values_list("id", "manager_id"))


def org_chart(*, include_inactive: bool = False) -> list[OrgNode]:
    """The org chart as trees, built from one query however large the company."""
    people = Person.objects.order_by("name")
    if not include_inactive:
        people = people.filter(is_active=True)
    nodes = {person.id: OrgNode(person) for person in people}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.person.manager_id) if node.person.manager_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    roots.sort(key=lambda node: (-node.size, node.person.name))
    return roots


def people_search(*, query: str, limit: int = 50) -> QuerySet[Person]:
    terms = query.split()
    people = Person.objects.filter(is_active=True).select_related("manager")
    for term in terms:
        people = people.filter(
            Q(name__icontains=term) | Q(title__icontains=term) | Q(email__icontains=term)
        )
    return people.order_by("name")[:limit]


def person_get(*, person_id: int) -> Person:
    return Person.objects.select_related("manager").get(pk=person_id)


def person_reports(*, person: Person) -> QuerySet[Person]:
    return person.reports.filter(is_active=True).order_by("name")


def person_chain(*, person: Person) -> list[Person]:
    """The person's managers, nearest first, in one query."""
    managers_of = manager_map()
    ids = []
    current = managers_of.get(person.id)
    while current is not None and current not in ids:
        ids.append(current)
        current = managers_of.get(current)
    by_id = Person.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids]


def people_under_ids(*, manager: Person) -> list[int]:
    """Ids of everyone below `manager` at any depth (not `manager`), in one query."""
    table = Person._meta.db_table
    sql = f"""
        WITH RECURSIVE under(id) AS (
            SELECT id FROM {table} WHERE manager_id = %s
            UNION
            SELECT p.id FROM {table} p JOIN under u ON p.manager_id = u.id
        )
        SELECT id FROM under
    """  # noqa: S608 -- the table name is ours, the value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [manager.id])
        return [row[0] for row in cursor.fetchall()]


def people_for_admin(*, query: str = "", status: str = "active") -> QuerySet[Person]:
    people = Person.objects.select_related("manager").order_by("name")
    if status == "active":
        people = people.filter(is_active=True)
    elif status == "inactive":
        people = people.filter(is_active=False)
    elif status == "not-invited":
        people = people.filter(is_active=True, invited_at__isnull=True, last_login__isnull=True)
    for term in query.split():
        people = people.filter(Q(name__icontains=term) | Q(email__icontains=term))
    return people
