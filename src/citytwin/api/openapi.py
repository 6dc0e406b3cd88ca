"""The OpenAPI 3.1 description of the endpoints citytwin serves, written by hand as data.

Operations are declared in one table; :func:`openapi_document` expands it with the shared parameters and
responses. A test checks that every route the app mounts is described here and the reverse.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from citytwin import __version__ as VERSION  # noqa: N812 (a module constant under its usual name)

V1 = "/ngsi-ld/v1"

# (path, method, operationId, summary, query parameters, success statuses, request body?)
Operation = tuple[str, str, str, str, tuple[str, ...], tuple[int, ...], bool]

_QUERY = ("type", "id", "idPattern", "attrs", "pick", "omit", "q", "scopeQ", "georel", "geometry",
          "coordinates", "geoproperty", "geometryProperty", "lang", "options", "format", "limit", "offset",
          "count")  # fmt: skip
_READ = ("attrs", "pick", "omit", "geometryProperty", "lang", "options", "format")

OPERATIONS: tuple[Operation, ...] = (
    ("/version", "get", "version", "Name and version of the platform", (), (200,), False),
    ("/health", "get", "health", "Liveness and store reachability", (), (200,), False),
    ("/openapi.json", "get", "openapi", "This document", (), (200,), False),
    (
        f"{V1}/entities",
        "get",
        "queryEntities",
        "Query entities (no filter: page through all)",
        _QUERY,
        (200,),
        False,
    ),
    (f"{V1}/entities", "post", "createEntity", "Create an entity", (), (201,), True),
    (
        f"{V1}/entities",
        "delete",
        "purgeEntities",
        "Delete every entity (or attribute) matching the filters",
        (
            "type",
            "id",
            "idPattern",
            "attrs",
            "q",
            "scopeQ",
            "georel",
            "geometry",
            "coordinates",
            "geoproperty",
            "pick",
            "omit",
        ),
        (204,),
        False,
    ),
    (f"{V1}/entities/{{entityId}}", "get", "retrieveEntity", "Retrieve an entity", _READ, (200,), False),
    (f"{V1}/entities/{{entityId}}", "put", "replaceEntity", "Replace an entity", (), (204,), True),
    (f"{V1}/entities/{{entityId}}", "patch", "mergeEntity", "Merge into an entity", (), (204,), True),
    (f"{V1}/entities/{{entityId}}", "delete", "deleteEntity", "Delete an entity", (), (204,), False),
    (
        f"{V1}/entities/{{entityId}}/attrs",
        "post",
        "appendAttrs",
        "Append attributes",
        ("options",),
        (204, 207),
        True,
    ),
    (
        f"{V1}/entities/{{entityId}}/attrs",
        "patch",
        "updateAttrs",
        "Update existing attributes",
        (),
        (204, 207),
        True,
    ),
    (
        f"{V1}/entities/{{entityId}}/attrs/{{attrId}}",
        "patch",
        "partialAttrUpdate",
        "Update members of one attribute instance",
        (),
        (204,),
        True,
    ),
    (
        f"{V1}/entities/{{entityId}}/attrs/{{attrId}}",
        "put",
        "replaceAttr",
        "Replace one attribute instance",
        (),
        (204,),
        True,
    ),
    (
        f"{V1}/entities/{{entityId}}/attrs/{{attrId}}",
        "delete",
        "deleteAttr",
        "Delete an attribute instance (datasetId) or all instances (deleteAll)",
        ("datasetId", "deleteAll"),
        (204,),
        False,
    ),
    (f"{V1}/entityOperations/create", "post", "batchCreate", "Create entities", (), (201, 207), True),
    (
        f"{V1}/entityOperations/upsert",
        "post",
        "batchUpsert",
        "Create or replace (options=update: merge)",
        ("options",),
        (201, 204, 207),
        True,
    ),
    (
        f"{V1}/entityOperations/update",
        "post",
        "batchUpdate",
        "Append attributes to existing entities",
        ("options",),
        (204, 207),
        True,
    ),
    (
        f"{V1}/entityOperations/merge",
        "post",
        "batchMerge",
        "Merge into existing entities",
        (),
        (204, 207),
        True,
    ),
    (f"{V1}/entityOperations/delete", "post", "batchDelete", "Delete entities by id", (), (204, 207), True),
    (
        f"{V1}/entityOperations/query",
        "post",
        "queryBatch",
        "Query entities with a Query body",
        ("limit", "offset", "count", "options", "format", "lang", "geometryProperty"),
        (200,),
        True,
    ),
    (f"{V1}/types", "get", "retrieveEntityTypes", "Entity types in use", ("details",), (200,), False),
    (f"{V1}/types/{{type}}", "get", "retrieveEntityTypeInfo", "One entity type", (), (200,), False),
    (f"{V1}/attributes", "get", "retrieveAttrTypes", "Attributes in use", ("details",), (200,), False),
    (f"{V1}/attributes/{{attrId}}", "get", "retrieveAttrTypeInfo", "One attribute", (), (200,), False),
)

_PARAM_TEXT = {
    "type": "Entity type selection (`,` or `|`: any; `;`: all)",
    "id": "Comma-separated entity ids",
    "idPattern": "Regular expression the entity id must match",
    "attrs": "Attributes that must be present (any) and are returned",
    "pick": "Entity members and attributes to return",
    "omit": "Entity members and attributes to leave out",
    "q": "NGSI-LD query language expression",
    "scopeQ": "Scope query",
    "georel": "near;maxDistance==m | near;minDistance==m | within | contains | intersects | overlaps | "
    "disjoint | equals",
    "geometry": "Point, MultiPoint, LineString, MultiLineString, Polygon or MultiPolygon",
    "coordinates": "GeoJSON coordinates of the query geometry, as JSON text",
    "geoproperty": "GeoProperty the geo-query tests (default location)",
    "geometryProperty": "GeoProperty used as the GeoJSON geometry (default location)",
    "lang": "Language tag(s) for LanguageProperty values",
    "options": "keyValues/simplified, concise, normalized, sysAttrs, noOverwrite, update, replace",
    "format": "normalized, concise or simplified",
    "limit": "Page size (default 20; above the maximum: 403 TooManyResults)",
    "offset": "Results to skip",
    "count": "true: send the total in NGSILD-Results-Count",
    "details": "true: full objects instead of a list of names",
    "datasetId": "The attribute instance to delete",
    "deleteAll": "true: delete every instance of the attribute",
}
_STATUS_TEXT = {200: "OK", 201: "Created", 204: "No content", 207: "Multi-status (per-item results)"}
_PROBLEM = {"$ref": "#/components/responses/Problem"}


def _operation(op: Operation) -> dict[str, Any]:
    path, _, op_id, summary, params, statuses, body = op
    out: dict[str, Any] = {"operationId": op_id, "summary": summary}
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in ("entityId", "attrId", "type")
        if "{" + name + "}" in path
    ]
    parameters += [
        {"name": p, "in": "query", "schema": {"type": "string"}, "description": _PARAM_TEXT[p]}
        for p in params
    ]
    if path.startswith(V1):
        parameters.append({"$ref": "#/components/parameters/Tenant"})
        parameters.append({"$ref": "#/components/parameters/Link"})
    if parameters:
        out["parameters"] = parameters
    if body:
        schema = {"type": "object"} if not path.endswith("delete") else {"type": "array"}
        out["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": schema}, "application/ld+json": {"schema": schema}},
        }
    responses: dict[str, Any] = {str(s): {"description": _STATUS_TEXT[s]} for s in statuses}
    responses["default"] = _PROBLEM
    out["responses"] = responses
    return out


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI document served at ``/openapi.json``."""
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op[0], {})[op[1]] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "citytwin NGSI-LD API",
            "version": VERSION,
            "description": "ETSI GS CIM 009 (NGSI-LD) V1.8: entities, queries, batch operations, discovery.",
        },
        "paths": paths,
        "components": {
            "parameters": {
                "Tenant": {
                    "name": "NGSILD-Tenant",
                    "in": "header",
                    "schema": {"type": "string"},
                    "description": "Tenant (absent: the default tenant)",
                },
                "Link": {
                    "name": "Link",
                    "in": "header",
                    "schema": {"type": "string"},
                    "description": "JSON-LD @context for application/json requests",
                },
            },
            "responses": {
                "Problem": {
                    "description": "NGSI-LD problem details",
                    "content": {
                        "application/problem+json": {
                            "schema": {
                                "type": "object",
                                "required": ["type", "title", "status"],
                                "properties": {
                                    "type": {"type": "string"},
                                    "title": {"type": "string"},
                                    "status": {"type": "integer"},
                                    "detail": {"type": "string"},
                                },
                            }
                        }
                    },
                }
            },
        },
    }
