"""The SCIM endpoint, mounted at /scim/v2/. Paths have no trailing slash: providers call them so."""

from django.urls import path, re_path

from showup.scim import views

app_name = "scim"

urlpatterns = [
    path("ServiceProviderConfig", views.service_provider_config, name="service-provider-config"),
    path("ResourceTypes", views.resource_types, name="resource-types"),
    path("ResourceTypes/<str:name>", views.resource_type, name="resource-type"),
    path("Schemas", views.schemas, name="schemas"),
    path("Schemas/<str:schema_id>", views.schema, name="schema"),
    path("Users", views.users, name="users"),
    path("Users/.search", views.not_implemented, name="users-search"),
    path("Users/<str:user_id>", views.user, name="user"),
    path("Groups", views.groups, name="groups"),
    path("Groups/<str:group_id>", views.groups, name="group"),
    path("Bulk", views.not_implemented, name="bulk"),
    path("Me", views.not_implemented, name="me"),
    path(".search", views.not_implemented, name="search"),
    # Anything else under /scim/v2/ is a SCIM 404, never the site's HTML page.
    re_path(r"^.*$", views.unknown, name="unknown"),
]
