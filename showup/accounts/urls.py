from django.contrib.auth.decorators import login_not_required
from django.urls import path

from showup.accounts import views
from showup.core.resend import own_transactions

app_name = "accounts"

# Checking or hashing a password (Argon2, tens of milliseconds) never runs while holding
# the database's write lock: these views write in their own short transactions.
urlpatterns = [
    path(
        "sign-in/",
        own_transactions(login_not_required(views.SignInView.as_view())),
        name="sign-in",
    ),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path(
        "password/", own_transactions(views.PasswordChangeView.as_view()), name="password-change"
    ),
    path("reset/", login_not_required(views.ResetRequestView.as_view()), name="reset"),
    path("reset/sent/", login_not_required(views.ResetSentView.as_view()), name="reset-sent"),
    path(
        "reset/<uidb64>/<token>/",
        own_transactions(login_not_required(views.ResetConfirmView.as_view())),
        name="reset-confirm",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        own_transactions(login_not_required(views.InvitationView.as_view())),
        name="invitation",
    ),
]
