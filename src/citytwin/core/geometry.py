"""GeoJSON geometry parsing and validation (WGS84 / CGCS2000 longitude-latitude)."""

from __future__ import annotations

import math
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from citytwin.errors import InvalidCoordinates, InvalidGeometry

GEOMETRY_TYPES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
)


def parse_geojson(obj: Any, *, what: str = "geometry") -> BaseGeometry:
    """Turn a GeoJSON geometry object into a valid shapely geometry, or raise a clear error."""
    if not isinstance(obj, dict):
        raise InvalidGeometry(f"{what} must be a GeoJSON geometry object, got {type(obj).__name__}")
    kind = obj.get("type")
    if kind not in GEOMETRY_TYPES:
        raise InvalidGeometry(f"{what} has unknown GeoJSON type {kind!r}")
    if kind != "GeometryCollection" and "coordinates" not in obj:
        raise InvalidGeometry(f"{what} of type {kind} has no coordinates")
    try:
        geom = shape(obj)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as err:
        raise InvalidGeometry(f"{what} of type {kind} has malformed coordinates: {err}") from None
    check_lnglat(geom, what=what)
    if geom.is_empty:
        raise InvalidGeometry(f"{what} of type {kind} is empty")
    if not geom.is_valid:
        raise InvalidGeometry(f"{what} is not valid: {explain_validity(geom)}")
    return geom


def check_lnglat(geom: BaseGeometry, *, what: str = "geometry") -> None:
    """Reject NaN and out-of-range longitude/latitude values, naming the first bad one."""
    coords = shapely.get_coordinates(geom)
    if coords.size == 0:
        return
    lng, lat = coords[:, 0], coords[:, 1]
    bad = ~((lng >= -180) & (lng <= 180) & (lat >= -90) & (lat <= 90))
    if bad.any():
        i = int(bad.argmax())
        x, y = float(lng[i]), float(lat[i])
        reason = "is not a number" if math.isnan(x) or math.isnan(y) else "is out of range"
        raise InvalidCoordinates(
            f"{what}: coordinate ({x}, {y}) {reason}; "
            "expected longitude in [-180, 180] and latitude in [-90, 90]"
        )


def to_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """Shapely geometry to a plain GeoJSON dict (lists, not tuples)."""
    return _listify(mapping(geom))  # type: ignore[no-any-return]


def representative_lnglat(geom: BaseGeometry) -> tuple[float, float]:
    """A point that lies on the geometry: the point itself, else shapely's representative point."""
    point = geom if geom.geom_type == "Point" else geom.representative_point()
    return float(point.x), float(point.y)


def _listify(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_listify(v) for v in value]
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    return value
