"""factory_boy factories shared by every app's tests."""

import factory

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
