"""The HTTP side of SCIM: bearer tokens, JSON bodies, and every refusal as a SCIM Error."""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

import pydantic
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from scim2_models import (
    Error,
    InvalidSyntaxException,
    InvalidValueException,
    PayloadTooLargeException,
    SCIMException,
    UnauthorizedException,
)

from showup.core.text import text_problem
from showup.scim.models import ScimToken
from showup.scim.resources import POLICY
from showup.scim.tokens import token_for_header

CONTENT_TYPE = "application/scim+json"
JSON_TYPES = ("application/scim+json", "application/json")
ScimView = Callable[..., HttpResponse]


class MethodNotAllowed(SCIMException):
    status = 405
    _default_detail = "This endpoint does not answer that method."


def scim_response(payload: dict[str, Any], *, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(payload), status=status, content_type=CONTENT_TYPE)
    location = payload.get("meta", {}).get("location") if status in (200, 201) else None
    if location:
        response["Location"] = location
    return response


def error_response(error: Error) -> HttpResponse:
    response = scim_response(error.model_dump(), status=int(error.status or 400))
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="Showup SCIM"'
    return response


def scim_endpoint(*methods: str) -> Callable[[ScimView], ScimView]:
    """A view the identity provider calls: a live bearer token is needed, and every error is SCIM's."""

    def decorate(view: ScimView) -> ScimView:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                token = _token(request)
                if request.method not in methods:
                    raise MethodNotAllowed()
                with POLICY:
                    return view(request, token, *args, **kwargs)
            except SCIMException as error:
                return _refused(error, methods)
            except pydantic.ValidationError as error:
                return error_response(Error.from_validation_errors(error)[0])

        return login_not_required(csrf_exempt(wrapper))

    return decorate


def _token(request: HttpRequest) -> ScimToken:
    header = request.headers.get("Authorization", "")
    if not header:
        raise UnauthorizedException(detail="Send the SCIM token as Authorization: Bearer <token>.")
    token = token_for_header(header)
    if token is None:
        raise UnauthorizedException(detail="This token is not valid, or it was revoked.")
    return token


def _refused(error: SCIMException, methods: tuple[str, ...]) -> HttpResponse:
    response = error_response(error.to_error())
    if isinstance(error, MethodNotAllowed):
        response["Allow"] = ", ".join(methods)
    return response


def json_body(request: HttpRequest) -> dict[str, Any]:
    """The request's JSON object, with every string held to the rule for text Showup stores."""
    content_type = request.content_type or ""
    if content_type not in JSON_TYPES:
        raise InvalidSyntaxException(detail="Send the body as application/scim+json.")
    try:
        raw = request.body
    except RequestDataTooBig as error:
        raise PayloadTooLargeException(
            detail=f"Send at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
        ) from error
    try:
        body = json.loads(raw or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidSyntaxException(detail="The body is not valid JSON.") from error
    if not isinstance(body, dict):
        raise InvalidSyntaxException(detail="The body must be a JSON object.")
    _check_text(body)
    return body


def _check_text(value: Any) -> None:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise InvalidValueException(detail=problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)
