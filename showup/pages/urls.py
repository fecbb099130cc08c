from django.urls import path

from showup.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("occurrences/<id:occurrence_id>/", views.occurrence_detail, name="occurrence"),
    path("occurrences/<id:occurrence_id>/live/", views.occurrence_live, name="occurrence-live"),
    path(
        "occurrences/<id:occurrence_id>/live/stream/",
        views.occurrence_live_stream,
        name="occurrence-live-stream",
    ),
    path("pairs/<id:pair_id>/", views.pair_detail, name="pair"),
    path("people/<id:person_id>/", views.person_detail, name="person"),
    path("help/<slug:name>/", views.help_page, name="help"),
]
