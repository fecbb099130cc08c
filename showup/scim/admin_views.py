"""The admin's SCIM screens: tokens (made, shown once, revoked) and the provisioning log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from showup.core.resend import mark_refused, mark_secret
from showup.people.decorators import admin_required
from showup.people.views import signed_in
from showup.scim import selectors
from showup.scim import tokens as token_services
from showup.scim.models import ScimToken

LOG_PAGE = 100


def _page(
    request: HttpRequest, *, new: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "tokens": list(selectors.tokens_for_admin()),
        "new": new,
        "base_url": request.build_absolute_uri(reverse("scim:users")).removesuffix("/Users"),
    }
    response = render(request, "scim/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the secret must not stay in a cache
    return response


@admin_required
@require_GET
def tokens(request: HttpRequest) -> HttpResponse:
    return _page(request)


@admin_required
@require_POST
def token_new(request: HttpRequest) -> HttpResponse:
    """The new secret is in this answer only: never in the session nor in the stored answer
    a resent form would get (it gets "already sent and done")."""
    try:
        token, secret = token_services.token_create(
            name=request.POST.get("name", ""), by=signed_in(request)
        )
    except ValidationError as error:
        mark_refused(request)
        messages.error(request, " ".join(error.messages))
        return _page(request, status=400)
    mark_secret(request)
    return _page(request, new={"name": token.name, "secret": secret})


@admin_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ScimToken, pk=token_id)
    token_services.token_revoke(token=token, by=signed_in(request))
    messages.success(request, f"“{token.name}” is revoked: it is refused from now on.")
    return redirect("scim-admin:tokens")


@admin_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.provisioning_log(), LOG_PAGE).get_page(request.GET.get("page"))
    return render(request, "scim/log.html", {"page": page, "events": list(page.object_list)})
