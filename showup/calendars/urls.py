from django.urls import path

from showup.calendars import views

app_name = "calendars"

urlpatterns = [
    path("settings/calendar-sync/", views.connection_page, name="connection"),
    path("settings/calendar-sync/disconnect/", views.disconnect, name="disconnect"),
    path(
        "settings/calendar-sync/questions/<id:question_id>/",
        views.question_page,
        name="question",
    ),
]
