from django.urls import path

from showup.careers import views

app_name = "careers"

urlpatterns = [
    path("pairs/<id:pair_id>/career/", views.pair_career, name="pair"),
    path("pairs/<id:pair_id>/career/milestones/", views.milestone_add, name="milestone-add"),
    path("milestones/<id:milestone_id>/status/", views.milestone_status, name="milestone-status"),
    path("milestones/<id:milestone_id>/commitments/", views.commitment_add, name="commitment-add"),
    path(
        "occurrences/<id:occurrence_id>/career-conversation/",
        views.conversation_mark,
        name="conversation",
    ),
]
