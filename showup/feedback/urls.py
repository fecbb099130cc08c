from django.urls import path

from showup.feedback import views

app_name = "feedback"

urlpatterns = [
    path("pairs/<id:pair_id>/feedback/", views.pair_feedback, name="pair"),
    path("pairs/<id:pair_id>/blockers/", views.pair_blockers, name="blockers"),
    path("feedback/", views.my_feedback, name="mine"),
    path("feedback/<id:feedback_id>/answer/", views.feedback_answer, name="answer"),
    path("feedback/<id:feedback_id>/discussed/", views.feedback_discussed, name="discussed"),
    path("blockers/<id:blocker_id>/resolve/", views.blocker_resolve, name="resolve"),
    path("blockers/<id:blocker_id>/decline/", views.blocker_decline, name="decline"),
    path("team/", views.team, name="team"),
]
