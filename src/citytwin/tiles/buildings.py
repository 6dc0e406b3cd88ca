"""Building twins → extrusion records: footprint, base and top heights, the properties the viewer shows.

A footprint is the ``footprint`` GeoProperty when there is one, else ``location``; (multi)polygons are
used as they are (repaired when invalid), and a twin located by a point only gets a 10 m square so it can
still be seen and picked. Heights: ``height`` in metres, else floors × 3 m, else 10 m, standing on
``baseHeight`` (0 m). GeoJSON is parsed for all twins of a batch at once by GEOS.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import msgspec
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from citytwin.core.entities import ADMIN_CODE, LOCATION, AttrType, Entity
from citytwin.tiles.glb import Column

FOOTPRINT = "footprint"
STOREY_M = 3.0
DEFAULT_HEIGHT_M = 10.0
POINT_SIDE_M = 10.0
M_PER_DEG = 111_319.49
FLOOR_ATTRS = ("floorsAboveGround", "floors", "numberOfFloors", "storeys")
USE_ATTRS = ("buildingUse", "use", "usage", "category")
GEOMETRY_ATTRS = frozenset({FOOTPRINT, LOCATION, "height", "baseHeight", *FLOOR_ATTRS})
"""Attributes whose change alters the mesh (others only change the property table)."""
SHOWN_ATTRS = frozenset({*GEOMETRY_ATTRS, "name", ADMIN_CODE, *USE_ATTRS})
"""Every attribute a tile reads: the rest of a twin never reaches the tiles."""


def _plain(obj: Any) -> Any:
    # Entities built in code may carry numpy scalars; stored ones never do.
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(f"cannot encode {type(obj).__name__}")


_ENCODE = msgspec.json.Encoder(enc_hook=_plain).encode


@dataclass(slots=True)
class BuildingRecord:
    """What one tile needs of one building."""

    id: str
    type: str
    geom: BaseGeometry
    base: float
    top: float
    lng: float
    lat: float
    area_m2: float
    name: str
    floors: float | None
    use: str
    admin_code: str
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    size: float = 0.0
    """The larger of height and √area: how far off a missing building would show."""

    @property
    def weight(self) -> float:
        """Visual importance (volume): coarse levels of detail show the heaviest buildings first."""
        return max(self.area_m2, 1.0) * max(self.top - self.base, 1.0)


def _value(attrs: dict[str, Any], name: str) -> Any:
    # The default instance's value (a direct dict walk: this runs for every building of a city).
    for inst in attrs.get(name, ()):
        if inst.dataset_id is None:
            return inst.value
    return None


def _number(attrs: dict[str, Any], name: str) -> float | None:
    value = _value(attrs, name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    v = float(value)
    return v if np.isfinite(v) else None


def _text(value: Any) -> str:
    if isinstance(value, dict):  # a LanguageProperty map: Chinese first, then English, then any
        for key in ("zh", "zh-CN", "en"):
            if key in value:
                return str(value[key])
        return str(next(iter(value.values()), ""))
    return "" if value is None else str(value)


def _first(attrs: dict[str, Any], names: Sequence[str]) -> Any:
    for name in names:
        if name in attrs:
            value = _value(attrs, name)
            if value is not None:
                return value
    return None


def _geojson(entity: Entity) -> Any:
    for name in (FOOTPRINT, LOCATION):
        inst = entity.attr(name)
        if inst is not None and inst.type is AttrType.GEOPROPERTY:
            return inst.value
    return None


def _square(lng: float, lat: float, side_m: float) -> BaseGeometry:
    dy = side_m / 2 / M_PER_DEG
    dx = dy / max(np.cos(np.radians(lat)), 1e-6)
    return shapely.box(lng - dx, lat - dy, lng + dx, lat + dy)


def _polygonal(geom: BaseGeometry | None, valid: bool) -> BaseGeometry | None:
    if geom is None or geom.is_empty:
        return None
    kind = geom.geom_type
    if kind in ("Polygon", "MultiPolygon"):
        if not valid:
            geom = shapely.make_valid(geom)
            if geom.geom_type not in ("Polygon", "MultiPolygon"):
                polys = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
                geom = shapely.union_all(polys) if polys else None
        return None if geom is None or geom.is_empty else geom
    if kind == "Point":
        return _square(geom.x, geom.y, POINT_SIDE_M)
    return None


def _simple_ring(gj: Any) -> list[Any] | None:
    """The ring of a GeoJSON Polygon without holes, as given (most footprints), else None."""
    if gj.get("type") != "Polygon":
        return None
    coords = gj.get("coordinates")
    if (
        not isinstance(coords, list)
        or len(coords) != 1
        or not isinstance(coords[0], list)
        or len(coords[0]) < 4
    ):
        return None
    ring = coords[0]
    return ring if all(isinstance(p, list) and len(p) == 2 for p in ring) else None


def _parse(gjs: list[Any]) -> Any:
    """Shapely geometries of GeoJSON values (None where there is none or it does not parse).

    Plain one-ring polygons, nearly every footprint, are built from one coordinate array by GEOS; the
    rest go through GEOS's GeoJSON reader, which costs several times more per geometry.
    """
    out = np.full(len(gjs), None, dtype=object)
    simple: list[int] = []
    rings: list[list[Any]] = []
    other: list[int] = []
    texts: list[bytes] = []
    for i, gj in enumerate(gjs):
        if not isinstance(gj, dict):
            continue
        ring = _simple_ring(gj)
        if ring is not None:
            simple.append(i)
            rings.append(ring)
        else:
            other.append(i)
            texts.append(_ENCODE(gj))
    if simple:
        try:
            flat = np.array(list(chain.from_iterable(rings)), dtype=np.float64)
        except (TypeError, ValueError):  # a non-number coordinate: let the GeoJSON reader judge it
            other.extend(simple)
            texts.extend(_ENCODE(gjs[i]) for i in simple)
        else:
            which = np.repeat(np.arange(len(rings)), [len(r) for r in rings])
            out[np.array(simple)] = shapely.polygons(shapely.linearrings(flat, indices=which))
    if other:
        out[np.array(other)] = shapely.from_geojson(np.array(texts, dtype=object), on_invalid="ignore")
    return out


def records(entities: Iterable[Entity]) -> tuple[list[BuildingRecord], list[str]]:
    """Extrusion records of the twins that have a footprint (or a point), and the ids skipped."""
    chosen = list(entities)
    parsed = _parse([_geojson(e) for e in chosen])
    valid = shapely.is_valid(parsed) if len(parsed) else np.zeros(0, bool)
    out: list[BuildingRecord] = []
    skipped: list[str] = []
    geoms: list[BaseGeometry] = []
    for entity, raw, ok in zip(chosen, parsed, valid, strict=True):
        geom = _polygonal(raw, bool(ok))
        if geom is None:
            skipped.append(entity.id)
            continue
        geoms.append(geom)
        attrs = entity.attrs
        base = _number(attrs, "baseHeight") or 0.0
        height = _number(attrs, "height")
        floors = None
        for name in FLOOR_ATTRS:
            if name in attrs:
                floors = _number(attrs, name)
                if floors is not None:
                    break
        if height is None or height <= 0:
            height = floors * STOREY_M if floors is not None and floors > 0 else DEFAULT_HEIGHT_M
        out.append(BuildingRecord(
            id=entity.id, type=entity.type, geom=geom, base=base, top=base + height, lng=0.0, lat=0.0,
            area_m2=0.0, name=_text(_value(attrs, "name")), floors=floors,
            use=_text(_first(attrs, USE_ATTRS)), admin_code=str(_value(attrs, ADMIN_CODE) or ""),
        ))  # fmt: skip
    if out:
        arr = np.array(geoms, dtype=object)
        centre = shapely.get_coordinates(shapely.point_on_surface(arr))
        area_m2 = shapely.area(arr) * M_PER_DEG * M_PER_DEG * np.cos(np.radians(centre[:, 1]))
        bounds = shapely.bounds(arr).tolist()
        for rec, (lng, lat), a, box in zip(out, centre.tolist(), area_m2.tolist(), bounds, strict=True):
            rec.lng, rec.lat, rec.area_m2, rec.bbox = lng, lat, a, tuple(box)
            rec.size = max(rec.top - rec.base, math.sqrt(max(a, 0.0)))
    return out, skipped


def columns(recs: Sequence[BuildingRecord], omit: frozenset[str] = frozenset()) -> list[Column]:
    """The property table of a tile: one row per building, in feature-id order (``omit``: columns left
    out, those a subject's policy view never shows)."""
    cols = [
        Column("id", "STRING", [r.id for r in recs], "the twin's NGSI-LD id"),
        Column("type", "STRING", [r.type for r in recs]),
        Column("name", "STRING", [r.name for r in recs]),
        Column("height", "FLOAT32", [r.top - r.base for r in recs], "metres above its base"),
        Column("floors", "FLOAT32", [r.floors for r in recs]),
        Column("use", "STRING", [r.use for r in recs]),
        Column("adminCode", "STRING", [r.admin_code for r in recs], "GB/T 2260 code of its area"),
    ]
    return [c for c in cols if c.name not in omit] if omit else cols
