from django.apps import AppConfig


class ScimConfig(AppConfig):
    """SCIM 2.0 provisioning: the identity provider keeps people and the org chart up to date."""

    name = "showup.scim"
    label = "scim"
