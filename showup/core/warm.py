"""Loading at start-up what a first request would otherwise load (see showup/wsgi.py)."""

from pathlib import Path

from django.apps import apps
from django.template import engines
from django.urls import get_resolver


def warm_up() -> int:
    """Imports every URL module and view, and compiles every template; returns how many templates."""
    get_resolver().reverse_dict  # noqa: B018 -- builds every resolver, importing every view
    return sum(_compile(directory) for directory in _template_dirs())


def _template_dirs() -> list[Path]:
    return [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if app.name.startswith("showup.") and (Path(app.path) / "templates").is_dir()
    ]


def _compile(directory: Path) -> int:
    engine = engines["django"]
    names = [str(path.relative_to(directory)) for path in directory.rglob("*.html")]
    for name in names:
        engine.get_template(name)  # kept by the cached loader for every request after
    return len(names)
