"""A small company for the API's tests: a director, a manager, their report, a stranger and an admin, each with a token."""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from showup.api.services import token_issue
from showup.meetings.models import Occurrence, Series
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series


@dataclass
class ApiWorld:
    director: Person
    manager: Person
    report: Person
    stranger: Person
    admin: Person
    series: Series
    past: Occurrence
    next: Occurrence
    secrets: dict[tuple[str, str], str] = field(default_factory=dict)

    def person(self, role: str) -> Person:
        person = getattr(self, role)
        assert isinstance(person, Person)
        return person

    def client(self, role: str, *, scope: str = "write") -> "TokenClient":
        if (role, scope) not in self.secrets:
            issued = token_issue(
                person=self.person(role),
                name=f"{role} {scope}",
                scope=scope,
                expires_in_days=30,
                now=timezone.now(),
            )
            self.secrets[(role, scope)] = issued.secret
        return TokenClient(self.secrets[(role, scope)])


class TokenClient(Client):
    """A test client that sends a bearer token and JSON, as an API client would."""

    def __init__(self, secret: str) -> None:
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.secret = secret

    def send(self, method: str, path: str, body: Any = None) -> Any:
        return self.generic(
            method.upper(),
            path,
            b"" if body is None else json.dumps(body),
            content_type="application/json",
        )


def api_world() -> ApiWorld:
    director = PersonFactory.create(name="Dana Director")
    manager = PersonFactory.create(name="Max Manager", manager=director)
    report = PersonFactory.create(name="Riley Report", manager=manager)
    stranger = PersonFactory.create(name="Sam Stranger")
    admin = PersonFactory.create(name="Ada Admin", is_admin=True)
    start = timezone.now() - timedelta(weeks=3)
    # On tomorrow's weekday: no 1:1 of the world is under way whenever the tests run.
    first_day = start.date() + timedelta(days=1)
    series = weekly_series(manager, report, first_day=first_day, now=start)
    now = timezone.now()
    series.occurrences.filter(end__lt=now).update(
        state=Occurrence.State.HELD, outcome_by=manager, outcome_at=now
    )
    past = series.occurrences.filter(end__lt=now).order_by("-start")[0]
    upcoming = series.occurrences.filter(start__gt=now).order_by("start")[0]
    return ApiWorld(
        director=director,
        manager=manager,
        report=report,
        stranger=stranger,
        admin=admin,
        series=series,
        past=past,
        next=upcoming,
    )
