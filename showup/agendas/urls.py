from django.urls import path

from showup.agendas import views

app_name = "agendas"

urlpatterns = [
    path("occurrences/<id:occurrence_id>/agenda/", views.agenda, name="agenda"),
    path("occurrences/<id:occurrence_id>/points/", views.point_add, name="point-add"),
    path(
        "occurrences/<id:occurrence_id>/points/<id:point_id>/edit/",
        views.point_edit,
        name="point-edit",
    ),
    path(
        "occurrences/<id:occurrence_id>/points/<id:point_id>/delete/",
        views.point_delete,
        name="point-delete",
    ),
    path(
        "occurrences/<id:occurrence_id>/points/<id:point_id>/discussed/",
        views.point_discussed,
        name="point-discussed",
    ),
    path(
        "occurrences/<id:occurrence_id>/points/<id:point_id>/keep/",
        views.point_keep,
        name="point-keep",
    ),
    path(
        "occurrences/<id:occurrence_id>/points/<id:point_id>/move/",
        views.point_move,
        name="point-move",
    ),
    path("occurrences/<id:occurrence_id>/recurring/", views.recurring_add, name="recurring-add"),
    path(
        "occurrences/<id:occurrence_id>/recurring/<id:point_id>/delete/",
        views.recurring_remove,
        name="recurring-remove",
    ),
]
