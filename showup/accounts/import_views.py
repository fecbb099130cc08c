"""Org chart import: upload, preview with every problem listed, then apply."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from showup.accounts.services import invitation_send
from showup.people.decorators import admin_required
from showup.people.forms import ImportApplyForm, ImportUploadForm
from showup.people.org_import import (
    ImportRefused,
    decode_upload,
    org_import_apply,
    org_import_plan,
)
from showup.people.views import signed_in


@admin_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            csv_text = decode_upload(form.cleaned_data["file"].read())
        except ValueError as error:
            form.add_error("file", str(error))
        else:
            return render_preview(request, csv_text)
    return render(request, "accounts/admin/import_upload.html", {"form": form})


def render_preview(request: HttpRequest, csv_text: str) -> HttpResponse:
    plan = org_import_plan(csv_text)
    apply_form = ImportApplyForm(initial={"csv_text": csv_text, "invite_new": True})
    return render(
        request, "accounts/admin/import_preview.html", {"plan": plan, "apply_form": apply_form}
    )


@admin_required
@require_POST
def import_apply(request: HttpRequest) -> HttpResponse:
    form = ImportApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The import form was incomplete. Upload the file again.")
        return redirect("people_admin:import")
    csv_text = form.cleaned_data["csv_text"]
    try:
        result = org_import_apply(csv_text)
    except ImportRefused:
        messages.error(
            request, "The people in Showup changed since the preview. Check the problems below."
        )
        return render_preview(request, csv_text)
    if form.cleaned_data["invite_new"]:
        for person in result.created:
            invitation_send(person=person, invited_by=signed_in(request))
    messages.success(
        request,
        f"Imported: {len(result.created)} added, {len(result.updated)} updated, {result.unchanged} unchanged.",
    )
    return redirect("people_admin:manage")
