"""EntityMaps (ETSI GS CIM 009 V1.8 5.2.38, header ``NGSILD-EntityMap``): which source holds each entity a
query matched, so that the pages of one distributed query are drawn from the same sources.

A query with ``options=entityMap`` (or ``entityMap=true``) gets a new map unless its ``NGSILD-EntityMap``
header names a live one, which is used and echoed; an unknown or expired reference is no error, a new map
is made (as for a first request). This broker answers from its own store, so its maps send every entity to
``@none`` (the local broker). Maps are documents of the tenant (kind ``entityMap``), so every server process
sees them, and they expire :data:`MAP_TTL` after they are made; ``/entityMaps/{id}`` reads, extends (PATCH
``expiresAt``) and deletes them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.core.timeutil import format_instant, parse_utc_datetime
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.ngsild.request import BASE, begin, services
from citytwin.storage.base import TenantStore

KIND = "entityMap"
"""Document kind of the maps."""
HEADER = "NGSILD-EntityMap"
MAP_TTL = timedelta(hours=1)
"""How long a map lives unless PATCH moves its ``expiresAt``."""
LOCAL = "@none"
"""The source of the entities this broker holds itself (5.2.38)."""
_ID_PREFIX = "urn:ngsi-ld:entitymap:"


def wanted(request: Request, flags: Iterable[str]) -> bool:
    """Whether the request asks for an EntityMap: ``options=entityMap``, ``entityMap=true`` or the header."""
    return (
        "entityMap" in flags or request.query_params.get("entityMap") == "true" or HEADER in request.headers
    )


def location(map_id: str) -> str:
    """The resource path of a map, as the ``NGSILD-EntityMap`` header carries it."""
    return f"{BASE}/entityMaps/{map_id}"


def referenced(store: TenantStore, request: Request, now: datetime) -> str | None:
    """The location of the live map the request's header names (its id or its path), else None."""
    given = request.headers.get(HEADER)
    if not given:
        return None
    map_id = given.rstrip("/").rsplit("/", 1)[-1]
    return location(map_id) if _live(store, map_id, now) is not None else None


def create(store: TenantStore, entity_ids: Iterable[str], now: datetime) -> str:
    """Store a new map sending every entity to this broker; returns its location."""
    map_id = f"{_ID_PREFIX}{uuid.uuid4()}"
    doc = {
        "id": map_id,
        "type": "EntityMap",
        "expiresAt": format_instant(now + MAP_TTL),
        "entityMap": {entity_id: [LOCAL] for entity_id in entity_ids},
    }
    store.put_document(KIND, map_id, doc)
    return location(map_id)


def _live(store: TenantStore, map_id: str, now: datetime) -> dict[str, Any] | None:
    """The map, unless it is missing or expired (an expired one is deleted on the way)."""
    try:
        doc = store.get_document(KIND, map_id)
    except ResourceNotFound:
        return None
    if parse_utc_datetime(doc["expiresAt"]) <= now:
        with suppress(ResourceNotFound):  # deleted meanwhile by another request
            store.delete_document(KIND, map_id)
        return None
    return doc


def _now(request: Request) -> datetime:
    return services(request).store.clock()


async def retrieve_map(request: Request) -> Response:
    """GET /entityMaps/{entityMapId}."""
    call = await begin(request)
    map_id = request.path_params["entityMapId"]
    doc = await call.run(_live, call.store, map_id, _now(request))
    if doc is None:
        raise ResourceNotFound(f"entity map {map_id} not found (or expired)")
    return call.respond(doc)


async def update_map(request: Request) -> Response:
    """PATCH /entityMaps/{entityMapId}: a new ``expiresAt`` (the only member a client may change)."""
    call = await begin(request, body=True, write=True)
    map_id = request.path_params["entityMapId"]
    body = call.body
    if not isinstance(body, dict) or set(body) - {"expiresAt", "@context"} or "expiresAt" not in body:
        raise BadRequestData("an EntityMap fragment holds expiresAt only")
    expires = parse_utc_datetime(body["expiresAt"], "expiresAt")
    now = _now(request)
    if expires <= now:
        raise BadRequestData(f"expiresAt must lie in the future, got {body['expiresAt']!r}")

    def patch() -> None:
        doc = _live(call.store, map_id, now)
        if doc is None:
            raise ResourceNotFound(f"entity map {map_id} not found (or expired)")
        call.store.put_document(KIND, map_id, {**doc, "expiresAt": format_instant(expires)})

    await call.run(patch)
    return Response(status_code=204)


async def delete_map(request: Request) -> Response:
    """DELETE /entityMaps/{entityMapId}."""
    call = await begin(request, write=True)
    map_id = request.path_params["entityMapId"]

    def delete() -> None:
        if _live(call.store, map_id, _now(request)) is None:
            raise ResourceNotFound(f"entity map {map_id} not found (or expired)")
        call.store.delete_document(KIND, map_id)

    await call.run(delete)
    return Response(status_code=204)


def entity_map_routes() -> list[Route]:
    """Routes of ``/entityMaps/{entityMapId}``."""
    path = f"{BASE}/entityMaps/{{entityMapId}}"
    return [
        Route(path, retrieve_map, methods=["GET"]),
        Route(path, update_map, methods=["PATCH"]),
        Route(path, delete_map, methods=["DELETE"]),
    ]
