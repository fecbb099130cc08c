"""The admin's screens for people: list, add, edit, deactivate, invite."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from showup.accounts.services import (
    invitation_send,
    invitations_send_pending,
    password_link_refusal,
)
from showup.people import selectors, services
from showup.people.decorators import admin_required
from showup.people.forms import PersonForm
from showup.people.models import Person
from showup.people.views import apply_validation_error, signed_in

STATUSES = {
    "active": "Active",
    "not-invited": "Not invited yet",
    "inactive": "Deactivated",
    "all": "Everyone",
}


def safe_next(request: HttpRequest) -> str | None:
    """A path on this site to go back to, or None. Never a view name: `redirect()` would try to reverse it."""
    target = next(iter(request.POST.getlist("next")), "")
    if (
        target.startswith("/")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        and resolves(target)
    ):
        return target
    return None


def resolves(path: str) -> bool:
    try:
        resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return True


@admin_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "active")
    if status not in STATUSES:
        status = "active"
    query = request.GET.get("q", "").strip()
    people = list(selectors.people_for_admin(query=query, status=status)[:500])
    context = {"people": people, "status": status, "statuses": STATUSES, "query": query}
    return render(request, "accounts/admin/manage.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, initial={"timezone": "UTC"})
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                title=form.cleaned_data["title"],
                timezone_name=form.cleaned_data["timezone"],
                manager=form.cleaned_data["manager"],
                is_admin=form.cleaned_data["is_admin"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, f"{person.name} is added. Send an invitation so they can sign in."
            )
            return redirect("people_admin:edit", person.pk)
    return render(request, "accounts/admin/person_form.html", {"form": form, "person": None})


@admin_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id)
    initial = {
        "name": person.name,
        "email": person.email,
        "title": person.title,
        "timezone": person.timezone,
        "manager": person.manager_id,
        "is_admin": person.is_admin,
    }
    form = PersonForm(request.POST or None, initial=initial, person=person)
    if request.method == "POST" and form.is_valid():
        old_email = person.email
        try:
            services.person_update(
                person=person,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                title=form.cleaned_data["title"],
                timezone_name=form.cleaned_data["timezone"],
                manager=form.cleaned_data["manager"],
                is_admin=form.cleaned_data["is_admin"],
                by=signed_in(request),
            )
        except ValidationError as error:
            person.refresh_from_db()
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{person.name} is saved.{_email_note(person, old_email)}")
            return redirect("people_admin:manage")
    reports = list(selectors.person_reports(person=person))
    return render(
        request,
        "accounts/admin/person_form.html",
        {"form": form, "person": person, "reports": reports},
    )


def _email_note(person: Person, old_email: str) -> str:
    if person.email == old_email:
        return ""
    note = f" They are signed out everywhere, and {old_email} is told of the change."
    refusal = password_link_refusal(person=person)
    return f"{note} {refusal}" if refusal else note


@admin_required
@require_POST
def person_deactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id, is_active=True)
    try:
        services.person_deactivate(person=person, by=signed_in(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people_admin:edit", person.pk)
    reports = selectors.person_reports(person=person).count()
    note = f" {reports} people still report to them: give them a new manager." if reports else ""
    messages.success(
        request, f"{person.name} is deactivated and signed out. Their history is kept.{note}"
    )
    return redirect("people_admin:edit", person.pk)


@admin_required
@require_POST
def person_reactivate(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id, is_active=False)
    services.person_reactivate(person=person)
    messages.success(request, f"{person.name} can sign in again.")
    return redirect("people_admin:edit", person.pk)


@admin_required
@require_POST
def person_invite(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id, is_active=True)
    back = safe_next(request) or reverse("people_admin:manage")
    try:
        invitation_send(person=person, invited_by=signed_in(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request, f"An invitation is on its way to {person.email}. Older links stop working."
    )
    return redirect(back)


@admin_required
@require_POST
def invite_pending(request: HttpRequest) -> HttpResponse:
    count = invitations_send_pending(invited_by=signed_in(request))
    messages.success(
        request, f"Invitations sent to {count} {'person' if count == 1 else 'people'}."
    )
    return redirect("people_admin:manage")
