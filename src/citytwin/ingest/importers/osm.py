"""OpenStreetMap XML and PBF through pyosmium: buildings, the road graph and points of interest.

* Buildings (ways and multipolygons tagged ``building``) with ``height`` (metres, from ``height`` or, marked
  as estimated, 3 m per ``building:levels``) and ``floors``.
* Roads as a graph: every ``highway`` way is cut at its junctions (nodes shared with another road) and ends;
  each piece is a ``RoadSegment`` twin with ``fromNode`` / ``toNode`` relationships to ``RoadNode`` twins, and
  its length in metres.
* Points of interest: nodes (and non-building areas) tagged amenity, shop, tourism, leisure, office ...

OSM ids are global, so the same way imported from two extracts is one twin. Rows count the file's elements
in order (nodes, then ways, then relations).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import osmium
import shapely
from pyproj import Geod

from citytwin.core.entities import Attribute, AttrType
from citytwin.errors import BadRequestData
from citytwin.ingest.importers.coerce import number
from citytwin.ingest.importers.model import CHUNK, ImportOptions, Link, Reader, SourceRecord

POI_KEYS = (
    "amenity",
    "shop",
    "tourism",
    "leisure",
    "office",
    "healthcare",
    "craft",
    "historic",
    "emergency",
    "public_transport",
    "railway",
    "aeroway",
)
ROAD_CLASSES = frozenset(
    {
        "motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential",
        "motorway_link", "trunk_link", "primary_link", "secondary_link", "tertiary_link",
        "living_street", "service", "pedestrian", "track", "road", "busway",
        "footway", "cycleway", "path", "steps", "bridleway",
    }
)  # fmt: skip
ROAD_TAGS = ("name", "ref", "oneway", "lanes", "maxspeed", "surface", "bridge", "tunnel", "layer")
BUILDING_TAGS = ("name", "building", "roof:shape", "start_date", "min_height")
METRES_PER_LEVEL = 3.0
_GEOD = Geod(ellps="WGS84")


@dataclass(slots=True)
class _Road:
    way_id: int
    row: int
    tags: dict[str, str]
    refs: list[int]
    coords: list[tuple[float, float]]


def _tags(obj: Any) -> dict[str, str]:
    return {t.k: t.v for t in obj.tags}


def _address(tags: dict[str, str]) -> str | None:
    if "addr:full" in tags:
        return tags["addr:full"]
    parts = [tags.get(k) for k in ("addr:city", "addr:district", "addr:street", "addr:housenumber")]
    text = "".join(p for p in parts if p)
    return text or None


def _poi_category(tags: dict[str, str]) -> str | None:
    for key in POI_KEYS:
        if key in tags and tags[key] not in ("no", "yes"):
            return f"{key}={tags[key]}"
    return None


class OSMReader(Reader):
    """Buildings, POIs and the road graph of an OSM file (read in one pass, roads split afterwards)."""

    default_type = "Building"
    id_namespace = "openstreetmap"

    def __init__(self, path: Path, options: ImportOptions) -> None:
        super().__init__()
        self.path = path
        self.options = options
        self.format = "osm"
        self.crs = "EPSG:4326"
        self._cut_roads = 0

    def records(self, chunk: int = CHUNK) -> Iterator[list[SourceRecord]]:
        """Buildings and POIs as they are read, then road nodes and segments."""
        batch: list[SourceRecord] = []
        roads: list[_Road] = []
        rows: dict[tuple[str, int], int] = {}
        wkb = osmium.geom.WKBFactory()
        counts: Counter[str] = Counter()
        try:
            processor = osmium.FileProcessor(str(self.path)).with_areas()
            row = 0
            for obj in processor:
                if isinstance(obj, osmium.osm.Area):
                    record = self._area(obj, wkb, rows)
                elif isinstance(obj, osmium.osm.Node | osmium.osm.Way | osmium.osm.Relation):
                    row += 1
                    kind = (
                        "node"
                        if isinstance(obj, osmium.osm.Node)
                        else "way"
                        if isinstance(obj, osmium.osm.Way)
                        else "relation"
                    )
                    rows[(kind, obj.id)] = row
                    record = self._element(obj, kind, row, roads)
                else:
                    continue
                if record is not None:
                    counts[record.entity_type or "Building"] += 1
                    batch.append(record)
                    if len(batch) >= chunk:
                        yield batch
                        batch = []
        except RuntimeError as err:
            raise BadRequestData(f"cannot read the OSM file {self.path.name}: {err}") from None
        for record in self._graph(roads):
            counts[record.entity_type or ""] += 1
            batch.append(record)
            if len(batch) >= chunk:
                yield batch
                batch = []
        self.metadata = {"elements": dict(counts)}
        if self._cut_roads:
            self.warnings.append(
                f"{self._cut_roads} road ways have nodes outside the file (cut by the extract); left out"
            )
        if batch:
            yield batch

    def _element(self, obj: Any, kind: str, row: int, roads: list[_Road]) -> SourceRecord | None:
        tags = _tags(obj)
        if kind == "node":
            category = _poi_category(tags)
            if category is None:
                return None
            record = self._poi(f"osm:node/{obj.id}", row, tags, category)
            record.geometry = shapely.Point(obj.location.lon, obj.location.lat)
            return record
        if kind == "way" and tags.get("highway") in ROAD_CLASSES and tags.get("area") != "yes":
            coords: list[tuple[float, float]] = []
            refs: list[int] = []
            for node in obj.nodes:
                if not node.location.valid():
                    self._cut_roads += 1  # a way leaving the extract: its nodes outside are missing
                    return None
                refs.append(node.ref)
                coords.append((node.location.lon, node.location.lat))
            if len(refs) >= 2:
                roads.append(_Road(obj.id, row, tags, refs, coords))
        return None

    def _poi(self, native: str, row: int, tags: dict[str, str], category: str) -> SourceRecord:
        record = SourceRecord(row, native_id=native, entity_type="PointOfInterest")
        record.properties = {"osmId": native.removeprefix("osm:"), "category": category}
        if "name" in tags:
            record.properties["name"] = tags["name"]
        address = _address(tags)
        if address:
            record.properties["address"] = address
        record.attributes["osmTags"] = Attribute(AttrType.JSON_PROPERTY, tags)
        return record

    def _area(self, area: Any, wkb: Any, rows: dict[tuple[str, int], int]) -> SourceRecord | None:
        tags = _tags(area)
        is_building = tags.get("building", "no") != "no"
        category = None if is_building else _poi_category(tags)
        if not is_building and category is None:
            return None
        kind = "way" if area.from_way() else "relation"
        native = f"osm:{kind}/{area.orig_id()}"
        row = rows.get((kind, area.orig_id()), 0)
        try:
            geometry = shapely.from_wkb(wkb.create_multipolygon(area))
        except RuntimeError as err:
            record = SourceRecord(row, native_id=native, problem=f"unusable OSM area: {err}")
            return record
        if len(shapely.get_parts(geometry)) == 1:
            geometry = shapely.get_parts(geometry)[0]
        if not is_building:
            record = self._poi(native, row, tags, str(category))
            record.geometry = geometry
            return record
        record = SourceRecord(row, geometry=geometry, native_id=native)
        record.properties = {"osmId": native.removeprefix("osm:")}
        for key in BUILDING_TAGS:
            if key in tags:
                record.properties[key.replace(":", "_")] = tags[key]
        address = _address(tags)
        if address:
            record.properties["address"] = address
        self._height(record, tags)
        record.attributes["osmTags"] = Attribute(AttrType.JSON_PROPERTY, tags)
        return record

    def _height(self, record: SourceRecord, tags: dict[str, str]) -> None:
        levels = number(tags.get("building:levels"))
        if levels is not None:
            record.properties["floors"] = int(levels)
        height = number(tags.get("height"))
        if height is not None and tags.get("height", "").strip().endswith(("ft", "'")):
            height *= 0.3048
        if height is not None:
            record.attributes["height"] = Attribute(AttrType.PROPERTY, round(height, 2), unit_code="MTR")
        elif levels is not None:
            record.attributes["height"] = Attribute(
                AttrType.PROPERTY, round(levels * METRES_PER_LEVEL, 2), unit_code="MTR"
            )
            record.properties["heightEstimated"] = True

    def _graph(self, roads: list[_Road]) -> Iterator[SourceRecord]:
        """Road nodes (junctions and ends, with their degree) and the segments between them."""
        uses: Counter[int] = Counter()
        for road in roads:
            uses.update(road.refs)
            uses[road.refs[0]] += 1  # way ends are graph nodes even where no other road meets them
            uses[road.refs[-1]] += 1
        pieces: list[tuple[_Road, int, int]] = []
        degree: Counter[int] = Counter()
        for road in roads:
            start = 0
            for i in range(1, len(road.refs)):
                if uses[road.refs[i]] >= 2 or i == len(road.refs) - 1:
                    pieces.append((road, start, i))
                    degree[road.refs[start]] += 1
                    degree[road.refs[i]] += 1
                    start = i
        emitted: set[int] = set()
        for road, start, end in pieces:
            for k in (start, end):
                ref = road.refs[k]
                if ref not in emitted:
                    emitted.add(ref)
                    yield self._node(ref, road, k, degree[ref])
            yield self._segment(road, start, end)

    def _node(self, ref: int, road: _Road, k: int, degree: int) -> SourceRecord:
        record = SourceRecord(road.row, native_id=f"osm:node/{ref}", entity_type="RoadNode")
        record.geometry = shapely.Point(road.coords[k])
        record.properties = {"osmId": f"node/{ref}", "degree": degree}
        return record

    def _segment(self, road: _Road, start: int, end: int) -> SourceRecord:
        coords = road.coords[start : end + 1]
        native = f"osm:way/{road.way_id}/{start}"
        record = SourceRecord(road.row, native_id=native, entity_type="RoadSegment")
        record.geometry = shapely.LineString(coords)
        lons, lats = zip(*coords, strict=True)
        length = float(_GEOD.line_length(lons, lats))
        record.properties = {"osmId": f"way/{road.way_id}", "highway": road.tags["highway"]}
        for key in ROAD_TAGS:
            if key in road.tags:
                record.properties[key] = road.tags[key]
        record.attributes["length"] = Attribute(AttrType.PROPERTY, round(length, 2), unit_code="MTR")
        record.links["fromNode"] = Link(f"osm:node/{road.refs[start]}", "RoadNode")
        record.links["toNode"] = Link(f"osm:node/{road.refs[end]}", "RoadNode")
        return record
