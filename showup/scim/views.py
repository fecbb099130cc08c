"""The SCIM 2.0 endpoint at /scim/v2/ (RFC 7644): discovery and Users. Groups are not provisioned."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from scim2_models import (
    Context,
    InvalidFilterException,
    InvalidValueException,
    ListResponse,
    NotFoundException,
    NotImplementedException,
    ResourceType,
    ResponseParameters,
    Schema,
    SCIMException,
    ScimFilter,
)
from scim2_models.path import CompareOperator, Comparison

from showup.people.models import Person, normalize_email
from showup.scim import discovery, services
from showup.scim.models import ScimToken
from showup.scim.protocol import json_body, scim_endpoint, scim_response
from showup.scim.resources import (
    ENTERPRISE_SCHEMA,
    USER_SCHEMA,
    UserResource,
    person_as_user,
)
from showup.scim.selectors import (
    people_by_external_id,
    people_by_user_name,
    scim_people,
    scim_person,
)

# Subscripting a generic model builds a class: done once, not on every request.
UserParameters = ResponseParameters[UserResource]
UserList = ListResponse[UserResource]
FILTERS_SUPPORTED = 'Showup filters users by userName eq "..." or externalId eq "..." only.'
MANAGER_SUFFIX = f"{ENTERPRISE_SCHEMA}:manager".lower()


# Discovery -------------------------------------------------------------------


@scim_endpoint("GET")
def service_provider_config(request: HttpRequest, token: ScimToken) -> HttpResponse:
    location = request.build_absolute_uri(reverse("scim:service-provider-config"))
    return scim_response(discovery.service_provider_config(location=location))


@scim_endpoint("GET")
def resource_types(request: HttpRequest, token: ScimToken) -> HttpResponse:
    return scim_response(discovery.listed(ResourceType, [_user_resource_type(request)]))


@scim_endpoint("GET")
def resource_type(request: HttpRequest, token: ScimToken, name: str) -> HttpResponse:
    if name != "User":
        raise NotFoundException(detail="Showup serves the User resource type only.")
    resource = _user_resource_type(request)
    return scim_response(resource.model_dump(scim_ctx=discovery.RESPONSE))


@scim_endpoint("GET")
def schemas(request: HttpRequest, token: ScimToken) -> HttpResponse:
    return scim_response(discovery.listed(Schema, _schemas(request)))


@scim_endpoint("GET")
def schema(request: HttpRequest, token: ScimToken, schema_id: str) -> HttpResponse:
    found = next((each for each in _schemas(request) if each.id == schema_id), None)
    if found is None:
        raise NotFoundException(detail="No such schema.")
    return scim_response(found.model_dump(scim_ctx=discovery.RESPONSE))


def _user_resource_type(request: HttpRequest) -> Any:
    location = request.build_absolute_uri(reverse("scim:resource-type", args=["User"]))
    return discovery.user_resource_type(location=location)


def _schemas(request: HttpRequest) -> list[Any]:
    return discovery.schemas(
        location_of=lambda schema_id: request.build_absolute_uri(
            reverse("scim:schema", args=[schema_id])
        )
    )


# Users -----------------------------------------------------------------------


@scim_endpoint("GET", "POST")
def users(request: HttpRequest, token: ScimToken) -> HttpResponse:
    if request.method == "POST":
        return _user_create(request, token)
    return _user_list(request)


@scim_endpoint("GET", "PUT", "PATCH", "DELETE")
def user(request: HttpRequest, token: ScimToken, user_id: str) -> HttpResponse:
    person = _person(user_id)
    if request.method == "GET":
        return _user_answer(request, person, Context.RESOURCE_QUERY_RESPONSE)
    if request.method == "DELETE":
        services.scim_user_delete(person=person, token=token)
        return HttpResponse(status=204)
    body = json_body(request)
    if request.method == "PUT":
        parsed = UserResource.model_validate(body, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        services.scim_user_replace(person=person, user=parsed, token=token)
        return _user_answer(request, _person(user_id), Context.RESOURCE_REPLACEMENT_RESPONSE)
    current = person_as_user(person, location_of=_locator(request))
    services.scim_user_patch(
        person=person, body=entra_compatible(body), current=current, token=token
    )
    return _user_answer(request, _person(user_id), Context.RESOURCE_PATCH_RESPONSE)


def _user_create(request: HttpRequest, token: ScimToken) -> HttpResponse:
    body = json_body(request)
    parsed = UserResource.model_validate(body, scim_ctx=Context.RESOURCE_CREATION_REQUEST)
    person = services.scim_user_create(user=parsed, token=token)
    return _user_answer(
        request, _person(str(person.pk)), Context.RESOURCE_CREATION_RESPONSE, status=201
    )


def _user_list(request: HttpRequest) -> HttpResponse:
    people = _filtered(request.GET.get("filter", ""))
    start = max(_number(request, "startIndex", 1), 1)
    count = min(max(_number(request, "count", discovery.MAX_RESULTS), 0), discovery.MAX_RESULTS)
    page = list(people[start - 1 : start - 1 + count]) if count else []
    locator = _locator(request)
    listing = UserList(
        total_results=people.count(),
        start_index=start,
        items_per_page=len(page),
        resources=[person_as_user(person, location_of=locator) for person in page],
    )
    return scim_response(
        listing.model_dump(
            scim_ctx=Context.SEARCH_RESPONSE, response_parameters=_response_parameters(request)
        )
    )


def _filtered(text: str) -> QuerySet[Person]:
    if not text.strip():
        return scim_people()
    try:
        node = ScimFilter(text).ast
    except (SCIMException, ValueError) as error:
        raise InvalidFilterException(
            detail=f"The filter is not valid. {FILTERS_SUPPORTED}"
        ) from error
    if (
        not isinstance(node, Comparison)
        or node.op != CompareOperator.eq
        or node.attr_path.sub_attr is not None
        or node.attr_path.uri not in (None, USER_SCHEMA)
        or not isinstance(node.value, str)
    ):
        raise InvalidFilterException(detail=FILTERS_SUPPORTED)
    attribute = node.attr_path.attr.lower()
    if attribute == "username":
        return people_by_user_name(user_name_key=normalize_email(node.value))
    if attribute == "externalid":
        return people_by_external_id(external_id=node.value)
    raise InvalidFilterException(detail=FILTERS_SUPPORTED)


def _number(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise InvalidValueException(detail=f"{name} must be a whole number.") from error


def _response_parameters(request: HttpRequest) -> Any:
    return UserParameters.model_validate(
        {
            "attributes": request.GET.get("attributes") or None,
            "excludedAttributes": request.GET.get("excludedAttributes") or None,
        }
    )


def _person(user_id: str) -> Person:
    person = scim_person(person_id=user_id)
    if person is None:
        raise NotFoundException(detail="No user with this id.")
    return person


def _locator(request: HttpRequest) -> Any:
    return lambda pk: request.build_absolute_uri(reverse("scim:user", args=[pk]))


def _user_answer(
    request: HttpRequest, person: Person, context: Context, *, status: int = 200
) -> HttpResponse:
    resource = person_as_user(person, location_of=_locator(request))
    payload = resource.model_dump(
        scim_ctx=context, response_parameters=_response_parameters(request)
    )
    return scim_response(payload, status=status)


def entra_compatible(body: dict[str, Any]) -> dict[str, Any]:
    """Entra ID sends the manager as a bare id ("value": "42") and clears it with "": both are
    turned into what RFC 7643 defines ({"value": "42"}, and a remove), nothing else is touched."""
    operations = body.get("Operations")
    if not isinstance(operations, list):
        return body
    fixed: list[Any] = []
    for operation in operations:
        fixed.extend(_entra_operation(operation))
    return {**body, "Operations": fixed}


def _entra_operation(operation: Any) -> list[Any]:
    if not isinstance(operation, dict):
        return [operation]
    path, value = operation.get("path"), operation.get("value")
    if isinstance(path, str) and path.lower() == MANAGER_SUFFIX and isinstance(value, str):
        if not value.strip():
            return [{"op": "remove", "path": path}]
        return [{**operation, "value": {"value": value}}]
    if path is None and isinstance(value, dict):
        keys = [key for key in value if str(key).lower() == MANAGER_SUFFIX]
        for key in keys:
            if isinstance(value[key], str) and not value[key].strip():
                rest = {name: item for name, item in value.items() if name != key}
                return [{**operation, "value": rest}, {"op": "remove", "path": key}]
            if isinstance(value[key], str):
                return [{**operation, "value": {**value, key: {"value": value[key]}}}]
    return [operation]


# What Showup does not provide ------------------------------------------------


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def groups(request: HttpRequest, token: ScimToken, group_id: str = "") -> HttpResponse:
    raise NotFoundException(
        detail="Showup does not provision groups: teams follow the manager of each user."
    )


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def unknown(request: HttpRequest, token: ScimToken) -> HttpResponse:
    raise NotFoundException(
        detail="No such endpoint: Showup serves /Users and the discovery endpoints."
    )


@scim_endpoint("GET", "POST", "PUT", "PATCH", "DELETE")
def not_implemented(request: HttpRequest, token: ScimToken) -> HttpResponse:
    raise NotImplementedException(
        detail="Showup supports Users and the discovery endpoints; see /ServiceProviderConfig."
    )
