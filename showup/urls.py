from django.urls import include, path

from showup.api.api import api_urls

urlpatterns = [
    path("", include("showup.core.urls")),
    path("", include("showup.pages.urls")),
    path("accounts/", include("showup.accounts.urls")),
    path("people/", include("showup.people.urls")),
    path("people/", include("showup.accounts.admin_urls")),
    path("admin/mail/", include("showup.mail.urls")),
    path("admin/scim/", include("showup.scim.admin_urls")),
    path("scim/v2/", include("showup.scim.urls")),
    path("admin/invitations/", include("showup.invitations.urls")),
    path("", include("showup.meetings.urls")),
    path("", include("showup.agendas.urls")),
    path("", include("showup.notes.urls")),
    path("", include("showup.actions.urls")),
    path("", include("showup.history.urls")),
    path("", include("showup.feedback.urls")),
    path("", include("showup.performance.urls")),
    path("", include("showup.careers.urls")),
    path("", include("showup.insights.urls")),
    path("", include("showup.notifications.urls")),
    path("api/v1/", api_urls()),
    path("", include("showup.api.urls")),
    path("", include("showup.calendars.urls")),
    path("", include("showup.sso.urls")),
    path("", include("showup.integrations.urls")),
]

handler404 = "showup.core.errors.not_found"
handler500 = "showup.core.errors.server_error"
handler403 = "showup.core.errors.forbidden"
