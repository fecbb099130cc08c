"""The demo company, Kestrel Software: a director, three teams in three regions, an admin."""

from dataclasses import dataclass

from showup.demo.context import DemoContext
from showup.people.models import Person

DEMO_PASSWORD = "showup-demo"  # noqa: S105 -- printed for the demo on purpose
DOMAIN = "kestrel.example"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    title: str
    timezone: str
    manager: str | None
    is_admin: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@{DOMAIN}"


PEOPLE = [
    DemoPerson("amara", "Amara Okafor", "Director of Engineering", "Europe/Berlin", None),
    DemoPerson("jonas", "Jonas Weber", "Engineering Manager, Payments", "Europe/Berlin", "amara"),
    DemoPerson("priya", "Priya Raman", "Engineering Manager, Platform", "Asia/Kolkata", "amara"),
    DemoPerson(
        "daniel", "Daniel Brooks", "Engineering Manager, Mobile", "America/New_York", "amara"
    ),
    DemoPerson("lena", "Lena Fischer", "Senior Software Engineer", "Europe/Berlin", "jonas"),
    DemoPerson("tomas", "Tomás Silva", "Software Engineer", "Europe/Lisbon", "jonas"),
    DemoPerson("marta", "Marta Kowalska", "Software Engineer", "Europe/Warsaw", "jonas"),
    DemoPerson("felix", "Felix Braun", "Staff Engineer", "Europe/Berlin", "jonas"),
    DemoPerson(
        "arjun", "Arjun Mehta", "Senior Site Reliability Engineer", "Asia/Kolkata", "priya"
    ),
    DemoPerson("mei", "Mei Tan", "Software Engineer", "Asia/Singapore", "priya"),
    DemoPerson("kenji", "Kenji Sato", "Software Engineer", "Asia/Tokyo", "priya"),
    DemoPerson("ananya", "Ananya Iyer", "Junior Software Engineer", "Asia/Kolkata", "priya"),
    DemoPerson("sofia", "Sofia Alvarez", "Senior iOS Engineer", "America/New_York", "daniel"),
    DemoPerson("marcus", "Marcus Johnson", "Android Engineer", "America/Chicago", "daniel"),
    DemoPerson("chloe", "Chloe Martin", "Software Engineer", "America/Toronto", "daniel"),
    DemoPerson("diego", "Diego Ramos", "QA Engineer", "America/Mexico_City", "daniel"),
    DemoPerson("sam", "Sam Patel", "IT Administrator", "Europe/London", None, is_admin=True),
]

# The logins printed after `showup demo`: one of each kind of user.
FEATURED = [
    ("Director", "amara"),
    ("Manager", "jonas"),
    ("Manager", "priya"),
    ("Manager", "daniel"),
    ("Engineer", "lena"),
    ("Engineer", "mei"),
    ("Admin", "sam"),
]


def build_people(context: DemoContext) -> None:
    for spec in PEOPLE:
        person = Person(
            email=spec.email,
            name=spec.name,
            title=spec.title,
            timezone=spec.timezone,
            is_admin=spec.is_admin,
            date_joined=context.start,
        )
        person.set_password(DEMO_PASSWORD)
        person.save()
        context.people[spec.key] = person
    for spec in PEOPLE:
        if spec.manager:
            context.people[spec.key].manager = context.people[spec.manager]
            context.people[spec.key].save(update_fields=["manager"])
