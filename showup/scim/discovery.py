"""What the service says about itself (RFC 7644 §4): what it supports, its resource types, its schemas."""

from typing import Any

from scim2_models import (
    Attribute,
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    ETag,
    Filter,
    ListResponse,
    Meta,
    Mutability,
    Patch,
    Required,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
    User,
)

from showup.people.timezones import timezone_choices
from showup.scim.resources import ProvisionedEnterpriseUser, UserResource

# A page of users is at most this long, whatever `count` asks (RFC 7644 §3.4.2.4 lets us cap it).
MAX_RESULTS = 200
RESPONSE = Context.RESOURCE_QUERY_RESPONSE


def service_provider_config(*, location: str) -> dict[str, Any]:
    config = ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token made by a Showup admin under Admin → SCIM tokens.",
                primary=True,
            )
        ],
        meta=Meta(resource_type="ServiceProviderConfig", location=location),
    )
    return config.model_dump(scim_ctx=RESPONSE)


def user_resource_type(*, location: str) -> ResourceType:
    resource_type = ResourceType.from_resource(UserResource)
    resource_type.meta = Meta(resource_type="ResourceType", location=location)
    return resource_type


# What Showup keeps of a User, as /Schemas publishes it: each attribute with what it means
# here; attributes Showup does not keep are left out (they are accepted on input and dropped).
# "Required" marks what a person always has here: a request may leave it out (the default
# below is used), but it cannot be removed.
USER_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "userName": {
        "description": "What the provider signs the person in with; unique, not case-sensitive. "
        "When it is an e-mail address, emails may be left out."
    },
    "displayName": {
        "required": Required.true,
        "description": "The person's name: the one name Showup keeps. Left out: name.formatted, "
        "then givenName familyName, then userName.",
    },
    "name": {
        "mutability": Mutability.read_only,
        "description": "The name split in two (givenName: its first word). A request's name "
        "stands in for a missing displayName.",
        "sub_attributes": ["givenName", "familyName"],
    },
    "title": {"description": "The job title."},
    "timezone": {
        "required": Required.true,
        "description": "An IANA time zone. Left out: the person keeps theirs (a new person "
        "gets the company's default).",
        "canonical_values": [name for name, _ in timezone_choices()],
    },
    "active": {
        "required": Required.true,
        "description": "false deactivates the person (history kept). Left out: true.",
    },
    "emails": {
        "required": Required.true,
        "description": "The person's one e-mail (the primary one, else the work one, else the "
        "first). Required unless userName is an e-mail address.",
        "sub_attributes": ["value", "type"],
    },
}
ENTERPRISE_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "manager": {
        "description": "The person's manager in the org chart, by their SCIM id.",
        "sub_attributes": ["value", "$ref"],
    },
}
SUB_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "emails.value": {"required": Required.true},
    "emails.type": {"canonical_values": ["work"]},
}


def schemas(*, location_of: Any) -> list[Schema]:
    described: list[tuple[Any, dict[str, dict[str, Any]]]] = [
        (User, USER_ATTRIBUTES),
        (ProvisionedEnterpriseUser, ENTERPRISE_ATTRIBUTES),
    ]
    found = []
    for model, kept in described:
        schema = _published(model.to_schema(), kept)
        schema.name = schema.name and schema.name.removeprefix("Provisioned")
        schema.meta = Meta(resource_type="Schema", location=location_of(str(schema.id)))
        found.append(schema)
    return found


def _published(schema: Schema, kept: dict[str, dict[str, Any]]) -> Schema:
    attributes = []
    for attribute in schema.attributes or []:
        changes = kept.get(str(attribute.name))
        if changes is None:
            continue
        changes = dict(changes)
        names = changes.pop("sub_attributes", None)
        for field, value in changes.items():
            setattr(attribute, field, value)
        if names is not None:
            attribute.sub_attributes = _sub_attributes(attribute, names)
        attributes.append(attribute)
    schema.attributes = attributes
    return schema


def _sub_attributes(attribute: Attribute, names: list[str]) -> list[Attribute]:
    kept = [each for each in attribute.sub_attributes or [] if each.name in names]
    for each in kept:
        for field, value in SUB_ATTRIBUTES.get(f"{attribute.name}.{each.name}", {}).items():
            setattr(each, field, value)
        if attribute.mutability == Mutability.read_only:
            each.mutability = Mutability.read_only
    return kept


def listed(model: Any, resources: list[Any]) -> dict[str, Any]:
    response = ListResponse[model](
        total_results=len(resources),
        start_index=1,
        items_per_page=len(resources),
        resources=resources,
    )
    return response.model_dump(scim_ctx=Context.SEARCH_RESPONSE)
