"""What the home page shows. Later apps add their sections here."""

from showup.people.models import Person
from showup.people.selectors import person_reports


def home_for(*, person: Person) -> dict[str, object]:
    return {
        "manager": person.manager if person.manager_id else None,
        "reports": list(person_reports(person=person)),
    }
