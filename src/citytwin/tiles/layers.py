"""The viewer's base layers, from the twin: boundaries, roads and water as GeoJSON, devices as points.

Each layer is a set of twin types with a simplification tolerance fit for a city-wide view. A whole layer
is cached per tenant and dropped when a twin of its types changes; a ``bbox`` request reads the store.
Devices are many (300,000 at city scale), so they are only served by bounding box, as compact columns.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import shapely
from shapely.geometry.base import BaseGeometry

from citytwin.core.entities import ADMIN_CODE, Entity
from citytwin.core.events import EntityChange
from citytwin.core.geometry import to_geojson
from citytwin.core.query import EntityQuery, GeoFilter, GeoRel, types_of
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.storage.base import Store

PAGE = 2000
MAX_FEATURES = 50_000
MAX_DEVICES = 20_000
_ENCODE = msgspec.json.Encoder().encode


@dataclass(frozen=True, slots=True)
class Layer:
    """A base layer: its twin types, names and the simplification tolerance (degrees)."""

    id: str
    types: tuple[str, ...]
    name_zh: str
    name_en: str
    tolerance: float
    kind: str  # "polygon", "line" or "point"


LAYERS: dict[str, Layer] = {
    layer.id: layer
    for layer in (
        Layer("districts", ("District",), "行政区", "Districts", 0.0005, "polygon"),
        Layer("streets", ("SubDistrict",), "街道", "Streets", 0.0003, "polygon"),
        Layer("communities", ("Community",), "社区", "Communities", 0.0001, "polygon"),
        Layer("roads", ("Road", "RoadSegment"), "道路", "Roads", 0.00003, "line"),
        Layer("drainage", ("DrainagePipe",), "排水管网", "Drainage pipes", 0.00003, "line"),
        Layer("water", ("WaterBody", "River"), "水系", "Water", 0.00005, "polygon"),
    )
}
DEVICE_TYPES = ("Device",)


def layer(layer_id: str) -> Layer:
    """A layer by id (ResourceNotFound naming the known ones)."""
    found = LAYERS.get(layer_id)
    if found is None:
        raise ResourceNotFound(f"no base layer {layer_id!r}; known: {', '.join(LAYERS)}")
    return found


def parse_bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in WGS84 degrees (BadRequestData when malformed)."""
    if raw is None or raw == "":
        return None
    try:
        w, s, e, n = (float(v) for v in raw.split(","))
    except ValueError:
        raise BadRequestData(f"bbox must be west,south,east,north in degrees, got {raw!r}") from None
    if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
        raise BadRequestData(f"bbox {raw!r} is not a west < east, south < north box in degrees")
    return (w, s, e, n)


def _name(entity: Entity) -> str:
    value = entity.value("name")
    if isinstance(value, dict):
        return str(value.get("zh") or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _feature(entity: Entity, geom: BaseGeometry, sparse: bool = False) -> dict[str, Any]:
    props = {"name": _name(entity), "type": entity.type, "adminCode": entity.value(ADMIN_CODE)}
    if sparse:  # a subject's view: what it may not see is absent, not shown empty
        props = {k: v for k, v in props.items() if k == "type" or k in entity.attrs}
    return {"type": "Feature", "id": entity.id, "geometry": to_geojson(geom), "properties": props}


def _entities(store: Store, tenant: str, query: EntityQuery, cap: int) -> tuple[list[Entity], bool]:
    twin = store.tenant(tenant)
    out: list[Entity] = []
    offset = 0
    while len(out) < cap:
        page = twin.query(EntityQuery(**{**_fields(query), "offset": offset, "limit": PAGE})).entities
        out.extend(page)
        offset += len(page)
        if len(page) < PAGE:
            return out[:cap], len(out) > cap
    return out[:cap], True


def _fields(query: EntityQuery) -> dict[str, Any]:
    return {name: getattr(query, name) for name in EntityQuery.__dataclass_fields__}


def features(
    store: Store,
    tenant: str,
    lay: Layer,
    bbox: Sequence[float] | None = None,
    cap: int = MAX_FEATURES,
    *,
    sparse: bool = False,
) -> dict[str, Any]:
    """A layer as a GeoJSON FeatureCollection (simplified; ``truncated`` when ``cap`` was reached).

    ``sparse``: leave out properties whose attribute the (governed) store did not return, for a subject's
    view, rather than showing them empty."""
    geo = None if bbox is None else GeoFilter(GeoRel.INTERSECTS, shapely.box(*bbox))
    query = EntityQuery(types=types_of(*lay.types), geo=geo, attrs=("location", "name", ADMIN_CODE))
    entities, truncated = _entities(store, tenant, query, cap)
    located = [(e, g) for e in entities if (g := e.location()) is not None]
    geoms = shapely.simplify(
        [g for _, g in located], lay.tolerance, preserve_topology=True
    ) if located else []  # fmt: skip
    feats = [_feature(e, g, sparse) for (e, _), g in zip(located, geoms, strict=True) if not g.is_empty]
    return {
        "type": "FeatureCollection",
        "layer": {"id": lay.id, "name": {"zh": lay.name_zh, "en": lay.name_en}, "kind": lay.kind},
        "features": feats,
        "truncated": truncated,
    }


def devices(store: Store, tenant: str, bbox: Sequence[float], cap: int = MAX_DEVICES) -> dict[str, Any]:
    """Devices inside ``bbox`` as columns: ids, device types, states and [lng, lat] points."""
    query = EntityQuery(
        types=types_of(*DEVICE_TYPES),
        geo=GeoFilter(GeoRel.INTERSECTS, shapely.box(*bbox)),
        attrs=("location", "deviceType", "deviceState", "name"),
    )
    entities, truncated = _entities(store, tenant, query, cap)
    ids, kinds, states, points = [], [], [], []
    for e in entities:
        geom = e.location()
        if geom is None:
            continue
        p = geom if geom.geom_type == "Point" else geom.representative_point()
        ids.append(e.id)
        kinds.append(str(e.value("deviceType") or ""))
        states.append(str(e.value("deviceState") or ""))
        points.append([round(p.x, 7), round(p.y, 7)])
    return {"ids": ids, "deviceTypes": kinds, "states": states, "coordinates": points, "truncated": truncated}


class LayerCache:
    """Whole-layer GeoJSON per (tenant, layer), dropped when a twin of the layer's types changes."""

    def __init__(self, store: Store, *, sparse: bool = False) -> None:
        self.store = store
        self.sparse = sparse
        """A subject's view (the store is governed): absent properties are left out."""
        self._cache: dict[tuple[str, str], bytes] = {}
        self._generation: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self._by_type = {t: lay.id for lay in LAYERS.values() for t in lay.types}

    def on_change(self, change: EntityChange) -> None:
        """Bus listener: forget the layers of the changed twin's types."""
        self.forget_types(change.tenant, change.types)

    def forget_types(self, tenant: str, types: Sequence[str]) -> None:
        """Forget the cached layers that hold twins of these types."""
        hit = {self._by_type[t] for t in types if t in self._by_type}
        if hit:
            with self._lock:
                for layer_id in hit:
                    key = (tenant, layer_id)
                    self._cache.pop(key, None)
                    self._generation[key] = self._generation.get(key, 0) + 1

    def geojson(self, tenant: str, layer_id: str) -> bytes:
        """A whole layer's GeoJSON bytes (cached)."""
        lay = layer(layer_id)
        key = (tenant, layer_id)
        with self._lock:
            hit = self._cache.get(key)
            generation = self._generation.get(key, 0)
        if hit is not None:
            return hit
        data = _ENCODE(features(self.store, tenant, lay, sparse=self.sparse))
        with self._lock:
            # A change while the layer was read makes this copy stale: serve it, but do not keep it.
            if self._generation.get(key, 0) == generation:
                self._cache[key] = data
        return data
