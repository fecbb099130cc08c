"""The hold on password links after an e-mail change, at its exact end and either side."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from showup.accounts.services import invitation_send, password_links_held_until
from showup.people.models import Person
from tests.factories import PersonFactory

SECOND = timedelta(seconds=1)


@pytest.fixture
def changed(db: None) -> Person:
    return PersonFactory.create(email_changed_at=timezone.now())


def test_it_holds_links_until_the_exact_end_of_the_hold(changed: Person, settings: Any) -> None:
    assert changed.email_changed_at is not None
    end = changed.email_changed_at + timedelta(hours=settings.EMAIL_CHANGE_RESET_HOLD_HOURS)
    assert password_links_held_until(person=changed, now=end - SECOND) == end
    assert password_links_held_until(person=changed, now=end) is None
    assert password_links_held_until(person=changed, now=end + SECOND) is None


def test_a_person_whose_e_mail_never_changed_is_never_held(person: Person) -> None:
    assert password_links_held_until(person=person) is None


def test_a_hold_of_zero_hours_holds_nothing(changed: Person, settings: Any) -> None:
    settings.EMAIL_CHANGE_RESET_HOLD_HOURS = 0
    assert password_links_held_until(person=changed) is None


def test_an_invitation_during_the_hold_is_refused_and_changes_nothing(changed: Person) -> None:
    with pytest.raises(ValidationError, match="no password link goes to"):
        invitation_send(person=changed, invited_by=None)
    changed.refresh_from_db()
    assert changed.invited_at is None
