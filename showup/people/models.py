"""People and the reporting lines between them."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.timezone import now

from showup.people.timezones import is_timezone


def normalize_email(email: str) -> str:
    return email.strip().lower()


def validate_timezone(name: str) -> None:
    if not is_timezone(name):
        raise ValidationError(f"“{name}” is not a time zone. Use a name such as Europe/Berlin.")


class PersonManager(BaseUserManager["Person"]):
    def get_by_natural_key(self, email: str | None) -> Person:
        return self.get(email=normalize_email(email or ""))

    def create_user(self, email: str, password: str | None = None, **fields: object) -> Person:
        person = self.model(email=normalize_email(email), **fields)
        person.set_password(password)
        person.full_clean(exclude=["password"])
        person.save(using=self._db)
        return person

    def create_superuser(
        self, email: str, password: str | None = None, **fields: object
    ) -> Person:
        return self.create_user(email, password, is_admin=True, **fields)


class Person(AbstractBaseUser):
    """Someone in the org chart. Signs in with their e-mail; has at most one manager."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150)
    title = models.CharField(max_length=150, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    is_active = models.BooleanField(default=True)
    is_admin = models.BooleanField(
        default=False, help_text="Manages people and the org chart. Never reads 1:1 content."
    )
    date_joined = models.DateTimeField(default=now)
    invited_at = models.DateTimeField(null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Set when SCIM or an admin changes the e-mail: no password link goes to the new address
    # for a while (accounts.services.password_link_refusal), and older links stop working.
    email_changed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[PersonManager] = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name"]

    class Meta:
        ordering = ("name", "email")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(manager=models.F("pk")), name="person_not_own_manager"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.email = normalize_email(self.email)

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0]

    @property
    def initials(self) -> str:
        parts = self.name.split()
        return "".join(part[0] for part in parts[:2]).upper() or "?"
