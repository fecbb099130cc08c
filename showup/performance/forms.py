from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from showup.core.converters import id_from
from showup.meetings.forms import DateInput
from showup.performance.models import MAX_TEXT, Observation


class ObservationForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Observation.Kind.choices,
        widget=forms.RadioSelect,
        initial=Observation.Kind.STRENGTH,
    )
    text = forms.CharField(
        max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}), label="What you observed"
    )
    evidence = forms.CharField(
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Evidence",
        help_text="Specific examples: when, what happened.",
    )


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Your comment",
    )


class ReviewPeriodForm(forms.Form):
    period_start = forms.DateField(widget=DateInput, label="From")
    period_end = forms.DateField(widget=DateInput, label="To")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("period_end", "The period ends before it starts.")
        return cleaned


def rating_choices() -> list[tuple[str, str]]:
    return [("", "Not rated yet")] + [
        (str(step), f"{step}. {label}")
        for step, label in enumerate(settings.REVIEW_RATINGS, start=1)
    ]


class ReviewForm(forms.Form):
    summary = forms.CharField(
        required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    rating = forms.TypedChoiceField(
        choices=rating_choices, coerce=int, empty_value=None, required=False
    )


class ObservationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Observation) -> str:
        return f"{obj.get_kind_display()}: {obj.text[:90]}"

    def clean(self, value: Any) -> Any:
        # Ids by the paths' rule: a number no column holds is a wrong choice, not a crash.
        for each in value or []:
            if id_from(str(each)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": each},
                )
        return super().clean(value)


class ReviewPointForm(forms.Form):
    text = forms.CharField(
        max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}), label="Point"
    )
    is_concern = forms.BooleanField(required=False, label="This point is a concern")
    observations = ObservationChoices(
        queryset=Observation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Rests on these observations",
    )

    def __init__(self, *args: Any, observations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if observations is not None:
            field = self.fields["observations"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = observations
