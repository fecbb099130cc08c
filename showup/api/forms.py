from django import forms

from showup.api.models import MAX_TOKEN_NAME, AccessToken
from showup.api.services import EXPIRY_CHOICES_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=MAX_TOKEN_NAME,
        help_text="What will use it, so you know which to revoke later.",
    )
    scope = forms.ChoiceField(
        choices=AccessToken.Scope.choices,
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="A read token cannot change anything.",
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=[(days, f"{days} days") for days in EXPIRY_CHOICES_DAYS],
        initial=90,
    )
