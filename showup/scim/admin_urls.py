from django.urls import path

from showup.scim import admin_views

app_name = "scim-admin"

urlpatterns = [
    path("", admin_views.tokens, name="tokens"),
    path("new/", admin_views.token_new, name="token-new"),
    path("<id:token_id>/revoke/", admin_views.token_revoke, name="token-revoke"),
    path("log/", admin_views.log, name="log"),
]
