from django.urls import path

from showup.sso import admin_views, views

app_name = "sso"

urlpatterns = [
    path("sso/start/", views.SsoStartView.as_view(), name="start"),
    path("sso/callback/", views.callback, name="callback"),
    path("sso/signed-out/", views.signed_out, name="signed-out"),
    path("admin/sso/", admin_views.status, name="status"),
    path("admin/sso/required/", admin_views.required_update, name="required"),
]
