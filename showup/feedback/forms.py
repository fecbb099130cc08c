from django import forms

from showup.feedback.models import MAX_TEXT, Blocker, Feedback


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        initial=Feedback.Kind.PRAISE,
        label="Kind",
    )
    text = forms.CharField(
        max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}), label="Your feedback"
    )


class AnswerForm(forms.Form):
    response = forms.CharField(
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What you did about it",
    )


class BlockerForm(forms.Form):
    kind = forms.ChoiceField(choices=Blocker.Kind.choices, label="What kind")
    text = forms.CharField(
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What is harder than it should be",
    )


class CloseBlockerForm(forms.Form):
    outcome = forms.CharField(
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="What you did, or why not",
    )
