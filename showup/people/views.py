from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from showup.meetings.selectors import pair_with
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


@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        person = selectors.person_get(person_id=person_id)
    except Person.DoesNotExist:
        raise Http404 from None
    viewer = signed_in(request)
    context = {
        "pair": None if person.pk == viewer.pk else pair_with(person=viewer, other=person),
        "person": person,
        "chain": selectors.person_chain(person=person),
        "reports": list(selectors.person_reports(person=person)),
        "is_self": person.pk == viewer.pk,
        "timezone_form": TimezoneForm(initial={"timezone": person.timezone}),
    }
    return render(request, "people/person.html", context)


@require_POST
def timezone_update(request: HttpRequest) -> HttpResponse:
    person = signed_in(request)
    form = TimezoneForm(request.POST)
    if form.is_valid():
        services.person_set_timezone(person=person, timezone_name=form.cleaned_data["timezone"])
        messages.success(request, f"Times are now shown in {person.timezone}.")
    else:
        messages.error(request, "That is not a time zone Showup knows.")
    return redirect("people:person", person.pk)


def apply_validation_error(form: PersonForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        form.add_error(None, error)
