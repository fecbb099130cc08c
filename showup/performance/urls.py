from django.urls import path

from showup.performance import views

app_name = "performance"

urlpatterns = [
    path("pairs/<id:pair_id>/performance/", views.pair_performance, name="pair"),
    path("pairs/<id:pair_id>/reviews/new/", views.review_new, name="review-new"),
    path("observations/<id:observation_id>/amend/", views.observation_amend, name="amend"),
    path("observations/<id:observation_id>/raise/", views.observation_raise, name="raise"),
    path(
        "observations/<id:observation_id>/acknowledge/",
        views.observation_acknowledge,
        name="acknowledge",
    ),
    path("reviews/<id:review_id>/", views.review_detail, name="review"),
    path("reviews/<id:review_id>/points/", views.review_point_add, name="point-add"),
    path(
        "reviews/<id:review_id>/points/<id:point_id>/remove/",
        views.review_point_remove,
        name="point-remove",
    ),
    path("reviews/<id:review_id>/share/", views.review_share, name="share"),
    path("team/concerns/", views.team_concerns, name="team"),
]
