from django.urls import path

from showup.api import views

app_name = "api"

urlpatterns = [
    path("settings/tokens/", views.tokens, name="tokens"),
    path("settings/tokens/new/", views.token_new, name="token-new"),
    path("settings/tokens/revoke/", views.token_stop, name="token-revoke"),
]
