"""The gazetteer's places and name indexes, read from twin entities (used by ``ingest.geocode``).

A *place* is what an address can land on: an administrative area (its representative point), a road (its
line, optionally with house-number ranges), a building or a named POI. Names are indexed by their normalised
form (``core.address.normalize``) for exact lookups, and by their one-character deletions, so that names one
edit away (a typo, a missing or an extra character) are found without scanning.

Conventions read from entities:

- ``name`` (Property string or LanguageProperty map) and ``alternateName`` (string or list) name a place.
- ``address`` (string, or an object with ``streetAddress`` / ``addressLocality`` ...) is parsed: a building
  or POI is then also found by its road and house number.
- Roads are entities of type Road, RoadSegment or Street with a line ``location``; ``houseNumberFrom`` and
  ``houseNumberTo`` (integers) give the house numbers at the line's start and end, so numbers in between
  are interpolated along it.
- ``adminCode`` places a building or POI in its community; without one the gazetteer finds the community
  whose polygon holds the point.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import ne
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from citytwin.core.address import house_number, normalize, parse_address
from citytwin.core.codes import beidou
from citytwin.core.entities import LOCATION, AttrType, Entity

AREA_LEVELS = {"City": "city", "District": "district", "SubDistrict": "street", "Community": "community"}
ROAD_TYPES = frozenset({"Road", "RoadSegment", "Street"})
BUILDING_TYPES = frozenset({"Building", "BuildingPart"})
SKIP_TYPES = frozenset({"RoadNode", "GridCell", "Person", "Vehicle", "Event"})
"""Named entities that are not places an address names."""
FUZZY_MIN_LENGTH = 3
"""Names shorter than this are not matched fuzzily (one wrong character in two is another name)."""


class Polyline:
    """A road's vertices with cumulative lengths, for interpolation and projection without shapely calls.

    Lengths are planar in degrees, as shapely measures them, so positions agree with shapely's normalised
    interpolation.
    """

    __slots__ = ("cumulative", "xs", "ys")

    def __init__(self, coords: list[tuple[float, float]]) -> None:
        self.xs = [float(c[0]) for c in coords]
        self.ys = [float(c[1]) for c in coords]
        total = 0.0
        self.cumulative = [0.0]
        for i in range(1, len(coords)):
            total += math.hypot(self.xs[i] - self.xs[i - 1], self.ys[i] - self.ys[i - 1])
            self.cumulative.append(total)

    def at(self, share: float) -> tuple[float, float]:
        """The point at ``share`` (0..1) of the length."""
        target = min(max(share, 0.0), 1.0) * self.cumulative[-1]
        for i in range(1, len(self.xs)):
            if self.cumulative[i] >= target or i == len(self.xs) - 1:
                piece = self.cumulative[i] - self.cumulative[i - 1]
                t = 0.0 if piece == 0 else (target - self.cumulative[i - 1]) / piece
                return (
                    self.xs[i - 1] + t * (self.xs[i] - self.xs[i - 1]),
                    self.ys[i - 1] + t * (self.ys[i] - self.ys[i - 1]),
                )
        return self.xs[0], self.ys[0]

    def nearest(self, x: float, y: float) -> tuple[float, tuple[float, float]]:
        """Distance (degrees) from (x, y) to the line, and the nearest point on it."""
        best = (math.inf, (self.xs[0], self.ys[0]))
        for i in range(1, len(self.xs)):
            ax, ay, bx, by = self.xs[i - 1], self.ys[i - 1], self.xs[i], self.ys[i]
            dx, dy = bx - ax, by - ay
            span = dx * dx + dy * dy
            t = 0.0 if span == 0 else min(max(((x - ax) * dx + (y - ay) * dy) / span, 0.0), 1.0)
            px, py = ax + t * dx, ay + t * dy
            d = math.hypot(x - px, y - py)
            if d < best[0]:
                best = (d, (px, py))
        return best


@dataclass(slots=True)
class Place:
    """Something an address can be matched to, with its reference point."""

    entity_id: str
    level: str  # building | poi | road | community | street | district | city
    name: str
    lng: float
    lat: float
    admin_code: str | None = None
    areas: tuple[str, ...] = ()
    """Admin codes of the areas the place lies in or crosses (empty when unknown)."""
    line: BaseGeometry | None = None
    path: Polyline | None = None
    numbers: tuple[int, int] | None = None
    grid: str | None = None

    def grid_code(self) -> str:
        """The level-10 BeiDou grid code of the reference point (computed once)."""
        if self.grid is None:
            self.grid = beidou.encode(self.lng, self.lat, 10)
        return self.grid

    def within(self, scope: str | None) -> bool:
        """Whether the place lies in the area ``scope`` (True when either is unknown)."""
        if scope is None or not self.areas:
            return True
        return any(code.startswith(scope) or scope.startswith(code) for code in self.areas)


def _deletions(key: str) -> set[str]:
    """The key with one character removed, at each position."""
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def _near_similarity(key: str, name: str) -> float:
    """Similarity of two names that share a one-deletion variant: 1 - edits / longer length.

    Such names are one edit apart when their lengths differ or they differ in one position, else two.
    """
    longest = max(len(key), len(name))
    if len(key) == len(name) and sum(map(ne, key, name)) > 1:
        return 1.0 - 2 / longest
    return 1.0 - 1 / longest


@dataclass(slots=True)
class NameIndex:
    """Places by normalised name, with a one-deletion index that finds names one edit away."""

    exact: dict[str, list[Place]] = field(default_factory=dict)
    near: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, place: Place) -> None:
        """Index ``place`` under the normalised name ``key``."""
        if not key:
            return
        found = self.exact.get(key)
        if found is None:
            self.exact[key] = [place]
            if len(key) >= FUZZY_MIN_LENGTH:
                for variant in _deletions(key):
                    self.near.setdefault(variant, []).append(key)
        elif place not in found:
            found.append(place)

    def get(self, key: str) -> list[Place]:
        """The places with exactly this normalised name."""
        return self.exact.get(key, [])

    def similar(self, key: str, minimum: float, limit: int = 8) -> list[tuple[float, str]]:
        """Indexed names one edit (a typo, a missing or an extra character) from ``key``, best first."""
        if len(key) < FUZZY_MIN_LENGTH - 1:
            return []
        names: set[str] = set(self.near.get(key, ()))  # key is a name with one character left out
        for variant in _deletions(key):
            if variant in self.exact:
                names.add(variant)  # key has one character too many
            names.update(self.near.get(variant, ()))  # one character differs
        names.discard(key)
        scored = [(_near_similarity(key, name), name) for name in names]
        out = sorted((item for item in scored if item[0] >= minimum), key=lambda item: (-item[0], item[1]))
        return out[:limit]


def names_of(entity: Entity) -> list[str]:
    """Every name an entity goes by (``name`` in any language, ``alternateName``)."""
    out: list[str] = []
    for attr in ("name", "alternateName"):
        for inst in entity.instances(attr):
            out.extend(_strings(inst.value))
    return [n for n in dict.fromkeys(out) if n.strip()]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def address_of(entity: Entity) -> str | None:
    """The entity's ``address`` as one string (a PostalAddress object is joined region → street)."""
    value = entity.value("address")
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        keys = ("addressRegion", "addressLocality", "district", "streetAddress", "streetNr", "name")
        text = "".join(str(value[k]) for k in keys if isinstance(value.get(k), str | int))
        return text or None
    return None


def point_of(geom: BaseGeometry) -> tuple[float, float]:
    """The reference point: the point itself, the middle of a line, a point inside a polygon."""
    if geom.geom_type == "Point":
        return float(geom.x), float(geom.y)
    if geom.geom_type in ("LineString", "MultiLineString"):
        mid = shapely.line_interpolate_point(geom, 0.5, normalized=True)
        return float(mid.x), float(mid.y)
    point = geom.representative_point()
    return float(point.x), float(point.y)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str):
        return house_number(value)
    return None


@dataclass(frozen=True, slots=True)
class Entry:
    """A place read from one entity, with the keys it is indexed under."""

    place: Place
    names: tuple[str, ...]
    address: tuple[str, str] | None  # (road key, number key) from its address
    shape: BaseGeometry | None = None  # an area's polygon


def number_key(number: str | None) -> str | None:
    """A house number as an index key: ``15号`` → ``15``, ``十五号`` → ``15``, ``15-1号`` → ``15-1``."""
    if not number:
        return None
    text = number.removesuffix("号")
    if text and not text[0].isdigit():
        value = house_number(number)
        return None if value is None else str(value)
    return text or None


def _location(entity: Entity) -> BaseGeometry | tuple[float, float] | None:
    """The ``location``: (lng, lat) for a point, else a shapely geometry (validated by the store on write)."""
    inst = entity.attr(LOCATION)
    if inst is None or inst.type is not AttrType.GEOPROPERTY or not isinstance(inst.value, dict):
        return None
    value = inst.value
    try:
        if value.get("type") == "Point":
            lng, lat = value["coordinates"][:2]
            return float(lng), float(lat)
        geom = shapely.geometry.shape(value)
    except (KeyError, TypeError, ValueError, IndexError, shapely.errors.ShapelyError):
        return None
    return None if geom.is_empty else geom


def entry_of(entity: Entity) -> Entry | None:
    """The place an entity stands for, or None when it is not one (no location, no name, not a place)."""
    geom = _location(entity)
    if geom is None:
        return None
    kind = next((AREA_LEVELS[t] for t in entity.types if t in AREA_LEVELS), None)
    names = [normalize(n) for n in names_of(entity)]
    code = entity.admin_code
    lng, lat = geom if isinstance(geom, tuple) else point_of(geom)
    if kind is not None:
        if code is None or isinstance(geom, tuple):
            return None
        place = Place(entity.id, kind, _first(entity), lng, lat, code, (code,))
        return Entry(place, tuple(names), None, geom)
    if any(t in SKIP_TYPES for t in entity.types):
        return None
    if any(t in ROAD_TYPES for t in entity.types):
        if not names or isinstance(geom, tuple) or geom.geom_type not in ("LineString", "MultiLineString"):
            return None
        start, end = _int(entity.value("houseNumberFrom")), _int(entity.value("houseNumberTo"))
        numbers = (start, end) if start is not None and end is not None and start != end else None
        line = geom if geom.geom_type == "LineString" else shapely.line_merge(geom)
        path = Polyline(list(line.coords)) if line.geom_type == "LineString" else None
        areas = (code,) if code else ()
        place = Place(
            entity.id, "road", _first(entity), lng, lat, code, areas, line=line, path=path, numbers=numbers
        )
        return Entry(place, tuple(names), None)
    level = "building" if any(t in BUILDING_TYPES for t in entity.types) else "poi"
    address = address_of(entity)
    keyed: tuple[str, str] | None = None
    if address:
        parsed = parse_address(address)
        number = number_key(parsed.number)
        if parsed.road and number:
            keyed = (parsed.road, number)
        if parsed.building:
            names.append(parsed.building)
    if not names and keyed is None:
        return None
    place = Place(entity.id, level, _first(entity), lng, lat, code, (code,) if code else ())
    return Entry(place, tuple(dict.fromkeys(n for n in names if n)), keyed)


def _first(entity: Entity) -> str:
    names = names_of(entity)
    return names[0] if names else entity.id


class AreaLocator:
    """Which community (or street, district) polygon holds a point: one STRtree per level, finest first."""

    def __init__(self) -> None:
        self._shapes: dict[str, dict[str, BaseGeometry]] = {"community": {}, "street": {}, "district": {}}
        self._trees: list[tuple[shapely.STRtree, list[str]]] | None = None

    def add(self, level: str, code: str, geom: BaseGeometry) -> None:
        """Remember an area's polygon."""
        if level in self._shapes and geom.geom_type in ("Polygon", "MultiPolygon"):
            self._shapes[level][code] = geom
            self._trees = None

    def _built(self) -> list[tuple[shapely.STRtree, list[str]]]:
        if self._trees is None:
            self._trees = []
            for shapes in self._shapes.values():
                if shapes:
                    codes = sorted(shapes)
                    self._trees.append((shapely.STRtree([shapes[c] for c in codes]), codes))
        return self._trees

    def locate(self, lngs: Iterable[float], lats: Iterable[float]) -> list[str | None]:
        """The code of the finest area holding each point (None outside every area)."""
        xs = np.fromiter(lngs, dtype=np.float64)
        ys = np.fromiter(lats, dtype=np.float64)
        out: list[str | None] = [None] * len(xs)
        todo = np.arange(len(xs))
        for tree, codes in self._built():
            if todo.size == 0:
                break
            inputs, hits = tree.query(shapely.points(xs[todo], ys[todo]), predicate="intersects")
            done = np.zeros(todo.size, dtype=bool)
            for i, h in zip(inputs.tolist(), hits.tolist(), strict=True):
                if not done[i]:
                    out[int(todo[i])] = codes[h]
                    done[i] = True
            todo = todo[~done]
        return out

    def locate_one(self, lng: float, lat: float) -> str | None:
        """``locate`` for a single point, without the batch's array set-up."""
        point = shapely.Point(lng, lat)
        for tree, codes in self._built():
            hits = tree.query(point, predicate="intersects")
            if hits.size:
                return codes[int(hits[0]) if hits.size == 1 else int(hits.min())]
        return None

    def crossing(self, geoms: list[BaseGeometry]) -> list[tuple[str, ...]]:
        """Street codes (or districts, when no streets are known) each geometry crosses."""
        level = "street" if self._shapes["street"] else "district"
        shapes = self._shapes[level]
        if not shapes or not geoms:
            return [()] * len(geoms)
        codes = sorted(shapes)
        tree = shapely.STRtree([shapes[c] for c in codes])
        inputs, hits = tree.query(np.array(geoms, dtype=object), predicate="intersects")
        out: list[list[str]] = [[] for _ in geoms]
        for i, h in zip(inputs.tolist(), hits.tolist(), strict=True):
            out[i].append(codes[h])
        return [tuple(sorted(c)) for c in out]
