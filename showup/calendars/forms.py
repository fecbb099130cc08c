from urllib.parse import urlsplit

from django import forms

from showup.calendars.models import Question


class ConnectForm(forms.Form):
    url = forms.URLField(
        label="Calendar address",
        max_length=500,
        assume_scheme="https",
        help_text="The CalDAV address of your account or of one calendar (see the examples below).",
    )
    username = forms.CharField(label="User name", max_length=200)

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if "@" in urlsplit(url).netloc:
            raise forms.ValidationError(
                "Leave the user name and password out of the address: they have their own fields."
            )
        return url

    password = forms.CharField(
        label="App password",
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Make an app password for Showup in your calendar's settings; never use your main password.",
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Question.Answer.choices)
