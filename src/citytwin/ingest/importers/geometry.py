"""Geometries on the way in: converted to WGS84, checked, repaired when the repair keeps their kind.

Everything runs vectorised over a batch; only when a batch fails as a whole (one coordinate that cannot be
converted) are its geometries retried one by one to name the rows at fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from citytwin.core.crs import CGCS2000, WGS84, convert, parse_crs
from citytwin.errors import BadRequestData

_FAMILY = {
    "Point": 0,
    "MultiPoint": 0,
    "LineString": 1,
    "LinearRing": 1,
    "MultiLineString": 1,
    "Polygon": 2,
    "MultiPolygon": 2,
}
_SAME_AS_WGS84 = frozenset({WGS84, CGCS2000})  # within centimetres of each other at city scale


@dataclass(slots=True)
class Checked:
    """WGS84 geometries of a batch (None where absent or rejected), rejects and repairs by position."""

    geoms: NDArray[Any]
    rejects: dict[int, str] = field(default_factory=dict)
    repairs: dict[int, str] = field(default_factory=dict)


def _converter(src: str) -> Any:
    def apply(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = convert(coords[:, 0], coords[:, 1], src, WGS84)
        out = np.array(coords, dtype=np.float64)
        out[:, 0], out[:, 1] = x, y
        return out

    return apply


def _transform(geoms: NDArray[Any], src: str, out: Checked, index: NDArray[np.int64]) -> None:
    """Convert ``geoms`` (positions ``index`` of the batch) into ``out.geoms`` in place."""
    apply = _converter(src)
    has_z = shapely.has_z(geoms)
    try:
        for flag in (False, True):
            part = has_z == flag
            if part.any():
                out.geoms[index[part]] = shapely.transform(geoms[part], apply, include_z=flag)
        return
    except BadRequestData:
        pass
    # Some coordinate cannot be converted: find out which rows, one geometry at a time.
    for pos, geom, z in zip(index.tolist(), geoms.tolist(), has_z.tolist(), strict=True):
        try:
            out.geoms[pos] = shapely.transform(geom, apply, include_z=z)
        except BadRequestData as err:
            out.geoms[pos] = None
            out.rejects[pos] = f"coordinates cannot be converted from {src}: {err.detail}"


def _family(geom: BaseGeometry) -> int | None:
    return _FAMILY.get(geom.geom_type)


def _repair(geom: BaseGeometry) -> tuple[BaseGeometry | None, str]:
    """shapely's make_valid when the result keeps the type family; else None and the reason."""
    reason = shapely.is_valid_reason(geom)
    family = _family(geom)
    fixed = shapely.make_valid(geom)
    if fixed.geom_type == "GeometryCollection":
        parts = [p for p in shapely.get_parts(fixed).tolist() if _family(p) == family]
        fixed = shapely.union_all(parts) if parts else shapely.GeometryCollection()
    if fixed.is_empty or _family(fixed) != family or not fixed.is_valid:
        kind = "nothing" if fixed.is_empty else fixed.geom_type
        return None, f"invalid geometry ({reason}); repairing it leaves {kind}, not a {geom.geom_type}"
    return fixed, f"geometry repaired ({reason})"


def check_geometries(geoms: list[BaseGeometry | None], crs: str | None) -> Checked:
    """Convert a batch from ``crs`` (None: WGS84) to WGS84, then validate and repair it."""
    src = WGS84 if crs is None else parse_crs(crs)
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = geoms
    out = Checked(np.full(len(geoms), None, dtype=object))
    present = ~shapely.is_missing(arr)
    index = np.flatnonzero(present)
    if index.size == 0:
        return out
    subset = arr[index]
    empty = shapely.is_empty(subset)
    bounds = shapely.bounds(subset)
    finite = np.isfinite(bounds).all(axis=1) | empty
    for pos in index[empty].tolist():
        out.rejects[pos] = "empty geometry"
    for pos in index[~finite].tolist():
        out.rejects[pos] = "coordinates are not numbers"
    keep = ~empty & finite
    index, subset = index[keep], subset[keep]
    if src in _SAME_AS_WGS84:
        _check_range(subset, index, out)
    else:
        _transform(subset, src, out, index)
        index = np.array([i for i in index.tolist() if i not in out.rejects], dtype=np.int64)
        subset = out.geoms[index]
        _check_range(subset, index, out)
    _validate(out)
    return out


def _check_range(subset: NDArray[Any], index: NDArray[np.int64], out: Checked) -> None:
    bounds = shapely.bounds(subset)
    inside = (bounds[:, 0] >= -180) & (bounds[:, 2] <= 180) & (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90)
    out.geoms[index[inside]] = subset[inside]
    for pos, box in zip(index[~inside].tolist(), bounds[~inside].tolist(), strict=True):
        out.geoms[pos] = None
        out.rejects[pos] = (
            f"coordinates out of range: bounds {[round(v, 6) for v in box]} are not longitude/latitude; "
            "give the file's CRS with --crs"
        )


def _validate(out: Checked) -> None:
    present = np.flatnonzero(~shapely.is_missing(out.geoms))
    if present.size == 0:
        return
    valid = shapely.is_valid(out.geoms[present])
    for pos in present[~valid].tolist():
        fixed, note = _repair(out.geoms[pos])
        out.geoms[pos] = fixed
        if fixed is None:
            out.rejects[pos] = note
        else:
            out.repairs[pos] = note


def representative_points(geoms: NDArray[Any]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Longitude and latitude of a point on each geometry (NaN where there is none)."""
    lng = np.full(len(geoms), np.nan)
    lat = np.full(len(geoms), np.nan)
    present = ~shapely.is_missing(geoms)
    if present.any():
        points = shapely.point_on_surface(geoms[present])
        coords = shapely.get_coordinates(points)
        lng[present], lat[present] = coords[:, 0], coords[:, 1]
    return lng, lat
