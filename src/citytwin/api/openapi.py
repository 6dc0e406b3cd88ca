"""The OpenAPI 3.1 description of the endpoints citytwin serves, written by hand as data; HTTP OPTIONS.

Operations are declared in tables; :func:`openapi_document` expands them with the shared parameters and
responses, and adds an ``options`` operation to every path. A test checks that every route the app mounts is
described here and the reverse: a router added later must add its operations here (``OPERATIONS`` or a
table of its own joined in :data:`ALL_OPERATIONS`).

:class:`OptionsResponder` answers ``OPTIONS`` on any served path with ``Allow`` (and ``Accept-Patch`` where
PATCH is served) computed from the app's routes, so the answer cannot drift from what is mounted.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from citytwin import __version__ as VERSION  # noqa: N812 (a module constant under its usual name)
from citytwin.api.problems import problem_response
from citytwin.errors import ResourceNotFound

V1 = "/ngsi-ld/v1"

# (path, method, operationId, summary, query parameters, success statuses, request body?)
Operation = tuple[str, str, str, str, tuple[str, ...], tuple[int, ...], bool]

_QUERY = ("type", "id", "idPattern", "attrs", "pick", "omit", "q", "scopeQ", "georel", "geometry",
          "coordinates", "geoproperty", "geometryProperty", "lang", "options", "format", "limit", "offset",
          "count", "expandValues", "local", "csf")  # fmt: skip
_READ = ("type", "attrs", "pick", "omit", "geometryProperty", "lang", "options", "format", "local")
_TIME = ("timerel", "timeAt", "endTimeAt", "lastN", "timeproperty", "aggrMethods", "aggrPeriodDuration",
         "datasetId")  # fmt: skip
_TEMPORAL_QUERY = ("type", "id", "idPattern", "attrs", "pick", "omit", "q", "scopeQ", "georel", "geometry",
                   "coordinates", "geoproperty", "lang", "options", "format", "limit", "offset", "count",
                   "expandValues", "local", "csf", *_TIME)  # fmt: skip

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
    (
        f"{V1}/entities/{{entityId}}",
        "put",
        "replaceEntity",
        "Replace an entity",
        ("type", "local"),
        (204,),
        True,
    ),
    (
        f"{V1}/entities/{{entityId}}",
        "patch",
        "mergeEntity",
        "Merge into an entity",
        ("type", "options", "observedAt", "lang", "expandValues", "jsonKeys", "local"),
        (204,),
        True,
    ),
    (
        f"{V1}/entities/{{entityId}}",
        "delete",
        "deleteEntity",
        "Delete an entity",
        ("type", "local"),
        (204,),
        False,
    ),
    (
        f"{V1}/entities/{{entityId}}/attrs",
        "post",
        "appendAttrs",
        "Append attributes",
        ("type", "options", "local"),
        (204, 207),
        True,
    ),
    (
        f"{V1}/entities/{{entityId}}/attrs",
        "patch",
        "updateAttrs",
        "Update existing attributes",
        ("type", "local"),
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
        ("datasetId", "deleteAll", "type", "local"),
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
        (
            "limit",
            "offset",
            "count",
            "options",
            "format",
            "lang",
            "geometryProperty",
            "expandValues",
            "local",
        ),
        (200,),
        True,
    ),
    (f"{V1}/types", "get", "retrieveEntityTypes", "Entity types in use", ("details",), (200,), False),
    (f"{V1}/types/{{type}}", "get", "retrieveEntityTypeInfo", "One entity type", (), (200,), False),
    (f"{V1}/attributes", "get", "retrieveAttrTypes", "Attributes in use", ("details",), (200,), False),
    (f"{V1}/attributes/{{attrId}}", "get", "retrieveAttrTypeInfo", "One attribute", (), (200,), False),
)

TEMPORAL_OPERATIONS: tuple[Operation, ...] = (
    (
        f"{V1}/temporal/entities",
        "get",
        "queryTemporalEntities",
        "Query the temporal evolution of entities (timerel required)",
        _TEMPORAL_QUERY,
        (200, 206),
        False,
    ),
    (
        f"{V1}/temporal/entities",
        "post",
        "createTemporalEntity",
        "Create a temporal evolution, or add instances to it",
        ("local",),
        (201, 204),
        True,
    ),
    (
        f"{V1}/temporal/entities/{{entityId}}",
        "get",
        "retrieveTemporalEntity",
        "The temporal evolution of one entity",
        ("attrs", "pick", "omit", "lang", "options", "format", "local", *_TIME),
        (200, 206),
        False,
    ),
    (
        f"{V1}/temporal/entities/{{entityId}}",
        "delete",
        "deleteTemporalEntity",
        "Delete the temporal evolution of an entity",
        ("local",),
        (204,),
        False,
    ),
    (
        f"{V1}/temporal/entities/{{entityId}}/attrs",
        "post",
        "appendTemporalAttrs",
        "Add attribute instances",
        ("local",),
        (204,),
        True,
    ),
    (
        f"{V1}/temporal/entities/{{entityId}}/attrs/{{attrId}}",
        "delete",
        "deleteTemporalAttr",
        "Delete an attribute's history (datasetId, deleteAll)",
        ("datasetId", "deleteAll", "local"),
        (204,),
        False,
    ),
    (
        f"{V1}/temporal/entities/{{entityId}}/attrs/{{attrId}}/{{instanceId}}",
        "patch",
        "modifyTemporalAttrInstance",
        "Replace one attribute instance in history",
        ("local",),
        (204,),
        True,
    ),
    (
        f"{V1}/temporal/entities/{{entityId}}/attrs/{{attrId}}/{{instanceId}}",
        "delete",
        "deleteTemporalAttrInstance",
        "Delete one attribute instance from history",
        ("local",),
        (204,),
        False,
    ),
    (
        f"{V1}/temporal/entityOperations/query",
        "post",
        "queryTemporalBatch",
        "Query temporal evolutions with a Query body (temporalQ)",
        ("limit", "offset", "count", "options", "format", "lang", "local"),
        (200, 206),
        True,
    ),
    (
        f"{V1}/temporalOperations/query",
        "post",
        "queryTemporalBatchAlias",
        "Alias of /temporal/entityOperations/query",
        ("limit", "offset", "count", "options", "format", "lang", "local"),
        (200, 206),
        True,
    ),
)

_MAP = f"{V1}/entityMaps/{{entityMapId}}"

CONTEXT_OPERATIONS: tuple[Operation, ...] = (
    (_MAP, "get", "retrieveEntityMap", "An EntityMap a query made (options=entityMap)", (), (200,), False),
    (_MAP, "patch", "updateEntityMap", "Move an EntityMap's expiresAt", (), (204,), True),
    (_MAP, "delete", "deleteEntityMap", "Delete an EntityMap", (), (204,), False),
    (f"{V1}/jsonldContexts", "get", "listContexts", "@contexts held", ("details", "kind"), (200,), False),
    (f"{V1}/jsonldContexts", "post", "addContext", "Add a hosted @context", (), (201,), True),
    (
        f"{V1}/jsonldContexts/{{contextId}}",
        "get",
        "serveContext",
        "One @context (details=true: its metadata)",
        ("details",),
        (200,),
        False,
    ),
    (
        f"{V1}/jsonldContexts/{{contextId}}",
        "delete",
        "deleteContext",
        "Delete a hosted @context, or reload a cached one",
        ("reload",),
        (204,),
        False,
    ),
)

_CSR_QUERY = ("type", "id", "idPattern", "attrs", "q", "csf", "georel", "geometry", "coordinates",
              "geoproperty", "timerel", "timeAt", "endTimeAt", "scopeQ", "options", "limit", "offset",
              "count")  # fmt: skip
CSOURCE_OPERATIONS: tuple[Operation, ...] = (
    (f"{V1}/csourceRegistrations", "get", "queryCSR", "Discover context source registrations", _CSR_QUERY,
     (200,), False),
    (f"{V1}/csourceRegistrations", "post", "createCSR", "Register a context source", (), (201,), True),
    (f"{V1}/csourceRegistrations/{{registrationId}}", "get", "retrieveCSR", "One registration", ("options",),
     (200,), False),
    (f"{V1}/csourceRegistrations/{{registrationId}}", "patch", "updateCSR", "Update a registration", (),
     (204,), True),
    (f"{V1}/csourceRegistrations/{{registrationId}}", "delete", "deleteCSR", "Delete a registration", (),
     (204,), False),
    (f"{V1}/csourceSubscriptions", "get", "queryCSRSubscription", "Registration subscriptions",
     ("options", "limit", "offset", "count"), (200,), False),
    (f"{V1}/csourceSubscriptions", "post", "createCSRSubscription", "Subscribe to registrations", (), (201,),
     True),
    (f"{V1}/csourceSubscriptions/{{subscriptionId}}", "get", "retrieveCSRSubscription",
     "One registration subscription", ("options",), (200,), False),
    (f"{V1}/csourceSubscriptions/{{subscriptionId}}", "patch", "updateCSRSubscription",
     "Update a registration subscription", (), (204,), True),
    (f"{V1}/csourceSubscriptions/{{subscriptionId}}", "delete", "deleteCSRSubscription",
     "Delete a registration subscription", (), (204,), False),
    (f"{V1}/info/sourceIdentity", "get", "retrieveSourceIdentity", "This broker's identity and Via alias", (),
     (200,), False),
    (f"{V1}/csourceNotify", "post", "receivePropagatedNotification",
     "Notifications of subscriptions propagated to context sources", (), (204,), True),
)  # fmt: skip

PROCESS_OPERATIONS: tuple[Operation, ...] = (
    ("/conformance", "get", "getConformance", "OGC API conformance classes", (), (200,), False),
    ("/processes", "get", "getProcesses", "Scenario engines (OGC API - Processes)", (), (200,), False),
    ("/processes/{processId}", "get", "getProcessDescription", "Inputs, outputs, example", (), (200,), False),
    (
        "/processes/{processId}/execution",
        "post",
        "execute",
        "Run a scenario (Prefer: respond-async for a job)",
        (),
        (200, 201),
        True,
    ),
    ("/jobs", "get", "getJobs", "Jobs of the tenant", ("processID", "limit", "offset"), (200,), False),
    ("/jobs/{jobId}", "get", "getStatus", "Status of a job", (), (200,), False),
    ("/jobs/{jobId}", "delete", "dismiss", "Cancel a job or drop its results", (), (200,), False),
    ("/jobs/{jobId}/results", "get", "getResult", "Outputs of a successful job", (), (200,), False),
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
    "domain": "Indicator domain (water, gas, power, traffic, parking, environment, elevators, events ...)",
    "area": "GB/T 2260 area code: indicators of that area or inside it",
    "offset": "Results to skip",
    "count": "true: send the total in NGSILD-Results-Count",
    "details": "true: full objects instead of a list of names",
    "datasetId": "The attribute instance(s) meant: a datasetId (temporal: comma-separated, @none: default)",
    "deleteAll": "true: delete every instance of the attribute",
    "local": "true: answer from this broker only, consulting no context source",
    "csf": "Context source filter (q grammar over registration properties)",
    "expandValues": "Attributes whose string values are vocabulary terms (expanded with the @context)",
    "jsonKeys": "Attributes whose simplified (keyValues) value is a JsonProperty",
    "observedAt": "observedAt for merged instances that had one and get none in the body",
    "timerel": "before, after or between",
    "timeAt": "Start (after, between) or end (before) of the time window",
    "endTimeAt": "End of the time window (between)",
    "lastN": "Only the newest N instances per attribute (paging goes backwards)",
    "timeproperty": "observedAt (default), createdAt, modifiedAt or deletedAt: the time timerel is on",
    "aggrMethods": "totalCount, distinctCount, sum, avg, min, max, stddev, sumsq",
    "aggrPeriodDuration": "ISO 8601 duration of an aggregation period (PT1H, P1D ...)",
    "kind": "Cached, Hosted or ImplicitlyCreated",
    "reload": "true: fetch a cached @context again instead of deleting it",
    "processID": "Only jobs of this process",
    "category": "One of the ten data categories (GET /catalog/categories)",
    "grade": "Sensitivity grade 1 (public) .. 4 (core)",
    "owner": "Owner department",
    "source": "Source name",
    "dataset": "Dataset id (conflicts: the candidate's dataset or source)",
    "attribute": "Attribute name",
    "status": "open or resolved",
    "entity": "Entity id",
    "depth": "Hops from the entity (default 2, at most 6)",
    "direction": "out (follow relationships), in (who points here) or both (default)",
    "rels": "Extra relationship names to follow inwards (comma-separated)",
    "device": "Device code",
    "state": "Command state: pending, sent, acknowledged, failed or expired",
}
_STATUS_TEXT = {
    200: "OK",
    201: "Created",
    204: "No content",
    206: "Partial content: more instances than one answer holds (Content-Range names the time range)",
    207: "Multi-status (per-item results)",
}
GOVERNANCE_OPERATIONS: tuple[Operation, ...] = (
    ("/catalog/categories", "get", "getCatalogCategories", "The ten data categories, grades, classes",
     (), (200,), False),
    ("/catalog/summary", "get", "getCatalogSummary", "Datasets, records and registration rate per category",
     (), (200,), False),
    ("/catalog/sources", "get", "getSourceRegistry", "Authoritative source and standard of each datum",
     (), (200,), False),
    ("/catalog/datasets", "get", "listDatasets", "Catalogued datasets",
     ("category", "grade", "owner", "source", "limit", "offset"), (200,), False),
    ("/catalog/datasets/{datasetId}", "get", "getDataset", "One catalogued dataset", (), (200,), False),
    ("/catalog/datasets/{datasetId}", "put", "putDataset", "Register or replace a dataset record",
     (), (200, 201), True),
    ("/catalog/datasets/{datasetId}", "delete", "deleteDataset", "Remove a dataset from the catalog",
     (), (204,), False),
    ("/catalog/conflicts", "get", "listConflicts", "Conflicts between candidate and authoritative values",
     ("dataset", "type", "attribute", "status", "entity", "limit", "offset"), (200,), False),
    ("/catalog/conflicts/{conflictId}", "get", "getConflict", "One conflict", (), (200,), False),
    ("/catalog/conflicts/{conflictId}/resolve", "post", "resolveConflict",
     "Keep the authoritative value or the candidate ({keep, by, note})", (), (200,), True),
    ("/catalog/batches", "get", "listImportBatches", "Recorded import batches",
     ("dataset", "source", "limit", "offset"), (200,), False),
    ("/catalog/batches/{batchId}", "get", "getImportBatch", "One import batch", (), (200,), False),
    ("/lineage/{entityId}", "get", "getLineage", "Provenance, candidates and import batches of an entity",
     (), (200,), False),
    ("/graph/{entityId}", "get", "getRelationshipGraph", "Relationship graph around an entity",
     ("depth", "direction", "limit", "rels"), (200,), False),
)  # fmt: skip
"""The data governance routes (citytwin.api.routes_catalog)."""
_GOVERNANCE_PREFIXES = ("/catalog", "/lineage", "/graph")
SUBSCRIPTION_OPERATIONS: tuple[Operation, ...] = (
    (f"{V1}/subscriptions", "post", "createSubscription", "Create a subscription (notifications over HTTP(S)"
     " or MQTT)", (), (201,), True),
    (f"{V1}/subscriptions", "get", "querySubscriptions", "The tenant's subscriptions, paged",
     ("limit", "offset", "count", "options"), (200,), False),
    (f"{V1}/subscriptions/{{subscriptionId}}", "get", "retrieveSubscription", "One subscription with its"
     " notification status", ("options",), (200,), False),
    (f"{V1}/subscriptions/{{subscriptionId}}", "patch", "updateSubscription", "Update a subscription", (),
     (204,), True),
    (f"{V1}/subscriptions/{{subscriptionId}}", "delete", "deleteSubscription", "Delete a subscription", (),
     (204,), False),
)  # fmt: skip
"""NGSI-LD subscriptions (routes_subscriptions); the WebSocket feed is described in docs/subscriptions.md."""
ANALYTICS_OPERATIONS: tuple[Operation, ...] = (
    ("/indicators", "get", "listIndicators", "Live indicators with their current values",
     ("domain", "area", "limit", "offset"), (200,), False),
    ("/indicators/{ident}", "get", "getIndicator", "One indicator and its current value", (), (200,), False),
    ("/indicators/{ident}/explain", "get", "explainIndicator",
     "The entity set, current inputs and calculation of an indicator", (), (200,), False),
    ("/alerts", "get", "openAlerts", "Alerts raised and not yet resolved", (), (200,), False),
    ("/events", "post", "reportEvent", "File a citizen or department report (placed and assigned)", (),
     (201,), True),
    ("/events/{ident}", "get", "getEvent", "A grid-management event with its transitions", (), (200,), False),
    ("/events/{ident}/actions", "post", "actOnEvent",
     "assign / accept / start / resolve / close / reopen / escalate an event", (), (200,), True),
)  # fmt: skip
"""Live indicators, alerts and grid-management events (citytwin.api.routes_analytics); docs/analytics.md."""
COMMAND_OPERATIONS: tuple[Operation, ...] = (
    ("/iot/devices/{code}/commands", "post", "issueCommand",
     "Send a device a command over MQTT ({name, params?, timeout?, issuedBy?}); tracked until answered",
     (), (201,), True),
    ("/iot/commands", "get", "listCommands", "Device commands, oldest first",
     ("device", "state", "limit", "offset"), (200,), False),
    ("/iot/commands/{id}", "get", "getCommand", "One command and its state", (), (200,), False),
)  # fmt: skip
"""Device commands (citytwin.ingest.iot.mqtt_routes); docs/mqtt.md."""
IOT_OPERATIONS: tuple[Operation, ...] = (
    ("/iot/telemetry", "post", "ingestTelemetry",
     "Ingest readings (JSON: one, an array or {readings}; or application/x-ndjson); 200 with counts after"
     " the durable write, failed readings become dead letters", ("device",), (200,), True),
    ("/iot/devices", "post", "registerDevices", "Register devices in bulk from JSON, NDJSON or CSV",
     ("verifyTwins",), (200,), True),
    ("/iot/devices", "get", "listDevices", "Registered devices (registry view)",
     ("type", "state", "limit", "offset"), (200,), False),
    ("/iot/devices/{code}", "get", "getDevice", "One registered device", (), (200,), False),
    ("/iot/types", "get", "listDeviceTypes", "The device type catalogue", (), (200,), False),
    ("/iot/health", "get", "deviceHealth", "Devices per health state", (), (200,), False),
    ("/iot/health/sweep", "post", "sweepDeviceHealth", "Run the device health sweep now", (), (200,), False),
    ("/iot/deadletters", "get", "listDeadLetters", "Dead letters, by reason then time",
     ("reason", "device", "limit", "offset", "count"), (200,), False),
    ("/iot/deadletters", "delete", "purgeDeadLetters", "Delete matching dead letters", ("reason", "device"),
     (200,), False),
    ("/iot/deadletters/replay", "post", "replayDeadLetters",
     "Re-run matching dead letters; those that now pass are written and removed", ("reason", "device"),
     (200,), False),
    ("/iot/deadletters/{id}", "get", "getDeadLetter", "One dead letter", (), (200,), False),
)  # fmt: skip
"""Device registry, HTTP ingest, dead letters and health (citytwin.ingest.iot.http); docs/devices.md."""
_PARAM_TEXT.update(
    {
        "reason": "Only dead letters with this reason (unparsable, unknown_device, out_of_range ...)",
        "verifyTwins": "false: do not check that bound twins exist (rows must then give twinType)",
    }
)
SECURITY_OPERATIONS: tuple[Operation, ...] = (
    ("/auth/whoami", "get", "whoAmI", "The request's subject: id, kind, roles, department, tenant, area",
     (), (200,), False),
    ("/auth/jwks.json", "get", "localJwks", "Public key of locally issued tokens (JWKS)", (), (200,), False),
    ("/governance/policy", "get", "getPolicy", "The active access policy document", (), (200,), False),
    ("/governance/policy", "put", "putPolicy", "Replace the access policy (validated, ledgered)",
     (), (200,), True),
    ("/governance/ledger", "get", "listLedgerRecords", "Tamper-evident ledger records",
     ("after", "limit", "actor", "resource", "action"), (200,), False),
    ("/governance/ledger/{seq}/proof", "get", "getLedgerProof",
     "Inclusion proof of a ledger record (docs/ledger.md)", (), (200,), False),
    ("/auth/token", "post", "login",
     "A bearer token for a local account's username and password (the viewer's login)", (), (200,), True),
    ("/export", "get", "exportEntities",
     "A query's entities as a file (geojson, ndjson, csv, gpkg) as the caller may export them (ledgered)",
     ("type", "q", "attrs", "id", "adminCode", "format"), (200,), False),
)  # fmt: skip
"""Authentication, access policy and the ledger (citytwin.api.routes_security); docs/security.md."""
_PARAM_TEXT.update(
    {
        "after": "Only ledger records with a larger seq",
        "actor": "Only records of this actor (kind:id)",
        "resource": "Only records of this resource",
        "action": "Only records of this action",
        "adminCode": "Only entities in this area (GB/T 2260 code prefix)",
    }
)
VIEWER_OPERATIONS: tuple[Operation, ...] = (
    ("/", "get", "viewer", "The 3D web viewer (HTML page)", (), (200,), False),
    ("/static/{path}", "get", "viewerAsset", "A built asset of the viewer (scripts, styles, Cesium workers)",
     (), (200,), False),
    ("/tiles/buildings/status", "get", "buildingTilesStatus",
     "Build state and progress of the tenant's building tiles (asking starts the build)", ("tenant",),
     (200,), False),
    ("/tiles/buildings/tileset.json", "get", "buildingTileset",
     "3D Tiles 1.1 tileset of the twin's buildings (quadtree, additive refinement)", ("tenant",), (200,),
     False),
    ("/tiles/buildings/content/{tile}", "get", "buildingTile",
     "One tile ({key}.glb): glTF with EXT_mesh_features building ids and an EXT_structural_metadata table",
     ("tenant", "v"), (200,), False),
    ("/tiles/layers", "get", "listBaseLayers", "The viewer's base layers", (), (200,), False),
    ("/tiles/layers/{layer}", "get", "baseLayer",
     "A base layer ({id}.geojson: districts, streets, communities, roads, water)", ("bbox", "tenant"), (200,),
     False),
    ("/tiles/devices.json", "get", "devicePoints", "Devices in a bounding box as point columns",
     ("bbox", "tenant"), (200,), False),
    ("/tiles/flood", "get", "floodOverlays", "Flood jobs whose results include depth frames", ("tenant",),
     (200,), False),
    ("/tiles/flood/{job}/frames.json", "get", "floodFrames", "The depth-frames sidecar of a flood job",
     ("tenant",), (200,), False),
    ("/tiles/flood/{job}/{file}", "get", "floodFrame", "One depth frame (RGBA PNG) of a flood job",
     ("tenant",), (200,), False),
)  # fmt: skip
"""The viewer, its 3D Tiles, base layers and scenario overlays (routes_web, routes_tiles); docs/viewer.md."""
_PARAM_TEXT.update(
    {
        "bbox": "west,south,east,north in WGS84 degrees",
        "tenant": "Tenant, for clients that cannot send NGSILD-Tenant",
        "v": "Tile content version (from the tileset); a versioned answer never changes",
    }
)
SHARING_OPERATIONS: tuple[Operation, ...] = (
    ("/sharing/agreements", "get", "listShareAgreements", "Share agreements (a consumer sees its own)",
     ("provider", "consumer", "state"), (200,), False),
    ("/sharing/agreements", "post", "createShareAgreement", "Create a share agreement (administer, ledgered)",
     (), (201,), True),
    ("/sharing/agreements/{agreementId}", "get", "getShareAgreement", "One share agreement",
     (), (200,), False),
    ("/sharing/agreements/{agreementId}", "put", "putShareAgreement", "Create or replace a share agreement",
     (), (200, 201), True),
    ("/sharing/agreements/{agreementId}", "delete", "deleteShareAgreement", "Delete a share agreement",
     (), (204,), False),
    ("/sharing/agreements/{agreementId}/revoke", "post", "revokeShareAgreement",
     "Revoke a share agreement now (its rules and subscriptions end)", (), (200,), False),
    ("/sharing/agreements/{agreementId}/usage", "get", "getShareUsage",
     "Requests, entities, bytes, last use and anomalies of an agreement", (), (200,), False),
    ("/sharing/usage", "get", "getConsumerUsage", "Usage per consumer", ("consumer",), (200,), False),
    ("/sharing/agreements/{agreementId}/exports", "post", "exportShared",
     "Export what the agreement shares now (GeoPackage, CSV, NDJSON)", (), (201,), False),
    ("/sharing/agreements/{agreementId}/exports", "get", "listShareExports", "The agreement's exports",
     (), (200,), False),
    ("/sharing/agreements/{agreementId}/exports/{name}", "get", "downloadShareExport",
     "One exported file", (), (200,), False),
    ("/sharing/agreements/{agreementId}/subscriptions", "post", "subscribeShared",
     "An NGSI-LD subscription restricted to the agreement's scope ({endpoint, watchedAttributes?, q?})",
     (), (201,), True),
    ("/sharing/agreements/{agreementId}/subscriptions/{subscriptionId}", "delete", "unsubscribeShared",
     "Delete a subscription made under the agreement", (), (204,), False),
    ("/sharing/agreements/{agreementId}/backflow/sync", "post", "syncBackflow",
     "Run a backflow batch now", (), (200,), False),
    ("/sharing/agreements/{agreementId}/backflow/changes", "get", "backflowChanges",
     "Copies changed at the district since they were copied", (), (200,), False),
)  # fmt: skip
"""Share agreements, exports, backflow and usage (citytwin.api.routes_sharing); docs/sharing.md."""
_PARAM_TEXT.update(
    {
        "provider": "Only agreements of this provider tenant",
        "consumer": "A consumer key (department:…, tenant:…, user:…)",
        "state": "Command state (pending, sent, acknowledged, failed, expired); agreement state (active,"
        " pending, expired, revoked)",
    }
)
ALL_OPERATIONS: tuple[Operation, ...] = (
    *OPERATIONS,
    *TEMPORAL_OPERATIONS,
    *CONTEXT_OPERATIONS,
    *CSOURCE_OPERATIONS,
    *SUBSCRIPTION_OPERATIONS,
    *PROCESS_OPERATIONS,
    *GOVERNANCE_OPERATIONS,
    *ANALYTICS_OPERATIONS,
    *COMMAND_OPERATIONS,
    *IOT_OPERATIONS,
    *SECURITY_OPERATIONS,
    *SHARING_OPERATIONS,
    *VIEWER_OPERATIONS,
)
"""Every table of operations: what :func:`openapi_document` describes."""
PATCH_MEDIA_TYPES = "application/json, application/ld+json, application/merge-patch+json"
"""What PATCH bodies the NGSI-LD routes accept (the Accept-Patch header)."""
_CONVERTER = re.compile(r"\{(\w+)(?::\w+)?\}")


def openapi_path(route_path: str) -> str:
    """A Starlette route path in OpenAPI form: ``/entities/{entity_id:path}`` → ``/entities/{entityId}``."""

    def camel(match: re.Match[str]) -> str:
        head, *rest = match.group(1).split("_")
        return "{" + head + "".join(part.capitalize() for part in rest) + "}"

    path = _CONVERTER.sub(camel, route_path)
    return path.rstrip("/") or "/"


def _operation_id(path: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", path)
    return "options" + "".join(w[:1].upper() + w[1:] for w in words)


_PROBLEM = {"$ref": "#/components/responses/Problem"}


def _operation(op: Operation) -> dict[str, Any]:
    path, _, op_id, summary, params, statuses, body = op
    out: dict[str, Any] = {"operationId": op_id, "summary": summary}
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"\{(\w+)\}", path)
    ]
    parameters += [
        {"name": p, "in": "query", "schema": {"type": "string"}, "description": _PARAM_TEXT[p]}
        for p in params
    ]
    if path.startswith(V1):
        parameters.append({"$ref": "#/components/parameters/Tenant"})
        parameters.append({"$ref": "#/components/parameters/Link"})
    elif path.startswith(_GOVERNANCE_PREFIXES):
        parameters.append({"$ref": "#/components/parameters/Tenant"})
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


def _options_operation(path: str, patch: bool) -> dict[str, Any]:
    headers: dict[str, Any] = {"Allow": {"schema": {"type": "string"}, "description": "Methods served"}}
    if patch:
        headers["Accept-Patch"] = {"schema": {"type": "string"}, "description": "PATCH body media types"}
    return {
        "operationId": _operation_id(path),
        "summary": "The HTTP methods this resource serves",
        "responses": {"204": {"description": "No content", "headers": headers}, "default": _PROBLEM},
    }


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI document served at ``/openapi.json``."""
    paths: dict[str, dict[str, Any]] = {}
    for op in ALL_OPERATIONS:
        paths.setdefault(op[0], {})[op[1]] = _operation(op)
    for path, ops in paths.items():
        ops["options"] = _options_operation(path, "patch" in ops)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "citytwin NGSI-LD API",
            "version": VERSION,
            "description": "ETSI GS CIM 009 (NGSI-LD) V1.8: entities, queries, batch operations, discovery,"
            " the temporal API and @context management; OGC API - Processes over the scenario engines.",
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


def allowed_methods(routes: list[Any], path: str) -> set[str]:
    """The HTTP methods of the resource ``path`` names (empty: no route has the path).

    The resource is the first route template matching the path (routes are listed most specific first:
    ``/entities/{id}/attrs`` before ``/entities/{id}``, whose id could also swallow ``/attrs``); its
    methods are those of every route with that template.
    """
    template = next(
        (r.path for r in routes if isinstance(r, Route) and r.methods and r.path_regex.match(path)), None
    )
    found: set[str] = set()
    for route in routes:
        if isinstance(route, Route) and route.methods and route.path == template:
            found |= route.methods
    return found


class OptionsResponder:
    """ASGI middleware: ``OPTIONS`` on a served path answers 204 with ``Allow`` (and ``Accept-Patch``).

    The methods come from the app's own routes (``scope["app"]``), so the answer always says what is
    mounted; a path no route serves is 404 like any other method on it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await self.app(scope, receive, send)
            return
        methods = allowed_methods(scope["app"].router.routes, scope["path"])
        if not methods:
            err = ResourceNotFound(
                "no such resource: check the path (the NGSI-LD API lives under /ngsi-ld/v1)"
            )
            await problem_response(err)(scope, receive, send)
            return
        methods.add("OPTIONS")
        headers = {"Allow": ", ".join(sorted(methods))}
        if "PATCH" in methods:
            headers["Accept-Patch"] = PATCH_MEDIA_TYPES
        await Response(status_code=204, headers=headers)(scope, receive, send)
