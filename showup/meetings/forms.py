from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from showup.meetings.models import Pair
from showup.meetings.recurrence import CADENCES, RuleError, cadence_rule, clean_rule
from showup.meetings.schedule import Schedule
from showup.people.forms import TimezoneField
from showup.people.models import Person

DURATIONS = [
    (15, "15 minutes"),
    (25, "25 minutes"),
    (30, "30 minutes"),
    (45, "45 minutes"),
    (50, "50 minutes"),
    (60, "1 hour"),
]


class DateInput(forms.DateInput):
    """The browser's date picker, which reads and writes ISO dates whatever the locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class ScheduleForm(forms.Form):
    """When the 1:1 happens. Shared by setting a series up and changing it."""

    cadence = forms.ChoiceField(choices=CADENCES.items(), initial="weekly", label="How often")
    custom_rule = forms.CharField(
        required=False,
        label="Custom rule",
        help_text="An RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,TH for twice a week.",
        widget=forms.TextInput(
            attrs={"placeholder": "FREQ=WEEKLY;INTERVAL=3;BYDAY=WE", "spellcheck": "false"}
        ),
    )
    first_day = forms.DateField(label="First date", widget=DateInput)
    at = forms.TimeField(label="Time", widget=TimeInput, initial=time(10, 0))
    timezone = TimezoneField(
        label="Time zone",
        help_text="The 1:1 keeps its wall-clock time here across daylight saving.",
    )
    duration_minutes = forms.TypedChoiceField(
        choices=DURATIONS, coerce=int, initial=30, label="Length"
    )
    location = forms.CharField(
        required=False, max_length=300, label="Where", help_text="A room or a video link."
    )
    max_gap_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        label="Longest gap allowed (days)",
        help_text="With no 1:1 held for longer, both of you are alerted. Empty: twice the cadence.",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_first_day(self) -> date:
        day: date = self.cleaned_data["first_day"]
        if day < self.today:
            raise forms.ValidationError("Pick today or a later date.")
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cadence, day = cleaned.get("cadence"), cleaned.get("first_day")
        try:
            if cadence == "custom":
                cleaned["rule"] = clean_rule(cleaned.get("custom_rule", ""))
            elif cadence and day:
                cleaned["rule"] = cadence_rule(cadence, day)
        except RuleError as error:
            self.add_error("custom_rule" if cadence == "custom" else "cadence", str(error))
        return cleaned

    def schedule(self) -> Schedule:
        data = self.cleaned_data
        return Schedule(
            rule=data["rule"],
            first_day=data["first_day"],
            at=data["at"],
            timezone=data["timezone"],
            duration_minutes=data["duration_minutes"],
            location=data["location"].strip(),
            max_gap_days=data["max_gap_days"],
        )


class NewSeriesForm(ScheduleForm):
    relation = forms.ChoiceField(
        choices=[(Pair.Relation.MENTOR, "Mentoring"), (Pair.Relation.PEER, "Peers")],
        required=False,
        initial=Pair.Relation.PEER,
        label="What kind of 1:1",
        help_text="Only asked when the other person is not your manager or report.",
    )

    field_order = ["relation"]


class ChangeSeriesForm(ScheduleForm):
    field_order = ["first_day"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_day"].label = "Applies from"
        self.fields[
            "first_day"
        ].help_text = "The first date of the new schedule. Earlier 1:1s keep the old one."


class ResumeForm(forms.Form):
    from_day = forms.DateField(label="Resume from", widget=DateInput)

    def __init__(
        self, *args: Any, today: date, suggested: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["from_day"].initial = suggested or today

    def clean_from_day(self) -> date:
        day: date = self.cleaned_data["from_day"]
        if day < self.today:
            raise forms.ValidationError("Pick today or a later date.")
        return day


class NoteForm(forms.Form):
    note = forms.CharField(
        required=False, max_length=500, label="Note", widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=500,
        label="Why",
        help_text="The other person sees this.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RescheduleForm(forms.Form):
    day = forms.DateField(label="New date", widget=DateInput)
    at = forms.TimeField(label="New time", widget=TimeInput)
    reason = forms.CharField(required=False, max_length=500, label="Why")

    def __init__(self, *args: Any, zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["at"].help_text = f"In your time zone, {zone.key}."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("day") and cleaned.get("at"):
            start = datetime.combine(cleaned["day"], cleaned["at"]).replace(tzinfo=self.zone)
            if start <= timezone.now():
                self.add_error("day", "Pick a time that is still ahead.")
            cleaned["new_start"] = start
        return cleaned


def people_to_meet(person: Person) -> list[Person]:
    """Whom the generic “new 1:1” page offers: direct reports, then the manager."""
    reports = list(person.reports.filter(is_active=True).order_by("name"))
    manager = [person.manager] if person.manager and person.manager.is_active else []
    return reports + manager
