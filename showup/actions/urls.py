from django.urls import path

from showup.actions import views

app_name = "actions"

urlpatterns = [
    path("occurrences/<id:occurrence_id>/actions/", views.actions, name="list"),
    path("occurrences/<id:occurrence_id>/actions/new/", views.action_add, name="add"),
    path(
        "occurrences/<id:occurrence_id>/actions/<id:item_id>/done/",
        views.action_done,
        name="done",
    ),
    path(
        "occurrences/<id:occurrence_id>/actions/<id:item_id>/delete/",
        views.action_delete,
        name="delete",
    ),
]
