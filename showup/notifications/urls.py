from django.urls import path

from showup.notifications import views

app_name = "notifications"

urlpatterns = [
    path("n/<str:token>/", views.go, name="go"),
    path("n/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("settings/reminders/", views.preferences, name="settings"),
]
