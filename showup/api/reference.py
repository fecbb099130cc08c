"""The API reference at /api/v1/docs: the OpenAPI document, rendered on the server.

Swagger UI drew it in the browser with 93 serious accessibility problems
(contrast, buttons inside buttons, no language); this page is plain HTML in
Showup's own layout, readable with a screen reader and without JavaScript, and
still generated from the routes, so it can never disagree with them.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    parameters: list[dict[str, Any]]
    body: str
    responses: list[tuple[str, str, str]]


@dataclass
class Section:
    tag: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Model:
    name: str
    fields: list[tuple[str, str, bool, str]]


def type_of(schema: dict[str, Any]) -> str:
    """A schema in a few words: `PairOut`, `list of PointOut`, `integer or null`."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_of(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    kind = str(schema.get("type", "any"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _body(operation: dict[str, Any]) -> str:
    content: dict[str, Any] = operation.get("requestBody", {}).get("content", {})
    for media in content.values():
        return type_of(media.get("schema", {}))
    return ""


def _responses(operation: dict[str, Any]) -> list[tuple[str, str, str]]:
    answers = []
    for status, response in operation.get("responses", {}).items():
        media: dict[str, Any] = next(iter(response.get("content", {}).values()), {})
        schema = media.get("schema", {})
        answers.append(
            (status, response.get("description", ""), type_of(schema) if schema else "")
        )
    return answers


def sections(schema: dict[str, Any]) -> list[Section]:
    by_tag: dict[str, Section] = {}
    for path, methods in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in methods:
                continue
            operation = methods[method]
            tag = (operation.get("tags") or ["other"])[0]
            by_tag.setdefault(tag, Section(tag)).operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    anchor=operation.get("operationId", f"{method}-{path}"),
                    parameters=operation.get("parameters", []),
                    body=_body(operation),
                    responses=_responses(operation),
                )
            )
    return list(by_tag.values())


def models(schema: dict[str, Any]) -> list[Model]:
    found = []
    for name, model in schema.get("components", {}).get("schemas", {}).items():
        required = set(model.get("required", []))
        fields = [
            (field_name, type_of(spec), field_name in required, spec.get("description", ""))
            for field_name, spec in model.get("properties", {}).items()
        ]
        found.append(Model(name, fields))
    return found


class Reference(DocsBase):
    """ninja's docs page, as Showup's own template."""

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "api": api,
            "openapi_url": self.get_openapi_url(api, kwargs),
            "sections": sections(schema),
            "models": models(schema),
        }
        return render(request, "api/reference.html", context)
