from django import forms

from showup.careers.models import MAX_TEXT, CareerPlan
from showup.meetings.forms import DateInput


class PlanForm(forms.Form):
    aspiration = forms.ChoiceField(
        choices=CareerPlan.Aspiration.choices, widget=forms.RadioSelect, label="Direction"
    )
    target_role = forms.CharField(
        required=False,
        max_length=150,
        label="Target role",
        help_text="e.g. Senior Engineer, Engineering Manager",
    )
    horizon = forms.CharField(
        required=False, max_length=60, label="When", help_text="e.g. in 18 months"
    )
    notes = forms.CharField(
        required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Milestone",
        help_text="Concrete and checkable: “Lead the API v2 project end to end”.",
    )
    due_on = forms.DateField(required=False, widget=DateInput, label="By")


class CommitmentForm(forms.Form):
    text = forms.CharField(
        max_length=300,
        label="What you will do",
        help_text="A commitment, shown to both of you until done.",
    )
    due_on = forms.DateField(required=False, widget=DateInput, label="By")
