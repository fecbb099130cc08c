from django.urls import path

from showup.notes import views

app_name = "notes"

urlpatterns = [
    path("occurrences/<id:occurrence_id>/notes/<str:which>/", views.note_update, name="save"),
    path(
        "occurrences/<id:occurrence_id>/notes/<str:which>/current/",
        views.note_current,
        name="current",
    ),
    path("notes/preview/", views.note_preview, name="preview"),
]
