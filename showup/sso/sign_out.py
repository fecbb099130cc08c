"""Signing out: Showup's session ends; the provider's own sign-out is offered when it has one."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from showup.sso.config import sso_settings
from showup.sso.discovery import DiscoveryProblem, discovery_document
from showup.sso.services import signed_in_with_sso

ID_TOKEN_KEY = "showup_sso_id_token"  # noqa: S105 -- a session key, not a secret
PROVIDER_SIGN_OUT_KEY = "showup_sso_provider_sign_out"


def provider_sign_out_url(request: HttpRequest) -> str | None:
    """The provider's end-session link for this session, read before the session ends."""
    id_token = request.session.get(ID_TOKEN_KEY)
    config = sso_settings()
    if not id_token or not config.configured or not signed_in_with_sso(session=request.session):
        return None
    try:
        endpoint = discovery_document(config).get("end_session_endpoint")
    except DiscoveryProblem:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": config.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:sign-in")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def offer_provider_sign_out(request: HttpRequest, url: str | None) -> HttpResponse | None:
    """After Showup's sign-out: a page with the provider's sign-out link, or None to go on as usual."""
    if url is None:
        return None
    request.session[PROVIDER_SIGN_OUT_KEY] = url
    return redirect("sso:signed-out")
