from django.urls import path

from showup.invitations import views

app_name = "invitations"

urlpatterns = [
    path("", views.company_settings, name="company"),
]
