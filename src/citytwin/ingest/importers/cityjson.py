"""CityJSON 1.x/2.0 (and CityJSONSeq ``.jsonl``): buildings at the building level, their parts below.

Each city object becomes one record. Its 2D footprint is the union of its ground surfaces (semantic
``GroundSurface``), else of the footprints of all its surfaces; its height is the vertical extent of its
vertices; the semantic surfaces of its highest LoD are summarised as counts and 3D areas per surface type.
Building parts and installations become component-level twins ``partOf`` their parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from citytwin.core.entities import Attribute, AttrType
from citytwin.core.levels import ModelLevel
from citytwin.errors import BadRequestData
from citytwin.ingest.importers.coerce import attribute_name, plain
from citytwin.ingest.importers.model import CHUNK, ImportOptions, Link, Reader, SourceRecord

PART_TYPES = {
    "BuildingPart": ("BuildingPart", ModelLevel.COMPONENT),
    "BuildingInstallation": ("BuildingInstallation", ModelLevel.COMPONENT),
    "BuildingConstructiveElement": ("BuildingComponent", ModelLevel.COMPONENT),
    "BuildingStorey": ("BuildingStorey", ModelLevel.COMPONENT),
    "BuildingRoom": ("BuildingSpace", ModelLevel.COMPONENT),
    "BuildingUnit": ("BuildingUnit", ModelLevel.COMPONENT),
    "BuildingFurniture": ("BuildingElement", ModelLevel.PART),
}
"""CityJSON types below a building: the twin type and level they become."""
_EPSG = re.compile(r"EPSG(?:/0/|::|:)(\d+)", re.IGNORECASE)
_MIN_AREA = 1e-12


def _horizontal_crs(text: str | None) -> str | None:
    """``EPSG:<code>`` of the horizontal part of a CityJSON referenceSystem (compound CRSs are split)."""
    if not text:
        return None
    match = _EPSG.search(text)
    if match is None:
        raise BadRequestData(f"CityJSON referenceSystem {text!r} names no EPSG code")
    code = int(match.group(1))
    try:
        crs = CRS.from_epsg(code)
    except CRSError as err:
        raise BadRequestData(f"CityJSON referenceSystem EPSG:{code} is unknown: {err}") from None
    if crs.is_compound and crs.sub_crs_list:
        horizontal = crs.sub_crs_list[0].to_epsg()
        if horizontal is not None:
            return f"EPSG:{horizontal}"
    return f"EPSG:{code}"


def _surfaces(geometry: dict[str, Any]) -> list[tuple[list[list[int]], str | None]]:
    """Every surface (rings of vertex indices) of a geometry object with its semantic surface type."""
    kind = geometry.get("type")
    boundaries = geometry.get("boundaries") or []
    semantics = geometry.get("semantics") or {}
    names = [s.get("type") for s in semantics.get("surfaces", [])]
    values = semantics.get("values")

    def sem(index: Any) -> str | None:
        return names[index] if isinstance(index, int) and 0 <= index < len(names) else None

    out: list[tuple[list[list[int]], str | None]] = []
    if kind in ("MultiSurface", "CompositeSurface"):
        for i, surface in enumerate(boundaries):
            out.append((surface, sem(values[i] if values else None)))
    elif kind == "Solid":
        for s, shell in enumerate(boundaries):
            for i, surface in enumerate(shell):
                out.append((surface, sem(values[s][i] if values else None)))
    elif kind in ("MultiSolid", "CompositeSolid"):
        for k, solid in enumerate(boundaries):
            for s, shell in enumerate(solid):
                for i, surface in enumerate(shell):
                    out.append((surface, sem(values[k][s][i] if values else None)))
    return out


def _area3d(ring: np.ndarray) -> float:
    """Area of a planar 3D ring (Newell's method)."""
    if len(ring) < 3:
        return 0.0
    nxt = np.roll(ring, -1, axis=0)
    normal = np.cross(ring, nxt).sum(axis=0)
    return float(np.linalg.norm(normal) / 2)


def _polygon2d(rings: list[np.ndarray]) -> BaseGeometry | None:
    try:
        polygon = shapely.Polygon(rings[0][:, :2], [r[:, :2] for r in rings[1:] if len(r) >= 3])
    except (ValueError, shapely.errors.ShapelyError):
        return None
    if polygon.area <= _MIN_AREA:
        return None  # a wall seen from above
    if polygon.is_valid:
        return polygon
    # A surface that folds over itself seen from above: keep its area, drop the slivers make_valid leaves.
    parts = [p for p in shapely.get_parts(shapely.make_valid(polygon)).tolist() if p.geom_type == "Polygon"]
    return shapely.union_all(parts) if parts else None


class CityJSONReader(Reader):
    """City objects of a CityJSON file or CityJSONSeq stream, parents before their parts."""

    default_type = "Building"

    def __init__(self, path: Path, options: ImportOptions) -> None:
        super().__init__()
        self.path = path
        self.options = options
        self.format = "cityjson"
        text = path.read_bytes()
        try:
            if path.suffix.lower() == ".jsonl":
                lines = [msgspec.json.decode(line) for line in text.splitlines() if line.strip()]
                header, features = lines[0], lines[1:]
            else:
                header = msgspec.json.decode(text)
                features = [header]
        except msgspec.DecodeError as err:
            raise BadRequestData(f"{path.name} is not valid JSON: {err}") from None
        if not isinstance(header, dict) or header.get("type") != "CityJSON":
            raise BadRequestData(f"{path.name} is not CityJSON (its 'type' is not \"CityJSON\")")
        self.version = str(header.get("version", ""))
        transform = header.get("transform") or {}
        self._scale = np.asarray(transform.get("scale", [1.0, 1.0, 1.0]), dtype=np.float64)
        self._translate = np.asarray(transform.get("translate", [0.0, 0.0, 0.0]), dtype=np.float64)
        metadata = header.get("metadata") or {}
        self.crs = _horizontal_crs(metadata.get("referenceSystem") or metadata.get("crs"))
        self._features = features
        self.total = sum(len(f.get("CityObjects") or {}) for f in features)
        self.metadata = {"cityjsonVersion": self.version, "referenceSystem": metadata.get("referenceSystem")}

    def records(self, chunk: int = CHUNK) -> Iterator[list[SourceRecord]]:
        """City objects in batches, each feature's parents before their parts."""
        batch: list[SourceRecord] = []
        row = 0
        for feature in self._features:
            raw = np.asarray(feature.get("vertices") or [], dtype=np.float64).reshape(-1, 3)
            vertices = raw * self._scale + self._translate
            objects: dict[str, Any] = feature.get("CityObjects") or {}
            numbers = {key: i for i, key in enumerate(objects)}
            for key in sorted(objects, key=lambda k: (_depth(objects, k), numbers[k])):
                batch.append(self._record(row + numbers[key] + 1, key, objects[key], vertices))
                if len(batch) >= chunk:
                    yield batch
                    batch = []
            row += len(objects)
        if batch:
            yield batch

    def _record(self, row: int, key: str, obj: dict[str, Any], vertices: np.ndarray) -> SourceRecord:
        kind = str(obj.get("type", "GenericCityObject")).lstrip("+")
        record = SourceRecord(row, native_id=key)
        record.properties["cityjsonId"] = key
        record.properties["cityObjectType"] = kind
        for name, value in (obj.get("attributes") or {}).items():
            item = plain(value)
            if item is not None:
                record.properties[attribute_name(name)] = item
        if kind in PART_TYPES:
            record.entity_type, record.level = PART_TYPES[kind]
        elif kind != "Building":
            record.entity_type = re.sub(r"[^A-Za-z0-9_]", "", kind) or "CityObject"
        parents = obj.get("parents") or []
        if parents:
            # Resolved by native id: parents are read before their parts.
            record.links["partOf"] = Link(str(parents[0]))
        try:
            self._geometry(record, obj, vertices)
        except (IndexError, ValueError, TypeError) as err:
            record.problem = f"bad CityJSON geometry: {err}"
        return record

    def _geometry(self, record: SourceRecord, obj: dict[str, Any], vertices: np.ndarray) -> None:
        geometries = [g for g in obj.get("geometry") or [] if isinstance(g, dict)]
        if not geometries:
            return
        if any(g.get("type") == "GeometryInstance" for g in geometries):
            self.warnings.append("geometry templates (GeometryInstance) are not expanded")
            geometries = [g for g in geometries if g.get("type") != "GeometryInstance"]
            if not geometries:
                return
        best = max(geometries, key=lambda g: _lod(g.get("lod")))
        surfaces = _surfaces(best)
        record.properties["lod"] = str(best.get("lod", ""))
        ground: list[BaseGeometry] = []
        every: list[BaseGeometry] = []
        summary: dict[str, dict[str, Any]] = {}
        used: list[int] = []
        for rings_idx, semantic in surfaces:
            rings = [vertices[np.asarray(r, dtype=np.int64)] for r in rings_idx if len(r) >= 3]
            if not rings:
                continue
            used.extend(i for r in rings_idx for i in r)
            polygon = _polygon2d(rings)
            if polygon is not None:
                every.append(polygon)
                if semantic == "GroundSurface":
                    ground.append(polygon)
            if semantic is not None:
                entry = summary.setdefault(semantic, {"count": 0, "area": 0.0})
                entry["count"] += 1
                entry["area"] += _area3d(rings[0]) - sum(_area3d(r) for r in rings[1:])
        footprint = shapely.union_all(ground or every) if (ground or every) else None
        if footprint is not None and not footprint.is_empty:
            record.geometry = footprint
        if used:
            z = vertices[np.unique(np.asarray(used, dtype=np.int64)), 2]
            height = float(z.max() - z.min())
            record.attributes["height"] = Attribute(AttrType.PROPERTY, round(height, 3), unit_code="MTR")
            record.attributes["groundElevation"] = Attribute(
                AttrType.PROPERTY, round(float(z.min()), 3), unit_code="MTR"
            )
        if summary:
            for entry in summary.values():
                entry["area"] = round(entry["area"], 3)
            record.attributes["semanticSurfaces"] = Attribute(AttrType.JSON_PROPERTY, summary)


def _lod(value: Any) -> float:
    try:
        return float(str(value))
    except ValueError:
        return -1.0


def _depth(objects: dict[str, Any], key: str) -> int:
    depth, seen = 0, {key}
    current = objects.get(key) or {}
    while current.get("parents"):
        parent = str(current["parents"][0])
        if parent in seen or parent not in objects:
            break
        seen.add(parent)
        depth += 1
        current = objects[parent]
    return depth
