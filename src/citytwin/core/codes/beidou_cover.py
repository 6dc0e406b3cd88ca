"""Cover a lng/lat polygon with BeiDou grid cells, recursing down the hierarchy from level 1.

A cell belongs to the cover when it shares area with the polygon (its interior meets the polygon's): cells
that only touch the polygon along an edge or at a corner are left out, so the cover of a cell's own box is
that cell. Cells fully inside are kept without testing their children; disjoint ones are pruned.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import MultiPolygon, Polygon
from shapely.validation import explain_validity

from citytwin.core.codes.beidou import _HALF_TURN, _POLAR, _SPECS, UNITS_PER_DEGREE, _check_level
from citytwin.core.codes.beidou_vector import _codes_from_units
from citytwin.errors import InvalidCoordinates, InvalidGeometry, TooManyResults

__all__ = ["DEFAULT_MAX_CELLS", "cover"]

DEFAULT_MAX_CELLS: Final = 5_000_000
_POLAR_DEG: Final = _POLAR // UNITS_PER_DEGREE

Int64s = NDArray[np.int64]


def _check_polygon(polygon: object) -> Polygon | MultiPolygon:
    if not isinstance(polygon, Polygon | MultiPolygon):
        kind = getattr(polygon, "geom_type", type(polygon).__name__)
        raise InvalidGeometry(f"a grid cover needs a Polygon or MultiPolygon in lng/lat, got {kind}")
    if not polygon.is_empty and not polygon.is_valid:
        raise InvalidGeometry(f"the polygon is not valid: {explain_validity(polygon)}")
    if not polygon.is_empty:
        minx, miny, maxx, maxy = polygon.bounds
        if minx < -180 or maxx > 180:
            raise InvalidCoordinates(f"polygon longitudes {minx!r}..{maxx!r} are outside [-180, 180]")
        if miny < -90 or maxy > 90:
            raise InvalidCoordinates(f"polygon latitudes {miny!r}..{maxy!r} are outside [-90, 90]")
        if miny < -_POLAR_DEG or maxy > _POLAR_DEG:
            raise InvalidCoordinates(
                f"polygon latitudes {miny!r}..{maxy!r} reach a polar cap (beyond +-{_POLAR_DEG}): "
                "polar cells are not supported by this platform"
            )
    return polygon


def _index_range(lo_deg: float, hi_deg: float, size: int, limit: int) -> Int64s:
    """Signed indices of the cells of ``size`` units overlapping [lo_deg, hi_deg], within +-limit units."""
    # One cell of margin on each side absorbs the rounding of deg * units; the geometric tests decide.
    lo = max(math.floor(lo_deg * UNITS_PER_DEGREE) // size - 1, -limit // size)
    hi = min(math.floor(hi_deg * UNITS_PER_DEGREE) // size + 1, limit // size - 1)
    return np.arange(lo, hi + 1, dtype=np.int64)


def _boxes(i: Int64s, j: Int64s, level: int) -> NDArray[np.object_]:
    spec, d = _SPECS[level], float(UNITS_PER_DEGREE)
    # Same float rounding as decode(): units / 7372800, so a cell's box here equals its decoded bounds.
    west, east = i * spec.lng_size / d, (i + 1) * spec.lng_size / d
    south, north = j * spec.lat_size / d, (j + 1) * spec.lat_size / d
    boxes: NDArray[np.object_] = shapely.box(west, south, east, north)
    return boxes


def _children(
    i: Int64s, j: Int64s, level: int, target: int, window: tuple[float, float, float, float] | None = None
) -> tuple[Int64s, Int64s]:
    """Indices at ``target`` of the descendants of the ``level`` cells (i, j) that overlap ``window``."""
    cols = _SPECS[level].lng_size // _SPECS[target].lng_size
    rows = _SPECS[level].lat_size // _SPECS[target].lat_size
    ci = (i[:, None] * cols + np.arange(cols)[None, :])[:, :, None]
    cj = (j[:, None] * rows + np.arange(rows)[None, :])[:, None, :]
    ci, cj = np.broadcast_arrays(ci, cj)
    ci, cj = ci.ravel(), cj.ravel()
    if window is not None:
        xs = _index_range(window[0], window[2], _SPECS[target].lng_size, _HALF_TURN)
        ys = _index_range(window[1], window[3], _SPECS[target].lat_size, _POLAR)
        keep = (ci >= xs[0]) & (ci <= xs[-1]) & (cj >= ys[0]) & (cj <= ys[-1])
        ci, cj = ci[keep], cj[keep]
    return ci, cj


def _count_check(count: int, max_cells: int, level: int) -> None:
    if count > max_cells:
        raise TooManyResults(
            f"the level-{level} cover has more than {max_cells} cells: use a coarser level, compact=True "
            "or a larger max_cells"
        )


def cover(
    polygon: Polygon | MultiPolygon, level: int, *, compact: bool = False, max_cells: int = DEFAULT_MAX_CELLS
) -> list[str]:
    """Sorted codes of the cells at ``level`` sharing area with ``polygon`` (lng/lat degrees).

    With ``compact=True`` a cell fully inside is returned once at the coarsest level where it is, instead of
    as all its level-``level`` descendants. Raises TooManyResults past ``max_cells`` cells. The polygon must
    not cross the antimeridian (split it into a MultiPolygon); it is prepared in place (a cache).
    """
    level = _check_level(level)
    geom = _check_polygon(polygon)
    if geom.is_empty:
        return []
    shapely.prepare(geom)
    window = geom.bounds
    out: list[tuple[Int64s, Int64s, int]] = []
    emitted = 0
    i = _index_range(window[0], window[2], _SPECS[1].lng_size, _HALF_TURN)
    j = _index_range(window[1], window[3], _SPECS[1].lat_size, _POLAR)
    i, j = (a.ravel() for a in np.meshgrid(i, j, indexing="ij"))
    for lv in range(1, level + 1):
        boxes = _boxes(i, j, lv)
        hit = shapely.intersects(geom, boxes)
        i, j, boxes = i[hit], j[hit], boxes[hit]
        inside = shapely.covers(geom, boxes)
        # A cell that is not inside and only touches the polygon shares no area with it.
        partial = ~inside
        partial[partial] = ~shapely.touches(geom, boxes[partial])
        if lv == level:
            keep = inside | partial
            emitted += int(keep.sum())
            _count_check(emitted, max_cells, level)
            out.append((i[keep], j[keep], lv))
            break
        full_i, full_j = i[inside], j[inside]
        if compact:
            emitted += full_i.size
        else:
            coarse, fine = _SPECS[lv], _SPECS[level]
            per_cell = (coarse.lng_size // fine.lng_size) * (coarse.lat_size // fine.lat_size)
            emitted += full_i.size * per_cell
            _count_check(emitted, max_cells, level)
            full_i, full_j = _children(full_i, full_j, lv, level)
        _count_check(emitted + int(partial.sum()), max_cells, level)
        if full_i.size:
            out.append((full_i, full_j, lv if compact else level))
        i, j = _children(i[partial], j[partial], lv, lv + 1, window)
    return _to_codes(out)


def _to_codes(groups: list[tuple[Int64s, Int64s, int]]) -> list[str]:
    """Codes of the cells (signed indices per level), sorted like the codes via their integer form."""
    codes, ints = [], []
    for lv in sorted({lv for _, _, lv in groups}):
        i = np.concatenate([gi for gi, _, g in groups if g == lv])
        j = np.concatenate([gj for _, gj, g in groups if g == lv])
        spec = _SPECS[lv]
        east, north = i >= 0, j >= 0
        # Signed index -> mirrored lower corner: west/south cells count outward from the origin.
        x = np.where(east, i, -i - 1) * spec.lng_size
        y = np.where(north, j, -j - 1) * spec.lat_size
        c, v = _codes_from_units(north, east, x, y, lv)
        codes.append(c)
        ints.append(v)
    if not codes:
        return []
    if len(codes) == 1:
        all_codes, all_ints = codes[0], ints[0]
    else:
        width = max(c.dtype.itemsize for c in codes) // 4
        all_codes = np.concatenate([c.astype(f"<U{width}") for c in codes])
        all_ints = np.concatenate(ints)
    result: list[str] = all_codes[np.argsort(all_ints)].tolist()
    return result
