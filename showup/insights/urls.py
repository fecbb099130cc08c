from django.urls import path

from showup.insights import views

app_name = "insights"

urlpatterns = [
    path("pairs/<int:pair_id>/insights/", views.pair_insights, name="pair"),
    path("insights/", views.team_insights, name="team"),
    path("insights/org/", views.org_insights, name="org"),
    path("occurrences/<int:occurrence_id>/check-in/", views.check_in, name="check-in"),
    path("occurrences/<int:occurrence_id>/rating/", views.rate, name="rating"),
]
