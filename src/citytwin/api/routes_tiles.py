"""3D Tiles, base layers and scenario overlays for the viewer (outside the NGSI-LD base path).

* ``GET /tiles/buildings/status`` — the building tiles of the tenant: ``building`` (with progress),
  ``ready`` or ``failed``; asking starts the build.
* ``GET /tiles/buildings/tileset.json`` — the 3D Tiles 1.1 tileset (quadtree, additive refinement);
  ``GET /tiles/buildings/content/{key}.glb`` — one tile: glTF with ``EXT_mesh_features`` per-building
  ids and an ``EXT_structural_metadata`` property table.
* ``GET /tiles/layers`` — the base layers; ``GET /tiles/layers/{id}.geojson[?bbox=w,s,e,n]`` — districts,
  streets, communities, roads, water; ``GET /tiles/devices.json?bbox=w,s,e,n`` — devices as point columns.
* ``GET /tiles/flood`` — flood jobs with depth frames; ``GET /tiles/flood/{jobId}/frames.json`` and
  ``GET /tiles/flood/{jobId}/{file}.png`` — the frames sidecar and images of one job. Flood overlays are
  scenario results: they follow the rule for reading jobs (``read`` in the tenant; the listing answers 403
  without it, one job's sidecar or frames 404).

The tenant is ``NGSILD-Tenant`` or, for clients that cannot set headers, the ``tenant`` query parameter.

Building tiles and whole layers are cut per subject (:mod:`citytwin.tiles.views`): a subject that sees every
entity of the resource's types whole and in clear is served the platform's caches; any other is served caches
built through the governed store as it (shared by subjects with the same rules, a bounded LRU, dropped when
the policy changes).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from citytwin.api.routes_processes import may_read_jobs, require_reading_jobs
from citytwin.core.events import EntityChange
from citytwin.core.policy_view import PolicyView
from citytwin.errors import CitytwinError, InvalidRequest, ResourceNotFound
from citytwin.governance.enforce import GovernedTenantStore
from citytwin.governance.enforce_routes import request_guard
from citytwin.ngsild.request import run, services, tenant_name
from citytwin.ngsild.type_reach import open_for
from citytwin.scenarios.jobs import RESULT_KIND
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus, Subscription
from citytwin.stream.changes import Change
from citytwin.stream.websocket import Hub
from citytwin.tiles.cache import BUILDING_TYPES, CONTENT_BUDGET, CONTENT_URL, TilesCache
from citytwin.tiles.layers import LAYERS, Layer, LayerCache, devices, features, layer, parse_bbox
from citytwin.tiles.views import BoundStore, ViewCaches, cut, fingerprint, hidden_columns, token

_ENCODE = msgspec.json.Encoder().encode
_KEY = re.compile(r"^r[0-3]{0,32}$")
_TENANT_PARAM = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_FRAME = re.compile(r"^[A-Za-z0-9_.-]{1,128}\.png$")
BUILD_WAIT_S = 30.0
IMMUTABLE = "public, max-age=31536000, immutable"
PRIVATE_IMMUTABLE = "private, max-age=31536000, immutable"
RESTRICTED_BUDGET = CONTENT_BUDGET // 8
"""Tile content bytes kept per restricted view."""


class TilesNotReady(CitytwinError):
    """The building tiles are still being built."""

    status = 503
    problem = "InternalError"
    title = "Tiles not ready"


@dataclass(slots=True)
class ViewTiles:
    """The building tiles and whole layers of one restricted policy view of one tenant."""

    view: PolicyView
    tiles: TilesCache
    layers: LayerCache


class TilesService:
    """The tile and layer caches of one app, fed by its change bus, and, while WebSocket clients are
    connected, by the change feed, which also carries the writes of other processes."""

    def __init__(self, store: Store, bus: EventBus, hub: Hub | None = None) -> None:
        self.store = store
        self.tiles = TilesCache(store)
        self.layers = LayerCache(store)
        self.views: ViewCaches[ViewTiles] = ViewCaches()
        """Caches of restricted views (module docstring)."""
        self._subs: list[Subscription] = [
            bus.subscribe(self.tiles.on_change),
            bus.subscribe(self.layers.on_change),
            bus.subscribe(self.on_view_change),
        ]
        self._hub = hub
        if hub is not None:
            hub.feed.listeners.append(self.on_feed)

    def on_feed(self, change: Change) -> None:
        """Feed listener: a change, possibly another process's (local ones arrive twice, harmlessly)."""
        self.tiles.note(
            change.tenant, change.entity_id, change.types, change.kind, change.changed, change.entity
        )
        self.layers.forget_types(change.tenant, change.types)
        for entry in self.views.of_tenant(change.tenant):
            entry.tiles.note(
                change.tenant, change.entity_id, change.types, change.kind, change.changed, change.entity
            )
            entry.layers.forget_types(change.tenant, change.types)

    def on_view_change(self, change: EntityChange) -> None:
        """Bus listener: a change, for the caches of restricted views of its tenant."""
        for entry in self.views.of_tenant(change.tenant):
            entry.tiles.on_change(change)
            entry.layers.on_change(change)

    def view_tiles(self, twin: GovernedTenantStore) -> ViewTiles:
        """The caches of the subject of ``twin`` (made on first use; ``twin`` reads them as the subject)."""
        policy = twin.enforcement.policies.policy  # first: a view of a newer policy is never kept for older
        view = twin.view("read")

        def make() -> ViewTiles:
            bound = BoundStore(self.store, twin)
            url = f"{CONTENT_URL}&view={token(fingerprint(view))}"
            omit = hidden_columns(view, BUILDING_TYPES)
            tiles = TilesCache(
                bound, cut=cut(view), omit=omit, content_url=url, content_budget=RESTRICTED_BUDGET
            )
            return ViewTiles(view, tiles, LayerCache(bound, sparse=True))

        return self.views.get(twin.tenant, view, policy, make)

    def tiles_for(self, twin: GovernedTenantStore | None) -> tuple[TilesCache, bool]:
        """The building tiles to serve the subject of ``twin`` (None: the platform) and whether they are
        the platform's."""
        if twin is None or open_for(twin.view("read"), BUILDING_TYPES):
            return self.tiles, True
        return self.view_tiles(twin).tiles, False

    def layers_for(self, twin: GovernedTenantStore | None, lay: Layer) -> tuple[LayerCache, bool]:
        """The whole-layer cache to serve the subject of ``twin`` and whether it is the platform's."""
        if twin is None or open_for(twin.view("read"), lay.types):
            return self.layers, True
        return self.view_tiles(twin).layers, False

    def close(self) -> None:
        """Stop listening to the bus and the feed."""
        for sub in self._subs:
            sub.close()
        self._subs.clear()
        if self._hub is not None and self.on_feed in self._hub.feed.listeners:
            self._hub.feed.listeners.remove(self.on_feed)


def _service(request: Request) -> TilesService:
    found: TilesService | None = getattr(request.app.state, "tiles", None)
    if found is None:
        raise TilesNotReady("the tile service is not running in this process")
    return found


def _tenant(request: Request) -> str:
    param = request.query_params.get("tenant")
    if param is not None and request.headers.get("NGSILD-Tenant") is None:
        if param and not _TENANT_PARAM.match(param):
            raise InvalidRequest(f"tenant {param!r} is not a valid tenant name")
        return param
    return tenant_name(request)


def _governed(request: Request, tenant: str) -> GovernedTenantStore | None:
    """The tenant as the request's subject sees it (None: the platform's own work, no governance)."""
    twin = services(request).store.tenant(tenant)
    return twin if isinstance(twin, GovernedTenantStore) else None


def _json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(_ENCODE(content), status_code=status, media_type="application/json", headers=headers)


async def building_status(request: Request) -> Response:
    """GET /tiles/buildings/status: build state and progress (starts the build)."""
    tenant = _tenant(request)
    cache, _ = _service(request).tiles_for(_governed(request, tenant))
    build = cache.status(tenant)
    assert build is not None
    return _json(build.to_dict(), headers={"Cache-Control": "no-store"})


async def tileset(request: Request) -> Response:
    """GET /tiles/buildings/tileset.json: the current tileset (waits briefly for a build in progress)."""
    tenant = _tenant(request)
    cache, _ = _service(request).tiles_for(_governed(request, tenant))
    try:
        body = await run(cache.tileset, tenant, BUILD_WAIT_S)
    except TimeoutError:
        raise TilesNotReady("the building tiles are still being built: see /tiles/buildings/status") from None
    except RuntimeError as err:
        raise TilesNotReady(str(err)) from None
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-cache"})


async def content(request: Request) -> Response:
    """GET /tiles/buildings/content/{key}.glb: one tile's glTF."""
    name = request.path_params["tile"]
    key = name.removesuffix(".glb")
    if not name.endswith(".glb") or not _KEY.match(key):
        raise ResourceNotFound(f"no tile {name!r}")
    tenant = _tenant(request)
    cache, shared = _service(request).tiles_for(_governed(request, tenant))
    try:
        data = await run(cache.content, tenant, key, BUILD_WAIT_S)
    except TimeoutError:
        raise TilesNotReady("the building tiles are still being built") from None
    if data is None:
        raise ResourceNotFound(f"no tile {key!r}")
    # Content URLs carry the tile's version (?v=), so a versioned answer never changes; a restricted view's
    # tiles are its subject's alone (no shared cache may keep them).
    immutable = IMMUTABLE if shared else PRIVATE_IMMUTABLE
    cache_control = immutable if request.query_params.get("v") else "no-cache"
    return Response(data, media_type="model/gltf-binary", headers={"Cache-Control": cache_control})


async def list_layers(request: Request) -> Response:
    """GET /tiles/layers: the base layers and where to get them."""
    return _json([
        {"id": lay.id, "name": {"zh": lay.name_zh, "en": lay.name_en}, "types": list(lay.types),
         "kind": lay.kind, "href": f"/tiles/layers/{lay.id}.geojson"}
        for lay in LAYERS.values()
    ])  # fmt: skip


async def layer_geojson(request: Request) -> Response:
    """GET /tiles/layers/{id}.geojson: a base layer (whole and cached, or clipped by ``bbox``)."""
    svc = _service(request)
    tenant = _tenant(request)
    name = request.path_params["layer"]
    if not name.endswith(".geojson"):
        raise ResourceNotFound(f"no base layer {name!r}: layers are served as /tiles/layers/ID.geojson")
    lay = layer(name.removesuffix(".geojson"))
    bbox = parse_bbox(request.query_params.get("bbox"))
    cache, shared = svc.layers_for(_governed(request, tenant), lay)
    if bbox is None:
        body = await run(cache.geojson, tenant, lay.id)
    else:
        store = services(request).store
        body = _ENCODE(await run(features, store, tenant, lay, bbox, sparse=not shared))
    return Response(body, media_type="application/geo+json")


async def device_points(request: Request) -> Response:
    """GET /tiles/devices.json?bbox=w,s,e,n: devices in the box (ids, types, states, points)."""
    bbox = parse_bbox(request.query_params.get("bbox"))
    if bbox is None:
        raise InvalidRequest("give bbox=west,south,east,north: devices are served by area")
    return _json(await run(devices, services(request).store, _tenant(request), bbox))


def _flood_results(store: Store, tenant: str) -> list[dict[str, Any]]:
    out = []
    twin = store.tenant(tenant)
    offset = 0
    while True:
        page = twin.list_documents(RESULT_KIND, limit=500, offset=offset)
        for job_id, doc in page:
            if isinstance(doc.get("frames"), str):
                out.append({"jobId": job_id, "area": doc.get("area"), "adminCode": doc.get("adminCode"),
                            "maxDepthM": doc.get("maxDepthM"), "resultEntity": doc.get("resultEntity"),
                            "frames": f"/tiles/flood/{job_id}/frames.json"})  # fmt: skip
        offset += len(page)
        if len(page) < 500:
            return out


def _sidecar(store: Store, tenant: str, job_id: str) -> tuple[Path, dict[str, Any]]:
    try:
        doc = store.tenant(tenant).get_document(RESULT_KIND, job_id)
    except ResourceNotFound:
        raise ResourceNotFound(f"no results for job {job_id!r}") from None
    path = doc.get("frames")
    if not isinstance(path, str):
        raise ResourceNotFound(f"job {job_id} wrote no depth frames")
    sidecar = Path(path)
    try:
        return sidecar, json.loads(sidecar.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise ResourceNotFound(f"the depth frames of job {job_id} are gone from {sidecar.parent}") from err


async def flood_jobs(request: Request) -> Response:
    """GET /tiles/flood: flood jobs whose results include depth frames (403 without reading jobs)."""
    tenant = _tenant(request)
    require_reading_jobs(request, tenant)
    return _json(await run(_flood_results, services(request).store, tenant))


def _readable_job(request: Request, tenant: str, job_id: str) -> None:
    """404 unless the subject may read the job's results (the rule for reading jobs)."""
    if not may_read_jobs(request, tenant):
        raise ResourceNotFound(f"no results for job {job_id!r}")


async def flood_sidecar(request: Request) -> Response:
    """GET /tiles/flood/{jobId}/frames.json: the sidecar with frame URLs relative to it."""
    job_id, tenant = request.path_params["job"], _tenant(request)
    _readable_job(request, tenant, job_id)
    _, doc = await run(_sidecar, services(request).store, tenant, job_id)
    return _json(doc)


async def flood_frame(request: Request) -> Response:
    """GET /tiles/flood/{jobId}/{file}.png: one depth frame listed in the job's sidecar."""
    job_id, name, tenant = request.path_params["job"], request.path_params["file"], _tenant(request)
    _readable_job(request, tenant, job_id)
    sidecar, doc = await run(_sidecar, services(request).store, tenant, job_id)
    listed = {f.get("file") for f in doc.get("frames", [])} | {(doc.get("max") or {}).get("file")}
    if not _FRAME.match(name) or name not in listed:
        raise ResourceNotFound(f"job {job_id} has no frame {name!r}")
    try:
        data = await run((sidecar.parent / name).read_bytes)
    except OSError as err:
        raise ResourceNotFound(f"frame {name} of job {job_id} is gone") from err
    cache = "public, max-age=3600" if request_guard(request) is None else "private, max-age=3600"
    return Response(data, media_type="image/png", headers={"Cache-Control": cache})


def tile_routes() -> list[BaseRoute]:
    """The routes of this module."""
    return [
        Route("/tiles/buildings/status", building_status, methods=["GET"]),
        Route("/tiles/buildings/tileset.json", tileset, methods=["GET"]),
        Route("/tiles/buildings/content/{tile}", content, methods=["GET"]),
        Route("/tiles/layers", list_layers, methods=["GET"]),
        Route("/tiles/layers/{layer}", layer_geojson, methods=["GET"]),
        Route("/tiles/devices.json", device_points, methods=["GET"]),
        Route("/tiles/flood", flood_jobs, methods=["GET"]),
        Route("/tiles/flood/{job}/frames.json", flood_sidecar, methods=["GET"]),
        Route("/tiles/flood/{job}/{file}", flood_frame, methods=["GET"]),
    ]
