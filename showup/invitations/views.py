"""The admin's screen for the company's default: are calendar invitations on for everyone who has not chosen?"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from showup.invitations.forms import CompanyDefaultForm
from showup.invitations.preferences import company_default, company_default_set
from showup.invitations.selectors import invitation_choice_counts
from showup.people.decorators import admin_required
from showup.people.views import signed_in


@admin_required
@require_http_methods(["GET", "POST"])
def company_settings(request: HttpRequest) -> HttpResponse:
    form = CompanyDefaultForm(request.POST or None, initial={"by_default": company_default()})
    if request.method == "POST" and form.is_valid():
        by_default = form.cleaned_data["by_default"]
        company_default_set(by_default=by_default, by=signed_in(request))
        state = "on" if by_default else "off"
        messages.success(
            request, f"Calendar invitations are {state} for everyone who has not chosen."
        )
        return redirect("invitations:company")
    context = {"form": form, "counts": invitation_choice_counts()}
    return render(request, "invitations/company.html", context)
