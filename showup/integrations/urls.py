from django.urls import path

from showup.integrations import views

app_name = "integrations"

urlpatterns = [
    path("settings/webhooks/", views.own_webhooks, name="webhooks"),
    path("admin/webhooks/", views.company_webhooks, name="company-webhooks"),
    path("webhooks/<id:subscription_id>/", views.webhook_detail, name="webhook"),
    path("webhooks/<id:subscription_id>/test/", views.webhook_test, name="webhook-test"),
    path("webhooks/<id:subscription_id>/delete/", views.webhook_delete, name="webhook-delete"),
    path(
        "webhooks/<id:subscription_id>/deliveries/<id:delivery_id>/resend/",
        views.delivery_resend_view,
        name="delivery-resend",
    ),
    path("settings/chat/", views.chat_settings, name="chat"),
    path("settings/chat/test/", views.chat_test, name="chat-test"),
    path("settings/chat/remove/", views.chat_remove, name="chat-remove"),
]
