"""factory_boy factories shared by every app's tests."""

from datetime import date, datetime, time

import factory

from showup.meetings.models import Series
from showup.people.models import Person

TEST_PASSWORD = "correct horse battery"


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    title = "Software Engineer"
    timezone = "Europe/Berlin"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj: Person, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


def weekly_series(
    lead: Person,
    member: Person,
    *,
    first_day: date,
    at: time = time(10, 0),
    zone: str = "Europe/Berlin",
    now: datetime | None = None,
    rule: str | None = None,
) -> Series:
    """An active weekly series between a manager and their report, set up as the manager would."""
    from showup.meetings.recurrence import cadence_rule
    from showup.meetings.schedule import Schedule
    from showup.meetings.services import pair_between, series_create

    if member.manager_id != lead.pk:
        member.manager = lead
        member.save(update_fields=["manager"])
    pair, immediate = pair_between(proposer=lead, other=member)
    schedule = Schedule(
        rule=rule or cadence_rule("weekly", first_day), first_day=first_day, at=at, timezone=zone
    )
    return series_create(pair=pair, schedule=schedule, by=lead, immediate=immediate, now=now)
