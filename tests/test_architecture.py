"""The code's own shape, read from the source: where 1:1 content is read, and how changes spread.

The layers between apps are import-linter's contract (pyproject.toml, `make
lint`). These tests keep two rules import-linter cannot see:

- a view, API route, receiver, job, template tag or command never queries a
  content model itself: it asks a selector, where the privacy rules live;
- no app listens to another app's `post_save`: a change spreads by the
  domain signal its service sends.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "showup"
# The apps whose models hold 1:1s and what is said in them.
CONTENT_APPS = {
    "actions",
    "agendas",
    "careers",
    "feedback",
    "history",
    "insights",
    "meetings",
    "notes",
    "performance",
}
# Modules that answer the outside world or run unasked: they read through selectors.
SURFACE_NAMES = {"views.py", "admin_views.py", "import_views.py", "receivers.py", "jobs.py"}
SURFACE_FOLDERS = {"views", "routes", "templatetags", "commands"}
# Surfaces allowed to query a content model, each with its reason.
ALLOWED: dict[str, str] = {}


def _modules() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = set(path.relative_to(PACKAGE).parts)
        if "tests" not in parts and "migrations" not in parts:
            yield path


def _is_surface(path: Path) -> bool:
    return path.name in SURFACE_NAMES or path.parent.name in SURFACE_FOLDERS


def _content_models(tree: ast.AST) -> set[str]:
    """Names this module imported from a content app's models."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(".models"):
            parts = (node.module or "").split(".")
            if parts[0] == "showup" and parts[1] in CONTENT_APPS:
                names.update(alias.asname or alias.name for alias in node.names)
    return names


def content_queries(path: Path, root: Path = PACKAGE) -> list[str]:
    """`Model.objects` uses of content models in one module, as "file:line Model"."""
    tree = ast.parse(path.read_text())
    models = _content_models(tree)
    return [
        f"{path.relative_to(root)}:{node.lineno} {node.value.id}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("objects", "_default_manager")
        and isinstance(node.value, ast.Name)
        and node.value.id in models
    ]


def test_no_surface_queries_a_content_model_itself() -> None:
    found = [
        query
        for path in _modules()
        if _is_surface(path) and str(path.relative_to(PACKAGE)) not in ALLOWED
        for query in content_queries(path)
    ]
    assert found == [], "read these through the app's selectors:\n" + "\n".join(found)


def _post_save_receivers(path: Path, root: Path = PACKAGE) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        names = [arg.id for arg in node.args if isinstance(arg, ast.Name)]
        if {"post_save", "post_delete", "pre_save", "pre_delete"} & set(names):
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_no_app_hooks_into_model_saves() -> None:
    found = [hook for path in _modules() for hook in _post_save_receivers(path)]
    assert found == [], "send a domain signal from the service instead:\n" + "\n".join(found)


def test_the_checks_see_what_they_look_for(tmp_path: Path) -> None:
    """Both checks find a planted example, so an empty answer means something."""
    planted = tmp_path / "views.py"
    planted.write_text(
        "from django.db.models.signals import post_save\n"
        "from showup.agendas.models import TalkingPoint\n"
        "def page(request):\n"
        "    return TalkingPoint.objects.all()\n"
        "@receiver(post_save, sender=TalkingPoint)\n"
        "def hook(sender, **kw): pass\n"
    )
    assert _is_surface(planted)
    assert content_queries(planted, tmp_path) == ["views.py:4 TalkingPoint"]
    assert _post_save_receivers(planted, tmp_path) == ["views.py:5"]
