from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People, their reporting lines, and the org chart import."""

    name = "showup.people"
    label = "people"
