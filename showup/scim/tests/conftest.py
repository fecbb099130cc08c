"""A SCIM caller for the tests: the Django test client with a real token, speaking application/scim+json."""

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from showup.people.models import Person
from showup.scim.models import ScimToken
from showup.scim.tokens import token_create
from tests.factories import PersonFactory

BASE = "/scim/v2"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


@dataclass
class Answer:
    status: int
    body: Any
    headers: Any


@dataclass
class Scim:
    client: Client
    secret: str
    token: ScimToken

    def call(self, method: str, path: str, body: Any = None, **query: Any) -> Answer:
        kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {self.secret}"}
        if body is not None:
            kwargs["data"] = body if isinstance(body, str | bytes) else json.dumps(body)
            kwargs["content_type"] = "application/scim+json"
        elif query:
            kwargs["data"] = query
        response = getattr(self.client, method.lower())(f"{BASE}{path}", **kwargs)
        content = response.content
        return Answer(response.status_code, json.loads(content) if content else None, response)

    def create(self, **user: Any) -> Answer:
        return self.call("POST", "/Users", {"schemas": [USER], **user})

    def patch(self, user_id: Any, *operations: dict[str, Any]) -> Answer:
        return self.call(
            "PATCH", f"/Users/{user_id}", {"schemas": [PATCH_OP], "Operations": list(operations)}
        )


@pytest.fixture
def admin(db: None) -> Person:
    return PersonFactory.create(name="Ada Admin", email="ada@example.com", is_admin=True)


@pytest.fixture
def scim(admin: Person) -> Scim:
    token, secret = token_create(name="Okta", by=admin)
    return Scim(client=Client(), secret=secret, token=token)


def okta_user(email: str, given: str, family: str, **extra: Any) -> dict[str, Any]:
    """The body Okta sends to create a user (its SCIM 2.0 test suite's shape)."""
    return {
        "userName": email,
        "name": {"givenName": given, "familyName": family},
        "emails": [{"primary": True, "value": email, "type": "work"}],
        "displayName": f"{given} {family}",
        "locale": "en-US",
        "externalId": f"00u{abs(hash(email)) % 10**8}",
        "groups": [],
        "password": "1mz050nq",
        "active": True,
        **extra,
    }
