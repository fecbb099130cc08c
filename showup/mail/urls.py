from django.urls import path

from showup.mail import views

app_name = "mail"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<id:message_id>/retry/", views.retry, name="retry"),
]
