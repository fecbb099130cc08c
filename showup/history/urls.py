from django.urls import path

from showup.history import views

app_name = "history"

urlpatterns = [
    path("pairs/<id:pair_id>/history/", views.timeline, name="timeline"),
    path("pairs/<id:pair_id>/print/", views.print_view, name="print"),
    path("pairs/<id:pair_id>/export.md", views.export_markdown, name="export"),
    path("search/", views.search, name="search"),
]
