"""The admin's single sign-on screen: status, problems, recent refusals, and the SSO-required switch."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from showup.people.decorators import admin_required
from showup.people.views import signed_in
from showup.sso import selectors, services
from showup.sso.config import sso_settings
from showup.sso.discovery import discovery_url
from showup.sso.policy import sso_policy


@admin_required
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    config = sso_settings()
    policy = sso_policy()
    context = {
        "tab": "sso",
        "config": config,
        "discovery_url": discovery_url(config.issuer) if config.issuer else "",
        "policy": policy,
        "problems": selectors.configuration_problems(
            config=config, sso_required=policy.sso_required
        ),
        "last_sign_in": selectors.last_sign_in(),
        "refusals": selectors.refusal_counts(),
        "password_credentials": []
        if policy.sso_required
        else services.password_credentials(now=timezone.now()),
    }
    return render(request, "sso/status.html", context)


@admin_required
@require_POST
def required_update(request: HttpRequest) -> HttpResponse:
    required = request.POST.get("required") == "on"
    try:
        done = services.sso_require(
            required=required,
            by=signed_in(request),
            by_sso=services.signed_in_with_sso(session=request.session),
            stop_password_credentials=request.POST.get("stop_password_credentials") == "on",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sso:status")
    if required:
        stopped = "".join(f" {count} {what} stopped." for what, count in done.credentials)
        messages.success(
            request,
            f"Single sign-on is now required. {done.sessions} password "
            f"session{'s' if done.sessions != 1 else ''} ended.{stopped}",
        )
    else:
        messages.success(request, "Passwords are allowed again.")
    return redirect("sso:status")
