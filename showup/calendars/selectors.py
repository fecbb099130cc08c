"""Reads of a person's calendar connection: only ever their own."""

from django.db.models import QuerySet

from showup.calendars.models import Connection, Question
from showup.people.models import Person


def connection_of(person: Person) -> Connection | None:
    return Connection.objects.filter(person=person).first()


def questions_open(person: Person) -> QuerySet[Question]:
    return Question.objects.filter(
        event__connection__person=person, answered_at__isnull=True
    ).select_related(
        "occurrence__pair__lead",
        "occurrence__pair__member",
        "event__series__pair__lead",
        "event__series__pair__member",
    )


def question_get(*, person: Person, question_id: int) -> Question:
    """One open question of the person's; anyone else's does not exist for them."""
    return questions_open(person).get(pk=question_id)


def people_syncing(*, people: list[Person] | None = None) -> set[int]:
    """Who has their calendar synced two-way (of `people`, or of everyone), in one query."""
    connections = Connection.objects.all()
    if people is not None:
        connections = connections.filter(person__in=people)
    return set(connections.values_list("person_id", flat=True))
