"""Every URL the app serves, with placeholder arguments, for tests that must cover them all."""

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver, reverse

PLACEHOLDERS = {
    "id": 1,
    "str": "x",
    "string": "x",
    "slug": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}


def _walk(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def all_url_names() -> list[str]:
    return sorted(name for name, _ in _walk(get_resolver().url_patterns))


def placeholder_url(name: str) -> str:
    pattern = dict(_walk(get_resolver().url_patterns))[name]
    converters = pattern.pattern.converters
    kwargs = {
        key: PLACEHOLDERS[type(conv).__name__.replace("Converter", "").lower()]
        for key, conv in converters.items()
    }
    return reverse(name, kwargs=kwargs)


def url_arguments(name: str) -> set[str]:
    pattern = dict(_walk(get_resolver().url_patterns))[name]
    return set(pattern.pattern.converters)
