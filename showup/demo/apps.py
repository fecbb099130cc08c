from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`showup demo`: a believable company with months of 1:1 history, for trying Showup out."""

    name = "showup.demo"
    label = "demo"
