"""IFC 2x3 / IFC4 building models through ifcopenshell: the BIM platform's entry point.

The spatial structure becomes twins: IfcSite and IfcBuilding at the building level, storeys and spaces at
the component level, building elements at the part level, each ``partOf`` its parent and ``belongsTo`` its
building, with its attributes and property sets. Positions come from the object placements, georeferenced
by IfcMapConversion (IFC4) / ePSet_MapConversion (IFC2x3), else by IfcSite's RefLatitude/RefLongitude and
the context's true north. Rows are STEP instance numbers (``#123``).

Model QC goes into the import report: missing georeference, storeys without elevation, duplicate GlobalIds
(the later holder of a duplicate is rejected), elements outside the spatial structure.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ifcopenshell
import ifcopenshell.util.element as element_util
import ifcopenshell.util.placement as placement_util
import ifcopenshell.util.unit as unit_util
import numpy as np
import shapely
from ifcopenshell.util import geolocation

from citytwin.core.crs import WGS84, convert, parse_crs
from citytwin.core.entities import Attribute, AttrType
from citytwin.core.levels import ModelLevel
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.ingest.importers.coerce import plain
from citytwin.ingest.importers.model import CHUNK, ImportOptions, Link, QCIssue, Reader, SourceRecord

SITE, STOREY, SPACE, ELEMENT = "BuildingSite", "BuildingStorey", "BuildingSpace", "BuildingElement"
_MAP_METHODS = ("IfcMapConversion", "ePSet_MapConversion")
_SKIPPED_ELEMENTS = ("IfcFeatureElement", "IfcVirtualElement")
"""Openings and virtual boundaries are parts of other elements' geometry, not things of their own."""


def _guid_native(guid: str) -> str:
    return f"ifc:{guid}"


class _Georef:
    """Local placement (metres) → WGS84 longitude/latitude and absolute height."""

    def __init__(self, model: Any, unit_scale: float, reader: IFCReader) -> None:
        self.model = model
        self.unit = unit_scale
        self.crs: str | None = None
        self.method: str | None = None
        self.height0 = 0.0
        self._params = geolocation.get_helmert_transformation_parameters(model)
        if self._params is not None:
            info = geolocation.get_crs(model) or {}
            name = info.get("Name")
            try:
                self.crs = parse_crs(str(name)) if name else None
            except CitytwinError as err:
                reader.qc.append(
                    QCIssue("georeference", f"map conversion CRS {name!r}: {err.detail}", "error")
                )
                self.crs = None
            if self.crs is None:
                if name is None:
                    reader.qc.append(
                        QCIssue("georeference", "the map conversion names no target CRS", "error")
                    )
            else:
                self.method = "IfcMapConversion" if model.schema != "IFC2X3" else "ePSet_MapConversion"
                self._map_unit = _map_unit_scale(info, self._params.scale, unit_scale)
                return
        self._reference_point(reader)

    def _reference_point(self, reader: IFCReader) -> None:
        for site in self.model.by_type("IfcSite"):
            lat, lng = getattr(site, "RefLatitude", None), getattr(site, "RefLongitude", None)
            if lat and lng:
                lat_deg = geolocation.dms2dd(*lat)
                lng_deg = geolocation.dms2dd(*lng)
                self.crs = parse_crs(
                    f"+proj=aeqd +lat_0={lat_deg!r} +lon_0={lng_deg!r} +x_0=0 +y_0=0 +ellps=WGS84 +units=m"
                )
                self.method = "IfcSite.RefLatitude/RefLongitude"
                self.height0 = float(getattr(site, "RefElevation", None) or 0.0) * self.unit
                self._north = _true_north(self.model)
                return
        reader.qc.append(
            QCIssue(
                "georeference",
                "missing georeference: no IfcMapConversion (or ePSet_MapConversion) and no IfcSite "
                "RefLatitude/RefLongitude; the model's twins get no location",
                "error",
            )
        )

    def locate(self, matrix: np.ndarray) -> tuple[float, float, float] | None:
        """(lng, lat, absolute height in metres) of a placement matrix in project units."""
        if self.crs is None:
            return None
        if self._params is not None:
            world = geolocation.auto_local2global(self.model, matrix)
            x, y, z = (float(v) * self._map_unit for v in world[:3, 3])
        else:
            px, py, pz = (float(v) * self.unit for v in matrix[:3, 3])
            tx, ty = self._north
            x, y, z = px * ty - py * tx, px * tx + py * ty, pz + self.height0
        lng, lat = convert([x], [y], self.crs, WGS84)
        return float(lng[0]), float(lat[0]), z


def _map_unit_scale(info: dict[str, Any], scale: float, project_unit: float) -> float:
    """Metres per map unit: the CRS's MapUnit when given, else metres once Scale has converted units."""
    unit = info.get("MapUnit")
    if unit is not None and hasattr(unit, "is_a"):
        return float(unit_util.get_unit_scale(unit))
    return 1.0 if not math.isclose(scale, 1.0) else project_unit


def _true_north(model: Any) -> tuple[float, float]:
    """Unit vector of true north in the project's x/y axes (default +Y)."""
    for context in model.by_type("IfcGeometricRepresentationContext", include_subtypes=False):
        north = getattr(context, "TrueNorth", None)
        if north is not None:
            tx, ty = (float(v) for v in north.DirectionRatios[:2])
            norm = math.hypot(tx, ty)
            if norm > 0:
                return tx / norm, ty / norm
    return 0.0, 1.0


def _attributes(product: Any) -> dict[str, Any]:
    props: dict[str, Any] = {"globalId": product.GlobalId, "ifcClass": product.is_a()}
    for name, key in (
        ("Name", "name"),
        ("Description", "description"),
        ("ObjectType", "objectType"),
        ("LongName", "longName"),
        ("Tag", "tag"),
        ("PredefinedType", "predefinedType"),
    ):
        value = plain(getattr(product, name, None)) if hasattr(product, name) else None
        if value is not None:
            props[key] = str(value)
    return props


def _psets(product: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, values in element_util.get_psets(product).items():
        cleaned = {k: plain(v) for k, v in values.items() if k != "id"}
        cleaned = {k: v for k, v in cleaned.items() if v is not None}
        if cleaned:
            out[name] = cleaned
    return out


class IFCReader(Reader):
    """Products of an IFC model, parents before children."""

    default_type = "Building"
    id_namespace = "ifc"

    def __init__(self, path: Path, options: ImportOptions) -> None:
        super().__init__()
        self.path = path
        self.options = options
        self.format = "ifc"
        try:
            self.model = ifcopenshell.open(str(path))
        except (OSError, RuntimeError, ifcopenshell.Error) as err:
            raise BadRequestData(f"cannot read the IFC model {path.name}: {err}") from None
        self.unit = float(unit_util.calculate_unit_scale(self.model))
        self.georef = _Georef(self.model, self.unit, self)
        self.crs = WGS84  # positions are converted to WGS84 here, from the model's own georeference
        self.native_crs = self.georef.crs if self.georef.method in _MAP_METHODS else None
        self._first_holder = self._check_guids()
        self._order = self._products()
        self.total = len(self._order)
        self.metadata = {
            "schema": self.model.schema,
            "georeference": self.georef.method,
            "mapCrs": self.native_crs,
            "lengthUnitMetres": self.unit,
        }

    def _check_guids(self) -> dict[str, int]:
        first: dict[str, int] = {}
        dupes: dict[str, list[int]] = {}
        for item in self.model.by_type("IfcRoot"):
            guid = item.GlobalId
            if guid in first:
                dupes.setdefault(guid, [first[guid]]).append(item.id())
            else:
                first[guid] = item.id()
        for guid, ids in dupes.items():
            where = ", ".join(f"#{i}" for i in ids)
            self.qc.append(
                QCIssue("duplicate-globalid", f"GlobalId {guid} is used by {where}", "error", ref=guid)
            )
        return first

    def _products(self) -> list[tuple[Any, str | None, Any]]:
        """(product, twin type, parent product) in parent-first order."""
        out: list[tuple[Any, str | None, Any]] = []
        seen: set[int] = set()

        def visit(product: Any, kind: str | None, parent: Any) -> None:
            if product.id() in seen:
                return
            seen.add(product.id())
            out.append((product, kind, parent))
            for child in sorted(
                element_util.get_decomposition(product, is_recursive=False), key=lambda p: p.id()
            ):
                visit(child, _twin_type(child), product)

        sites: list[Any] = list(self.model.by_type("IfcSite"))
        buildings: list[Any] = list(self.model.by_type("IfcBuilding"))
        elements: list[Any] = list(self.model.by_type("IfcElement"))
        if not buildings:
            self.qc.append(QCIssue("structure", "the model has no IfcBuilding", "error"))
        for site in sites:
            visit(site, SITE, None)
        for building in buildings:
            visit(building, None, None)
        for product in elements:
            if product.id() in seen or any(product.is_a(s) for s in _SKIPPED_ELEMENTS):
                continue
            parent = element_util.get_container(product) or element_util.get_aggregate(product)
            if parent is None:
                self.qc.append(
                    QCIssue(
                        "spatial-structure",
                        f"{product.is_a()} {product.GlobalId} is in no storey, space or building",
                        row=product.id(),
                        ref=product.GlobalId,
                    )
                )
            visit(product, ELEMENT, parent)
        return out

    def records(self, chunk: int = CHUNK) -> Iterator[list[SourceRecord]]:
        """One record per site, building, storey, space and element."""
        batch: list[SourceRecord] = []
        building_of: dict[int, Any] = {}
        for product, kind, parent in self._order:
            if product.is_a("IfcBuilding"):
                building_of[product.id()] = product
            elif parent is not None and parent.id() in building_of:
                building_of[product.id()] = building_of[parent.id()]
            batch.append(self._record(product, kind, parent, building_of.get(product.id())))
            if len(batch) >= chunk:
                yield batch
                batch = []
        if batch:
            yield batch

    def _record(self, product: Any, kind: str | None, parent: Any, building: Any) -> SourceRecord:
        record = SourceRecord(product.id(), native_id=_guid_native(product.GlobalId), entity_type=kind)
        first = self._first_holder.get(product.GlobalId)
        if first is not None and first != product.id():
            record.problem = f"duplicate GlobalId: {product.GlobalId} is also used by #{first}"
            return record
        record.level = _LEVELS.get(kind, ModelLevel.BUILDING)
        record.properties = _attributes(product)
        psets = _psets(product)
        if psets:
            record.attributes["propertySets"] = Attribute(AttrType.JSON_PROPERTY, psets)
        if parent is not None:
            record.links["partOf"] = Link(_guid_native(parent.GlobalId), _twin_type(parent) or None)
        if building is not None and building is not product and building is not parent:
            record.links["belongsTo"] = Link(_guid_native(building.GlobalId))
        if product.is_a("IfcBuildingStorey"):
            self._storey(product, record)
        placement = getattr(product, "ObjectPlacement", None)
        if placement is not None:
            located = self.georef.locate(placement_util.get_local_placement(placement))
            if located is not None:
                lng, lat, height = located
                record.geometry = shapely.Point(lng, lat)
                record.attributes["placementHeight"] = Attribute(
                    AttrType.PROPERTY, round(height, 3), unit_code="MTR"
                )
        return record

    def _storey(self, storey: Any, record: SourceRecord) -> None:
        elevation = getattr(storey, "Elevation", None)
        if elevation is None:
            self.qc.append(
                QCIssue(
                    "storey-elevation",
                    f"storey {storey.Name or storey.GlobalId} has no elevation",
                    row=storey.id(),
                    ref=storey.GlobalId,
                )
            )
            return
        record.attributes["elevation"] = Attribute(
            AttrType.PROPERTY, round(float(elevation) * self.unit, 3), unit_code="MTR"
        )


def _twin_type(product: Any) -> str | None:
    if product.is_a("IfcSite"):
        return SITE
    if product.is_a("IfcBuilding"):
        return None  # the import's --as type (Building by default)
    if product.is_a("IfcBuildingStorey"):
        return STOREY
    if product.is_a("IfcSpace"):
        return SPACE
    return ELEMENT


_LEVELS = {
    SITE: ModelLevel.BUILDING,
    None: ModelLevel.BUILDING,
    STOREY: ModelLevel.COMPONENT,
    SPACE: ModelLevel.COMPONENT,
    ELEMENT: ModelLevel.PART,
}
