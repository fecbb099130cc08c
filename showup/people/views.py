from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from showup.people import selectors, services
from showup.people.forms import PersonForm, TimezoneForm
from showup.people.models import Person


def signed_in(request: HttpRequest) -> Person:
    assert isinstance(request.user, Person)
    return request.user


@require_GET
def org_chart(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context: dict[str, object] = {"query": query}
    if query:
        context["results"] = list(selectors.people_search(query=query))
    else:
        context["roots"] = selectors.org_chart()
    return render(request, "people/org_chart.html", context)


@require_POST
def timezone_update(request: HttpRequest) -> HttpResponse:
    person = signed_in(request)
    form = TimezoneForm(request.POST)
    if form.is_valid():
        services.person_set_timezone(person=person, timezone_name=form.cleaned_data["timezone"])
        messages.success(request, f"Times are now shown in {person.timezone}.")
    else:
        messages.error(request, "That is not a time zone Showup knows.")
    return redirect("pages:person", person.pk)


def apply_validation_error(form: PersonForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        form.add_error(None, error)
