from django import forms

from showup.people.models import Person
from showup.people.timezones import timezone_choices, timezone_suggestions


class TimezoneInput(forms.TextInput):
    """A text box that suggests time zones as you type ("berlin", "kolkata", "UTC+05:30"), sorted by offset.

    A <datalist>: searchable in every browser, with or without JavaScript.
    """

    template_name = "people/widgets/timezone.html"

    def get_context(
        self, name: str, value: object, attrs: dict[str, object] | None
    ) -> dict[str, object]:
        context = super().get_context(name, value, attrs)
        context["widget"]["zones"] = timezone_suggestions()
        return context


class TimezoneField(forms.ChoiceField):
    widget = TimezoneInput
    default_error_messages = {
        "invalid_choice": "“%(value)s” is not a time zone Showup knows. Type a city, such as Berlin, and pick it from the list.",
    }

    def __init__(self, **kwargs: object) -> None:
        super().__init__(choices=timezone_choices, **kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> str:
        return str(super().to_python(value)).strip()


class PersonForm(forms.Form):
    name = forms.CharField(max_length=150)
    email = forms.EmailField(label="E-mail", help_text="Used to sign in.")
    title = forms.CharField(max_length=150, required=False, label="Job title")
    timezone = TimezoneField(label="Time zone")
    manager = forms.ModelChoiceField(
        queryset=Person.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="No manager (top of the org chart)",
    )
    is_admin = forms.BooleanField(
        required=False,
        label="Admin",
        help_text="Admins manage people and the org chart. They never read anyone's 1:1s.",
    )

    def __init__(self, *args: object, person: Person | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.person = person
        if person is not None:
            manager_field = self.fields["manager"]
            assert isinstance(manager_field, forms.ModelChoiceField)
            manager_field.queryset = manager_field.queryset.exclude(pk=person.pk)  # type: ignore[union-attr]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        taken = Person.objects.filter(email=email)
        if self.person is not None:
            taken = taken.exclude(pk=self.person.pk)
        if taken.exists():
            raise forms.ValidationError("Someone in Showup already has this e-mail.")
        return email


class TimezoneForm(forms.Form):
    timezone = TimezoneField(
        label="Your time zone", help_text="Every time in Showup is shown to you in this zone."
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with the header email,name,title,manager_email,timezone",
    )


class ImportApplyForm(forms.Form):
    csv_text = forms.CharField(widget=forms.HiddenInput, strip=False)
    invite_new = forms.BooleanField(
        required=False, initial=True, label="E-mail an invitation to each new person"
    )
