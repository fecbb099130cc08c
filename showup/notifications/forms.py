from django import forms

from showup.notifications.models import LEAD_TIMES


class PreferenceForm(forms.Form):
    before_enabled = forms.BooleanField(
        required=False, label="Remind me before each 1:1, with the agenda so far"
    )
    before_hours = forms.TypedChoiceField(choices=LEAD_TIMES, coerce=int, label="How long before")
    after_enabled = forms.BooleanField(
        required=False, label="Ask me the morning after a 1:1 whether it happened, if nobody said"
    )
    changes_enabled = forms.BooleanField(
        required=False, label="Tell me when the other person cancels or moves one of our 1:1s"
    )
    digest_enabled = forms.BooleanField(
        required=False, label="Managers: a Monday digest of what to act on"
    )
