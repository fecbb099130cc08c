from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The pages that gather many apps' parts: home, the 1:1 page and its panel, the pair page, a person.

    They sit above every domain app and the ways out, so no domain app ever
    imports them (import-linter's layers contract in pyproject.toml).
    """

    name = "showup.pages"
    label = "pages"
