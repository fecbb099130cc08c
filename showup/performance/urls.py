from django.urls import path

from showup.performance import views

app_name = "performance"

urlpatterns = [
    path("pairs/<int:pair_id>/performance/", views.pair_performance, name="pair"),
    path("pairs/<int:pair_id>/reviews/new/", views.review_new, name="review-new"),
    path("observations/<int:observation_id>/amend/", views.observation_amend, name="amend"),
    path("observations/<int:observation_id>/raise/", views.observation_raise, name="raise"),
    path(
        "observations/<int:observation_id>/acknowledge/",
        views.observation_acknowledge,
        name="acknowledge",
    ),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
    path("reviews/<int:review_id>/points/", views.review_point_add, name="point-add"),
    path(
        "reviews/<int:review_id>/points/<int:point_id>/remove/",
        views.review_point_remove,
        name="point-remove",
    ),
    path("reviews/<int:review_id>/share/", views.review_share, name="share"),
    path("team/concerns/", views.team_concerns, name="team"),
]
