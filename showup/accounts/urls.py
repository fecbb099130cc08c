from django.contrib.auth.decorators import login_not_required
from django.urls import path

from showup.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", login_not_required(views.SignInView.as_view()), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("reset/", login_not_required(views.ResetRequestView.as_view()), name="reset"),
    path("reset/sent/", login_not_required(views.ResetSentView.as_view()), name="reset-sent"),
    path(
        "reset/<uidb64>/<token>/",
        login_not_required(views.ResetConfirmView.as_view()),
        name="reset-confirm",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        login_not_required(views.InvitationView.as_view()),
        name="invitation",
    ),
]
