"""The person's API tokens page: make one (its secret shown this once), see when each was last used, revoke."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from showup.api.forms import TokenForm
from showup.api.models import AccessToken
from showup.api.selectors import tokens_of
from showup.api.services import token_issue, token_revoke
from showup.core.converters import id_from
from showup.core.resend import mark_refused, mark_secret
from showup.meetings.errors import MeetingError
from showup.meetings.views.common import viewer
from showup.sso.services import signed_in_with_sso


def _page(
    request: HttpRequest, form: TokenForm, *, secret: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "tokens": tokens_of(person=viewer(request)),
        "secret": secret,
        "now": timezone.now(),
        "rate_limit": settings.API_RATE_LIMIT,
    }
    response = render(request, "api/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def tokens(request: HttpRequest) -> HttpResponse:
    return _page(request, TokenForm())


def made_with(request: HttpRequest) -> str:
    """How the maker is signed in: requiring single sign-on later may stop password-made tokens."""
    if signed_in_with_sso(session=request.session):
        return AccessToken.MadeWith.SSO
    return AccessToken.MadeWith.PASSWORD


@require_POST
def token_new(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        mark_refused(request)
        return _page(request, form, status=400)
    try:
        issued = token_issue(
            person=viewer(request),
            now=timezone.now(),
            made_with=made_with(request),
            **form.cleaned_data,
        )
    except MeetingError as error:
        mark_refused(request)
        form.add_error(None, str(error))
        return _page(request, form, status=400)
    mark_secret(request)
    return _page(request, TokenForm(), secret=issued.secret)


@require_POST
def token_stop(request: HttpRequest) -> HttpResponse:
    token_id = id_from(request.POST.get("token", ""))
    stopped = token_id is not None and token_revoke(
        person=viewer(request), token_id=token_id, now=timezone.now()
    )
    if stopped:
        messages.success(request, "The token is revoked. It stopped working at once.")
    else:
        messages.error(request, "That token was already revoked.")
    return redirect("api:tokens")
