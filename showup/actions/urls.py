from django.urls import path

from showup.actions import views

app_name = "actions"

urlpatterns = [
    path("occurrences/<int:occurrence_id>/actions/", views.actions, name="list"),
    path("occurrences/<int:occurrence_id>/actions/new/", views.action_add, name="add"),
    path(
        "occurrences/<int:occurrence_id>/actions/<int:item_id>/done/",
        views.action_done,
        name="done",
    ),
    path(
        "occurrences/<int:occurrence_id>/actions/<int:item_id>/delete/",
        views.action_delete,
        name="delete",
    ),
]
