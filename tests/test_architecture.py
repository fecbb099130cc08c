"""The code's own shape, read from the source: where 1:1 content is read, and how changes spread.

The layers between apps are import-linter's contract (pyproject.toml, `make
lint`). These tests keep two rules import-linter cannot see:

- a view, API route, receiver, job, template tag or command never queries a
  content model itself: it asks a selector, where the privacy rules live;
- no app listens to another app's `post_save`: a change spreads by the
  domain signal its service sends;
- a selector handed a pair, a 1:1 or a review also takes the reader, and
  checks them with the one rule (`meetings.selectors.pair_read_by`);
- the apps import each other in loops of at most two.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models import ForeignObjectRel

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


QUERY_METHODS = {
    "aggregate", "all", "annotate", "count", "create", "delete", "earliest", "exclude",
    "exists", "filter", "first", "get", "in_bulk", "iterator", "last", "latest", "order_by",
    "prefetch_related", "select_related", "update", "values", "values_list",
}  # fmt: skip


def related_managers() -> set[str]:
    """The names by which any model reaches rows of a content model: `pair.points`, `review.observations`."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            target = field.related_model
            if target is None or target._meta.app_label not in CONTENT_APPS:
                continue
            if isinstance(field, ForeignObjectRel):
                names.add(field.get_accessor_name() or "")
            elif field.many_to_many:
                names.add(field.name)
    return names


def content_queries(
    path: Path, root: Path = PACKAGE, reached: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """Queries of content models in one module, as "file:line Model" or "file:line .accessor".

    Both `Model.objects` and a related manager (`pair.points.filter(...)`) count.
    """
    tree = ast.parse(path.read_text())
    models = _content_models(tree)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("objects", "_default_manager")
            and isinstance(node.value, ast.Name)
            and node.value.id in models
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno} {node.value.id}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in QUERY_METHODS
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr in reached
        ):
            found.append(f"{path.relative_to(root)}:{node.lineno} .{node.func.value.attr}")
    return found


def test_no_surface_queries_a_content_model_itself() -> None:
    reached = related_managers()
    found = [
        query
        for path in _modules()
        if _is_surface(path) and str(path.relative_to(PACKAGE)) not in ALLOWED
        for query in content_queries(path, reached=reached)
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


def test_the_related_manager_check_sees_one(tmp_path: Path) -> None:
    planted = tmp_path / "views.py"
    planted.write_text(
        "def page(request, pair):\n    return pair.points.filter(is_private=False)\n"
    )
    assert "points" in related_managers()
    assert content_queries(planted, tmp_path, reached=related_managers()) == ["views.py:2 .points"]


# Parameters that hand a selector one pair's rows, and the names a reader goes by.
HANDED = {"pair", "occurrence", "review", "series", "occurrences", "pairs"}
READER = {"reader", "person", "manager"}
# Selectors handed pairs or 1:1s without a reader, each with its reason.
TRUSTED_SELECTORS = {
    "actions.actions_of_occurrences": "history's chapters, for 1:1s history_occurrences gave the reader",
    "agendas.shared_points_of": "shared points only, which both people in the pair read: reminders",
    "agendas.member_first": "orders points already read; reads nothing",
    "agendas.member_and_lead": "splits points already read; reads nothing",
    "agendas.is_members": "whose side a point already read is on; reads nothing",
    "feedback.open_blockers_of_pairs": "counts for the manager's own pairs (insights, led_pairs)",
    "insights.numbers_by_pair": "numbers for pairs the team and org views chose by the reader",
    "insights.follow_through_by_pair": "numbers for pairs the team and org views chose by the reader",
    "insights.current_series_by_pair": "schedules for pairs the team and org views chose by the reader",
    "insights.occurrences_of_pairs": "dates for the attention list's pairs, led_pairs(manager)",
    "insights.ratings_of_pairs": "scores for the attention list's pairs, led_pairs(manager)",
    "insights.summaries_of": "counts for pairs the team and org views chose by the reader",
    "insights.recent_meetings_by_pair": "dates for the attention list's pairs, led_pairs(manager)",
    "insights.recent_points_by_pair": "who wrote shared points and when, never the text",
    "insights.pulse_is_asked": "a rule about the pair's relation; reads nothing",
    "meetings.gap_alert": "days and the agreed gap of a series the caller read",
    "performance.review_points": "a review review_get(person=...) gave, with the review's rule",
    "performance.concerns_raised_in": "a count for a review review_get(person=...) gave",
    "performance.unraised_concerns_of_pairs": "the attention list's pairs, led_pairs(manager)",
    "performance.draft_review_surprises": "the attention list's pairs, led_pairs(manager)",
}


def selectors_without_reader(root: Path = PACKAGE) -> set[str]:
    found = set()
    for path in sorted(root.glob("*/selectors.py")):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            names = {argument.arg for argument in arguments}
            if names & HANDED and not names & READER:
                found.add(f"{path.parent.name}.{node.name}")
    return found


def test_a_selector_handed_a_pair_takes_the_reader() -> None:
    untrusted = selectors_without_reader() - TRUSTED_SELECTORS.keys()
    assert untrusted == set(), "add reader= and start with pair_read_by: " + ", ".join(untrusted)
    stale = TRUSTED_SELECTORS.keys() - selectors_without_reader()
    assert stale == set(), "no longer needs its reason: " + ", ".join(stale)


def test_the_reader_check_sees_a_planted_selector(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "selectors.py").write_text(
        "def note_of(*, occurrence):\n    ...\ndef notes_for(*, occurrence, person):\n    ...\n"
    )
    assert selectors_without_reader(tmp_path) == {"notes.note_of"}


@pytest.mark.django_db
def test_a_selector_handed_another_pair_answers_not_found() -> None:
    from datetime import date

    from showup.feedback.selectors import feedback_of_pair
    from showup.meetings.models import Pair
    from tests.factories import PersonFactory, weekly_series

    pair = weekly_series(
        PersonFactory.create(), PersonFactory.create(), first_day=date(2026, 3, 2)
    ).pair
    with pytest.raises(Pair.DoesNotExist):
        feedback_of_pair(pair=pair, reader=PersonFactory.create())
    assert list(feedback_of_pair(pair=pair, reader=pair.member)) == []


# Apps that import each other in a loop: the most there may be in one.
LARGEST_LOOP = 2


def app_imports(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Which apps each app imports, tests and migrations aside."""
    edges: dict[str, set[str]] = {}
    for path in _modules():
        app = path.relative_to(root).parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            modules = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )  # fmt: skip
            for module in modules:
                parts = module.split(".")
                if parts[0] == "showup" and len(parts) > 2 and parts[1] != app:
                    edges.setdefault(app, set()).add(parts[1])
    return edges


def import_loops(edges: dict[str, set[str]]) -> list[set[str]]:
    """The groups of apps that import one another, directly or round a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[set[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in edges.get(app, ()):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = set()
            while (member := stack.pop()) != app:
                group.add(member)
            loops.append(group | {app})

    for app in list(edges):
        if app not in index:
            visit(app)
    return [group for group in loops if len(group) > 1]


def test_no_import_loop_joins_more_than_two_apps() -> None:
    too_big = [sorted(group) for group in import_loops(app_imports()) if len(group) > LARGEST_LOOP]
    assert too_big == [], f"these apps import each other round a loop: {too_big}"


def test_the_loop_check_sees_a_planted_loop() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_loops(edges) == [{"a", "b", "c"}]


# Services and selectors are called with keyword arguments only, so a call
# reads as a sentence and a changed signature fails loudly. These few take one
# positional argument, each for its reason.
POSITIONAL_ALLOWED = {
    "accounts.services.absolute_url": "formats a path; reads nothing",
    "agendas.selectors.readable_points": "a Q written into filters: filter(readable_points(person))",
    "agendas.selectors.member_first": "orders points already read; reads nothing",
    "calendars.services.backoff": "arithmetic on a failure count",
    "calendars.services.question_answers": "the choices a question offers; reads nothing",
    "calendars.selectors.connection_of": "the reader's own connection",
    "calendars.selectors.questions_open": "the reader's own questions",
    "feedback.services.clean_text": "normalises text; reads nothing",
    "insights.selectors.period_key": "parses a query-string value",
    "insights.selectors.period_start": "date arithmetic",
    "insights.selectors.pulse_is_asked": "a rule about the pair's relation; reads nothing",
    "invitations.services.thread_of": "the invitation thread of a series the caller holds",
    "invitations.services.thread_next_sequence": "a counter on a thread the caller holds",
    "mail.services.mail_leases_renew": "the worker's own leases",
    "mail.services.retry_delay": "arithmetic on an attempt count",
    "meetings.selectors.pairs_of": "the pair rule, written into filters everywhere",
    "meetings.selectors.gap_alert": "days and the agreed gap of a series the caller read",
    "meetings.services.schedule_of": "a series' schedule as a value",
    "notes.selectors.readable_notes": "a Q written into filters",
    "performance.selectors.readable_observations": "a Q written into filters",
    "performance.selectors.readable_reviews": "a Q written into filters",
}


def positional_functions(root: Path = PACKAGE) -> set[str]:
    found = set()
    for path in sorted([*root.glob("*/services.py"), *root.glob("*/selectors.py")]):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            if node.args.posonlyargs or node.args.args:
                found.add(f"{path.parent.name}.{path.stem}.{node.name}")
    return found


def test_services_and_selectors_take_keyword_arguments() -> None:
    positional = positional_functions()
    assert positional - POSITIONAL_ALLOWED.keys() == set(), "make these keyword-only (*,)"
    assert POSITIONAL_ALLOWED.keys() - positional == set(), "these need no reason any more"
