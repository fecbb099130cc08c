from typing import Any

from django import forms

from showup.invitations.preferences import company_default
from showup.notifications.models import LEAD_TIMES


def _yes(value: str) -> bool:
    return value == "True"


class PreferenceForm(forms.Form):
    before_enabled = forms.BooleanField(
        required=False, label="Remind me before each 1:1, with the agenda so far"
    )
    before_hours = forms.TypedChoiceField(choices=LEAD_TIMES, coerce=int, label="How long before")
    after_enabled = forms.BooleanField(
        required=False, label="Ask me the morning after a 1:1 whether it happened, if nobody said"
    )
    changes_enabled = forms.BooleanField(
        required=False,
        label="Tell me when the other person cancels or moves one of our 1:1s, "
        "or my synced calendar disagrees with Showup",
    )
    digest_enabled = forms.BooleanField(
        required=False, label="A Monday digest of what to act on for your reports"
    )
    invitations_enabled = forms.TypedChoiceField(
        required=False,
        coerce=_yes,
        empty_value=None,
        label="Calendar invitations by e-mail",
        help_text="Each 1:1 as one event in your calendar, updated by e-mail with every change; "
        "then that e-mail is also your notice of the change.",
    )

    def __init__(self, *args: Any, has_reports: bool, syncs_calendar: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_reports:
            del self.fields["digest_enabled"]  # it goes to people with reports only
        if syncs_calendar:
            self.fields["invitations_enabled"].help_text = (
                "None are sent while your calendar is synced two-way (Calendar sync): "
                "it holds each 1:1 already, and an invitation would add a second copy."
            )
        default = "on" if company_default() else "off"
        self.fields["invitations_enabled"].choices = [  # type: ignore[attr-defined]
            ("", f"As the company decides (now {default})"),
            ("True", "On"),
            ("False", "Off"),
        ]
