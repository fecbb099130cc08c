from django.apps import AppConfig


class CareersConfig(AppConfig):
    """Career plans: where a person wants to go, the milestones, and what their manager promised."""

    name = "showup.careers"
    label = "careers"
