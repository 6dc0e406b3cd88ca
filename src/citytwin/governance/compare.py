"""Do two values of one datum agree within its standard's tolerance? Numbers, geometries, text, relationships.

Numbers agree when ``|a - b| <= max(abs, rel * max(|a|, |b|))``; geometries when their Hausdorff distance, in
metres on a local equirectangular projection (exact enough at city scale), is within ``metres``; text after
Unicode NFKC normalisation, case folding and whitespace collapsing (so full-width ``ＡＢＣ　大厦`` equals
``abc 大厦``); a text and a languageMap agree when the text equals one of the map's entries.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec
import numpy as np
import numpy.typing as npt
import shapely

from citytwin.core.entities import AttrType
from citytwin.core.geometry import GEOMETRY_TYPES

_SPACES = re.compile(r"\s+")
_M_PER_DEG_LAT = 110_574.0
_M_PER_DEG_LNG = 111_320.0
_EPS = 1e-9
_MIN_RING = 4
"""Positions of the smallest closed ring (a triangle)."""
_RINGS = list[list[tuple[float, float]]]
_POINTS = list[tuple[float, float]]
_ENCODE = msgspec.json.Encoder().encode


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far two values may differ and still agree: absolute, relative (numbers) and metres (geometry)."""

    abs: float = 0.0
    rel: float = 0.0
    metres: float = 0.0

    def to_dict(self) -> dict[str, float]:
        """JSON form, leaving out zero members."""
        return {k: v for k, v in (("abs", self.abs), ("rel", self.rel), ("metres", self.metres)) if v}


@dataclass(frozen=True, slots=True)
class Difference:
    """The outcome of a comparison: do they agree, by what measure, and how far apart (when measurable)."""

    agree: bool
    measure: str
    """``number``, ``metres``, ``text`` or ``value``."""
    amount: float | None = None


def normalize_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed and stripped."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def compare(kind: AttrType, a: Any, b: Any, tolerance: Tolerance = Tolerance()) -> Difference:
    """Compare two values of an attribute of kind ``kind`` under ``tolerance``."""
    if kind is AttrType.GEOPROPERTY:
        distance = geometry_distance_m(a, b)
        if distance is None:
            return Difference(a == b, "value")
        return Difference(distance <= tolerance.metres + 1e-6, "metres", distance)
    if kind in (AttrType.RELATIONSHIP, AttrType.LIST_RELATIONSHIP):
        return Difference(_objects(a) == _objects(b), "value")
    return _compare_values(a, b, tolerance)


def _compare_values(a: Any, b: Any, tol: Tolerance) -> Difference:
    na, nb = _as_number(a), _as_number(b)
    if na is not None and nb is not None:
        diff = abs(na - nb)
        allowed = max(tol.abs, tol.rel * max(abs(na), abs(nb)))
        return Difference(diff <= allowed + _EPS * max(1.0, abs(na), abs(nb)), "number", diff)
    if isinstance(a, str | Mapping) and isinstance(b, str | Mapping) and (_texts(a) and _texts(b)):
        return Difference(_text_agree(a, b), "text")
    if isinstance(a, list) and isinstance(b, list):
        agree = len(a) == len(b) and all(_compare_values(x, y, tol).agree for x, y in zip(a, b, strict=True))
        return Difference(agree, "value")
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        agree = a.keys() == b.keys() and all(_compare_values(a[k], b[k], tol).agree for k in a)
        return Difference(agree, "value")
    if isinstance(a, bool) or isinstance(b, bool):
        return Difference(a is b, "value")  # True == 1 in Python, not in data
    return Difference(a == b, "value")


def _as_number(value: Any) -> float | None:
    """A number, or a numeric string (CSV sources send numbers as text); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _texts(value: str | Mapping[str, Any]) -> list[str] | None:
    """The strings of a text or a languageMap (None when the map holds non-strings)."""
    if isinstance(value, str):
        return [value]
    out = []
    for item in value.values():
        if not isinstance(item, str):
            return None
        out.append(item)
    return out


def _text_agree(a: str | Mapping[str, Any], b: str | Mapping[str, Any]) -> bool:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        common = a.keys() & b.keys()
        return bool(common) and all(normalize_text(a[k]) == normalize_text(b[k]) for k in common)
    ta = {normalize_text(t) for t in (_texts(a) or [])}
    tb = {normalize_text(t) for t in (_texts(b) or [])}
    if isinstance(a, str) or isinstance(b, str):
        return bool(ta & tb)
    return ta == tb


def _objects(value: Any) -> frozenset[str]:
    if isinstance(value, list):
        return frozenset(str(v) for v in value)
    return frozenset((str(value),))


def geometry_distance_m(a: Any, b: Any) -> float | None:
    """Hausdorff distance in metres between two GeoJSON geometries (None when either is not one)."""
    return geometry_distances_m([a], [b])[0]


def geometry_distances_m(a_values: Sequence[Any], b_values: Sequence[Any]) -> list[float | None]:
    """Hausdorff distances in metres of pairs of GeoJSON geometries, computed together (vectorised).

    Each pair is measured on a local equirectangular projection centred on its first geometry; None marks a
    pair that is not two non-empty geometries.
    """
    out: list[float | None] = [None] * len(a_values)
    todo: list[int] = []
    pairs_a: list[Mapping[str, Any]] = []
    pairs_b: list[Mapping[str, Any]] = []
    for i, (a, b) in enumerate(zip(a_values, b_values, strict=True)):
        if not (_is_geojson(a) and _is_geojson(b)):
            continue
        if a == b:
            out[i] = 0.0  # the common case when a source resends the same geometry: no parsing
            continue
        todo.append(i)
        pairs_a.append(a)
        pairs_b.append(b)
    if not todo:
        return out
    ga, gb = _geometries(pairs_a), _geometries(pairs_b)
    ok = ~(shapely.is_missing(ga) | shapely.is_missing(gb) | shapely.is_empty(ga) | shapely.is_empty(gb))
    if not ok.any():
        return out
    ga, gb = ga[ok], gb[ok]
    centres = shapely.centroid(ga)
    cx, cy = shapely.get_x(centres), shapely.get_y(centres)
    scale = np.column_stack([_M_PER_DEG_LNG * np.cos(np.radians(cy)), np.full(len(cy), _M_PER_DEG_LAT)])
    centre = np.column_stack([cx, cy])

    def local(geoms: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
        coords, index = shapely.get_coordinates(geoms, return_index=True)
        return shapely.set_coordinates(geoms, (coords - centre[index]) * scale[index])  # type: ignore[no-any-return]

    distances = shapely.hausdorff_distance(local(ga), local(gb))
    for i, d in zip(np.asarray(todo)[ok], distances, strict=True):
        out[int(i)] = float(d) if math.isfinite(d) else None
    return out


def geometries_within(
    a_values: Sequence[Any], b_values: Sequence[Any], metres: Sequence[float]
) -> list[bool]:
    """Which pairs of GeoJSON geometries are surely within ``metres`` (each pair's own) of each other.

    True where :func:`geometry_distances_m` would give at most ``metres``, found without measuring: for two
    polygons without holes with as many positions (or two points), the Hausdorff distance is at most the
    furthest any position moved, since each position lies on its own geometry. Positions are compared in
    the same local metres (with the east-west scale of the nearest-to-the-equator latitude of the first
    geometry, never smaller than the scale of its centre). False means "measure it", not "too far apart".
    """
    out = [False] * len(a_values)
    groups: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(zip(a_values, b_values, strict=True)):
        size = _positions(a)
        if size and size == _positions(b):
            groups.setdefault(size, []).append(i)

    def first(i: int) -> Any:
        return _ring_or_point(a_values[i])

    def second(i: int) -> Any:
        return _ring_or_point(b_values[i])

    for size, group in groups.items():
        shape = _POINTS if size == 1 else _RINGS
        usable, a = _bulk(group, first, shape)
        where, b = _bulk(usable, second, shape)
        if len(where) < len(usable):  # some second ones were odd: their first ones go too
            where, a = _bulk(where, first, shape)
        if a is None or b is None:
            continue
        a, b = a.reshape(len(where), size, 2), b.reshape(len(where), size, 2)
        lat = a[..., 1]
        low, high = lat.min(axis=1), lat.max(axis=1)
        nearest = np.where((low <= 0) & (high >= 0), 0.0, np.minimum(np.abs(low), np.abs(high)))
        move = a - b
        moved = np.hypot(
            move[..., 0] * (_M_PER_DEG_LNG * np.cos(np.radians(nearest)))[:, None],
            move[..., 1] * _M_PER_DEG_LAT,
        ).max(axis=1)
        ok = (moved <= np.asarray([metres[i] for i in where])) & (np.abs(lat) <= 90).all(axis=1)
        if size > 1:  # an open ring is not a geometry (measuring gives None)
            ok &= (a[:, 0] == a[:, -1]).all(axis=1) & (b[:, 0] == b[:, -1]).all(axis=1)
        for i, good in zip(where, ok.tolist(), strict=True):
            out[i] = good
    return out


def _positions(value: Any) -> int:
    """1 for a 2-number point, the ring's length for a polygon with one ring (of 4+), else 0."""
    if not isinstance(value, Mapping):
        return 0
    kind, coords = value.get("type"), value.get("coordinates")
    if type(coords) is not list:
        return 0
    if kind == "Polygon" and len(coords) == 1 and type(coords[0]) is list and len(coords[0]) >= _MIN_RING:
        return len(coords[0])
    return 1 if kind == "Point" and len(coords) == 2 else 0


def _ring_or_point(value: Mapping[str, Any]) -> Any:
    coords = value["coordinates"]
    return coords[0] if value["type"] == "Polygon" else coords


def _is_geojson(value: Any) -> bool:
    return isinstance(value, Mapping) and value.get("type") in GEOMETRY_TYPES


def _geometries(values: Sequence[Mapping[str, Any]]) -> npt.NDArray[np.object_]:
    """Shapely geometries of GeoJSON geometries (None where one is not valid), built in bulk.

    Footprints (polygons without holes) and points, most of what is compared, are built straight from their
    coordinates, a group of equally long rings at a time (~4x faster than encoding and parsing them); the
    geometries are the same as parsed ones. Anything else, or anything unusual, is parsed (``_parse_all``).
    """
    out = np.full(len(values), None, dtype=object)
    rings: dict[int, list[int]] = {}
    points: list[int] = []
    rest: list[int] = []
    for i, value in enumerate(values):
        kind, coords = value["type"], value.get("coordinates")
        if kind == "Polygon" and type(coords) is list and len(coords) == 1:
            ring = coords[0]
            if type(ring) is list and len(ring) >= _MIN_RING:
                rings.setdefault(len(ring), []).append(i)
                continue
        elif kind == "Point" and type(coords) is list and len(coords) == 2:
            points.append(i)
            continue
        rest.append(i)
    for group in rings.values():
        where, coords = _bulk(group, lambda i: values[i]["coordinates"][0], _RINGS)
        kept = set(where)
        rest.extend(i for i in group if i not in kept)
        if coords is None:
            continue
        closed = (coords[:, 0] == coords[:, -1]).all(axis=1)  # an open ring is not valid GeoJSON
        rest.extend(i for i, ok in zip(where, closed.tolist(), strict=True) if not ok)
        out[np.asarray(where)[closed]] = shapely.polygons(coords[closed])
    where, coords = _bulk(points, lambda i: values[i]["coordinates"], _POINTS)
    kept = set(where)
    rest.extend(i for i in points if i not in kept)
    if coords is not None:
        out[np.asarray(where)] = shapely.points(coords)
    if rest:
        out[np.asarray(rest)] = _parse_all([_ENCODE(values[i]) for i in rest])
    return out


def _bulk(
    where: list[int], item: Callable[[int], Any], shape: Any
) -> tuple[list[int], npt.NDArray[np.float64] | None]:
    """``where`` narrowed to the items that are 2D positions of ``shape``; their coordinates as one array."""
    coords = _coordinates([item(i) for i in where], shape) if where else None
    if coords is None and len(where) > 1:  # an odd one among them: leave out just the odd ones
        where = [i for i in where if _coordinates([item(i)], shape) is not None]
        coords = _coordinates([item(i) for i in where], shape) if where else None
    return (where, coords) if coords is not None else ([], None)


def _coordinates(items: list[Any], shape: Any) -> npt.NDArray[np.float64] | None:
    """Lists of 2D positions of one ``shape`` as one float array; None when they are not (3D, text, bool)."""
    try:
        msgspec.convert(items, shape, strict=True)  # what the GeoJSON parser accepts as numbers (no bool)
        coords = np.array(items)
    except (msgspec.ValidationError, ValueError):
        return None
    if coords.dtype.kind not in "iuf" or not np.isfinite(coords).all():
        return None
    return coords.astype(np.float64, copy=False)


def _parse_all(texts: list[bytes]) -> npt.NDArray[np.object_]:
    # Parsing in C (from_geojson) is ~30x faster than shapely.geometry.shape; values were validated when
    # they were written, so a failure is rare and only then are items parsed one by one.
    try:
        return shapely.from_geojson(np.array(texts, dtype=object))  # type: ignore[no-any-return]
    except (shapely.errors.GEOSException, ValueError, TypeError):
        out = np.full(len(texts), None, dtype=object)
        for i, text in enumerate(texts):
            try:
                out[i] = shapely.from_geojson(text)
            except (shapely.errors.GEOSException, ValueError, TypeError):
                out[i] = None
        return out
