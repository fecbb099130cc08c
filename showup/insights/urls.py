from django.urls import path

from showup.insights import views

app_name = "insights"

urlpatterns = [
    path("pairs/<id:pair_id>/insights/", views.pair_insights, name="pair"),
    path("insights/", views.team_insights, name="team"),
    path("insights/org/", views.org_insights, name="org"),
    path("occurrences/<id:occurrence_id>/check-in/", views.check_in, name="check-in"),
    path("occurrences/<id:occurrence_id>/rating/", views.rate, name="rating"),
]
