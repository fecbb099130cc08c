from typing import Any, cast

from django import forms

from showup.integrations.models import (
    COMPANY_EVENT_CHOICES,
    COMPANY_EVENTS,
    EVENT_CHOICES,
    ChatHook,
)
from showup.integrations.targets import MAX_URL


class SubscriptionForm(forms.Form):
    url = forms.CharField(
        label="URL",
        max_length=MAX_URL,
        help_text="Where Showup sends each event: an https:// address that answers 2xx.",
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/showup-webhook"}),
    )
    description = forms.CharField(max_length=100, required=False, label="Description")
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple, label="Events"
    )

    def __init__(self, *args: Any, company: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if company:
            events = cast(forms.MultipleChoiceField, self.fields["events"])
            events.choices = COMPANY_EVENT_CHOICES
            events.initial = COMPANY_EVENTS


class ChatHookForm(forms.Form):
    product = forms.ChoiceField(
        choices=ChatHook.Product.choices, widget=forms.RadioSelect, label="Where you chat"
    )
    url = forms.CharField(
        label="Incoming-webhook URL",
        max_length=MAX_URL,
        help_text="Slack: an app's incoming webhook. Teams: a “Send webhook alerts to a channel” workflow.",
    )
