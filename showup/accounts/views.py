from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from showup.accounts.forms import ResetRequestForm, SignInForm
from showup.accounts.services import password_link_refusal
from showup.accounts.tokens import invitation_tokens, password_reset_tokens
from showup.sso.policy import password_refusal
from showup.sso.sign_out import offer_provider_sign_out, provider_sign_out_url


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider_sign_out = provider_sign_out_url(request)  # read before the session ends
        response = super().post(request, *args, **kwargs)
        return offer_provider_sign_out(request, provider_sign_out) or response


class ResetRequestView(auth_views.PasswordResetView):
    template_name = "accounts/reset_request.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:reset-sent")


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    token_generator = password_reset_tokens
    post_reset_login = True
    post_reset_login_backend = "showup.accounts.backends.EmailBackend"
    success_url = reverse_lazy("pages:home")
    extra_context = {"purpose": "reset"}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = self.user and (
            password_refusal(email=self.user.email) or password_link_refusal(person=self.user)
        )
        if refusal:
            return render(
                request, "core/refused.html", {"message": refusal, "back": "/"}, status=403
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        messages.success(self.request, "Your new password is set. You are signed in.")
        return super().form_valid(form)


class InvitationView(ResetConfirmView):
    """The invitation link: set a first password, then straight in."""

    token_generator = invitation_tokens
    reset_url_token = "set-password"  # noqa: S105 -- a URL segment, not a password
    extra_context = {"purpose": "invitation"}

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        messages.success(self.request, "Welcome to Showup. Your password is set.")
        return auth_views.PasswordResetConfirmView.form_valid(self, form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("pages:home")

    def form_valid(self, form):
        messages.success(self.request, "Your password is changed.")
        return super().form_valid(form)
