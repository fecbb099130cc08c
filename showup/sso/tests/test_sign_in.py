"""Signing in through a real OpenID Connect provider, with Django's test client as the browser."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from showup.sso.models import SsoEvent
from tests.factories import PersonFactory
from tests.oidc_provider.running import Provider

pytestmark = pytest.mark.django_db


def test_it_signs_a_person_in_to_their_own_account(
    client: Client, sso: Provider, sign_in_through_provider: Any
) -> None:
    riley = PersonFactory.create(email="riley@example.com", name="Riley Report")
    PersonFactory.create(email="other@example.com")

    response = sign_in_through_provider("riley")

    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    assert client.session["_auth_user_id"] == str(riley.pk)
    assert client.get(reverse("pages:home")).status_code == 200
    event = SsoEvent.objects.get()
    assert event.succeeded
    assert event.person == riley
