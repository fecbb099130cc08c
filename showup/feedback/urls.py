from django.urls import path

from showup.feedback import views

app_name = "feedback"

urlpatterns = [
    path("pairs/<int:pair_id>/feedback/", views.pair_feedback, name="pair"),
    path("pairs/<int:pair_id>/blockers/", views.pair_blockers, name="blockers"),
    path("feedback/", views.my_feedback, name="mine"),
    path("feedback/<int:feedback_id>/answer/", views.feedback_answer, name="answer"),
    path("feedback/<int:feedback_id>/discussed/", views.feedback_discussed, name="discussed"),
    path("blockers/<int:blocker_id>/resolve/", views.blocker_resolve, name="resolve"),
    path("blockers/<int:blocker_id>/decline/", views.blocker_decline, name="decline"),
    path("team/", views.team, name="team"),
]
