from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from showup.accounts import throttle
from showup.accounts.services import password_reset_send
from showup.people.models import Person, normalize_email
from showup.sso.policy import password_refusal


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail and password do not match an active account.",
    }

    def clean(self) -> dict[str, Any]:
        email = normalize_email(self.cleaned_data.get("username") or "")
        refusal = password_refusal(email=email)
        if refusal:
            raise ValidationError(refusal, code="sso_required")
        address = client_address(self.request)
        until = throttle.locked_until(email=email, address=address)
        if until is not None:
            minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
            raise ValidationError(
                f"Too many wrong passwords. Try again in {minutes} minute{'s' if minutes != 1 else ''}, "
                "or reset your password.",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_failure(email=email, address=address)
            raise
        throttle.record_success(email=email)
        return cleaned


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, *args: Any, **kwargs: Any) -> None:
        email = normalize_email(self.cleaned_data["email"])
        person = Person.objects.filter(email=email, is_active=True).first()
        # With SSO required, only the break-glass admin gets a link; the page says so to all.
        if person is not None and not password_refusal(email=email):
            password_reset_send(person=person)
