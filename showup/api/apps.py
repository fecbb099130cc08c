from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "showup.api"
    label = "api"
    verbose_name = "JSON API"
