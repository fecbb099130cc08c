"""Sign-in through the provider: start, callback, and the page after signing out."""

import time
from typing import Any

from django.contrib import auth
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from showup.people.models import Person
from showup.sso.backends import SsoBackend
from showup.sso.config import issuer_in_the_clear, sso_settings
from showup.sso.discovery import DiscoveryProblem, discovery_document
from showup.sso.models import Refusal
from showup.sso.oidc import oidc_setting
from showup.sso.refusals import SignInRefused
from showup.sso.services import SIGNED_IN_WITH, refusal_record, sign_in_record
from showup.sso.sign_out import ID_TOKEN_KEY, PROVIDER_SIGN_OUT_KEY

BACKEND = "showup.sso.backends.SsoBackend"
# A sign-in started longer ago than this is refused: its state and nonce are old.
STATE_MAX_AGE_SECONDS = 600


def refused_page(request: HttpRequest, refusal: SignInRefused) -> HttpResponse:
    refusal_record(reason=refusal.reason)
    context = {"message": refusal.message, "label": sso_settings().button_label}
    return render(request, "sso/refused.html", context, status=403)


@method_decorator(login_not_required, name="dispatch")
class SsoStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # endpoints come from discovery, per request

    def get(self, request: HttpRequest) -> HttpResponse:
        config = sso_settings()
        try:
            if not config.configured or issuer_in_the_clear(config.issuer):
                raise DiscoveryProblem("not configured")
            document = discovery_document(config)
        except DiscoveryProblem:
            return refused_page(request, SignInRefused(Refusal.NOT_CONFIGURED))
        self.OIDC_OP_AUTH_ENDPOINT = document["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = config.client_id
        return super().get(request)


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    try:
        person, id_token = signed_in_person(request)
    except SignInRefused as refusal:
        return refused_page(request, refusal)
    next_url = request.session.get("oidc_login_next")
    auth.login(request, person, backend=BACKEND)
    request.session[SIGNED_IN_WITH] = "sso"
    request.session[ID_TOKEN_KEY] = id_token
    sign_in_record(person=person)
    return HttpResponseRedirect(next_url or resolve_url("pages:home"))


def signed_in_person(request: HttpRequest) -> tuple[Person, str]:
    """The person the provider vouches for, or SignInRefused. The state is used up first."""
    pending = state_used_up(request)
    if request.GET.get("error"):
        raise SignInRefused(Refusal.PROVIDER_ERROR)
    if pending is None or not request.GET.get("code"):
        raise SignInRefused(Refusal.STATE)
    if time.time() - pending.get("added_on", 0) > STATE_MAX_AGE_SECONDS:
        raise SignInRefused(Refusal.STATE)
    backend = SsoBackend()
    person = backend.authenticate(
        request, nonce=pending.get("nonce"), code_verifier=pending.get("code_verifier")
    )
    if person is None:
        raise SignInRefused(Refusal.STATE)
    return person, backend.id_token


def state_used_up(request: HttpRequest) -> dict[str, Any] | None:
    """Removes the callback's state from the session and saves it, so it never works twice."""
    states = request.session.get("oidc_states")
    state = request.GET.get("state", "")
    if not isinstance(states, dict) or state not in states:
        return None
    pending = states.pop(state)
    request.session.modified = True
    request.session.save()
    return pending


@login_not_required
@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    provider_sign_out = request.session.pop(PROVIDER_SIGN_OUT_KEY, None)
    context = {"provider_sign_out": provider_sign_out, "label": sso_settings().button_label}
    return render(request, "sso/signed_out.html", context)
