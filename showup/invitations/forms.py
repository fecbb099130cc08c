from django import forms


class CompanyDefaultForm(forms.Form):
    by_default = forms.BooleanField(
        required=False,
        label="Send calendar invitations to everyone who has not chosen for themselves",
        help_text="Each person can still turn them on or off under Reminders.",
    )
