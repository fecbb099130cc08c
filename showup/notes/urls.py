from django.urls import path

from showup.notes import views

app_name = "notes"

urlpatterns = [
    path("occurrences/<id:occurrence_id>/notes/<str:which>/", views.note_update, name="save"),
    path("notes/preview/", views.note_preview, name="preview"),
]
