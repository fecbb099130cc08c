"""What the service says about itself (RFC 7644 §4): what it supports, its resource types, its schemas."""

from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    EnterpriseUser,
    ETag,
    Filter,
    ListResponse,
    Meta,
    Patch,
    Resource,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
    User,
)

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


def schemas(*, location_of: Any) -> list[Schema]:
    described: list[type[Resource[Any]] | type[EnterpriseUser]] = [User, ProvisionedEnterpriseUser]
    found = []
    for model in described:
        schema = model.to_schema()
        schema.meta = Meta(resource_type="Schema", location=location_of(str(schema.id)))
        found.append(schema)
    return found


def listed(model: Any, resources: list[Any]) -> dict[str, Any]:
    response = ListResponse[model](
        total_results=len(resources),
        start_index=1,
        items_per_page=len(resources),
        resources=resources,
    )
    return response.model_dump(scim_ctx=Context.SEARCH_RESPONSE)
