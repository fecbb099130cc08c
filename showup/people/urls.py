from django.urls import path

from showup.people import views

app_name = "people"

urlpatterns = [
    path("", views.org_chart, name="org-chart"),
    path("me/timezone/", views.timezone_update, name="timezone"),
]
