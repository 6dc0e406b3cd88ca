"""Exact geometry refinement for stores that filter by bounding box first (R*Tree, GiST on boxes).

A store asks :func:`candidate_box` for the box its index must intersect (None: no box can be used, as for
``disjoint``), may use :func:`box_test` for a cheaper exact test on stored bounds, and then calls
:func:`refine` on the candidate geometries. The results agree with
:func:`citytwin.core.query_eval.geo_holds`: shapely (GEOS) predicates for the topological relations, and for
``near`` the geodesic distance in metres to the nearest point of the entity geometry — Karney's exact
solution between two points, otherwise planar distance in an azimuthal-equidistant projection centred on the
query geometry (error far below 0.1 % at city scale: ~1e-5 relative at 50 km from the centre).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

from citytwin.core.query import GeoFilter, GeoRel
from citytwin.core.query_eval import GEOD, aeqd_centre, aeqd_transformer, project

Box = tuple[float, float, float, float]
"""(minx, miny, maxx, maxy) in degrees."""

# Metres per degree, lower bounds over the WGS84 ellipsoid: a meridian degree is at least a(1-e²)·π/180 (at
# the equator) and a parallel degree at latitude φ at least a·cos φ·π/180, so boxes grown with these are safe.
_M_PER_DEG_LAT = 110_574.0
_M_PER_DEG_LNG_EQUATOR = 111_319.0
_SAFETY = 1.001


def candidate_box(geo: GeoFilter) -> Box | None:
    """The box an entity's bounds must intersect to possibly match, or None when no box applies."""
    minx, miny, maxx, maxy = (float(v) for v in geo.geometry.bounds)
    if geo.rel is GeoRel.DISJOINT:
        return None
    if geo.rel is GeoRel.NEAR:
        if geo.max_distance is None:
            return None
        return grow_box((minx, miny, maxx, maxy), geo.max_distance)
    return minx, miny, maxx, maxy


def grow_box(box: Box, metres: float) -> Box:
    """A box holding every point within ``metres`` (geodesic) of ``box``; longitudes clamp at ±180."""
    minx, miny, maxx, maxy = box
    dlat = metres / _M_PER_DEG_LAT * _SAFETY + 1e-9
    lo, hi = max(-90.0, miny - dlat), min(90.0, maxy + dlat)
    cos_lat = math.cos(math.radians(max(abs(lo), abs(hi))))
    if cos_lat < 1e-6:
        return -180.0, lo, 180.0, hi
    dlng = metres / (_M_PER_DEG_LNG_EQUATOR * cos_lat) * _SAFETY + 1e-9
    if dlng >= 180:
        return -180.0, lo, 180.0, hi
    return max(-180.0, minx - dlng), lo, min(180.0, maxx + dlng), hi


def box_test(geo: GeoFilter) -> Literal["inside", "covers", "disjoint_if_apart"] | None:
    """An exact test on stored bounds implied by the relation.

    ``inside``: the entity bounds lie inside the query bounds (``within``); ``covers``: they cover the query
    bounds (``contains``); ``disjoint_if_apart``: an entity whose bounds miss the query bounds is disjoint
    without looking at its geometry.
    """
    if geo.rel is GeoRel.WITHIN:
        return "inside"
    if geo.rel is GeoRel.CONTAINS:
        return "covers"
    if geo.rel is GeoRel.DISJOINT:
        return "disjoint_if_apart"
    return None


def distances_m(geoms: NDArray[np.object_], query: BaseGeometry) -> NDArray[np.float64]:
    """Geodesic metres from ``query`` to the nearest point of each geometry (NaN for missing ones)."""
    out = np.full(len(geoms), np.nan)
    present = ~shapely.is_missing(geoms)
    points = present & (shapely.get_type_id(geoms) == 0)
    if query.geom_type == "Point" and points.any():
        xy = shapely.get_coordinates(geoms[points])
        n = len(xy)
        out[points] = GEOD.inv(xy[:, 0], xy[:, 1], np.full(n, query.x), np.full(n, query.y))[2]
    else:
        points[:] = False
    others = present & ~points
    if others.any():
        transformer = aeqd_transformer(*aeqd_centre(query))
        out[others] = shapely.distance(project(geoms[others], transformer), project(query, transformer))
    return out


def refine(geoms: NDArray[np.object_], geo: GeoFilter) -> NDArray[np.bool_]:
    """Which candidate geometries satisfy the geo-query exactly (missing geometries never do)."""
    if len(geoms) == 0:
        return np.zeros(0, dtype=bool)
    if geo.rel is GeoRel.NEAR:
        distance = distances_m(geoms, geo.geometry)
        ok = ~np.isnan(distance)
        if geo.max_distance is not None:
            ok &= distance <= geo.max_distance
        if geo.min_distance is not None:
            ok &= distance >= geo.min_distance
        return ok
    # A prepared copy: preparing mutates the geometry, and the caller's query object may be shared.
    query = shapely.from_wkb(shapely.to_wkb(geo.geometry))
    shapely.prepare(query)
    # Relations are written with the (prepared) query geometry first: within(g, q) is contains(q, g).
    if geo.rel is GeoRel.WITHIN:
        hit = shapely.contains(query, geoms)
    elif geo.rel is GeoRel.CONTAINS:
        hit = shapely.within(query, geoms)
    elif geo.rel is GeoRel.INTERSECTS:
        hit = shapely.intersects(query, geoms)
    elif geo.rel is GeoRel.OVERLAPS:
        hit = shapely.overlaps(query, geoms)
    elif geo.rel is GeoRel.DISJOINT:
        hit = shapely.disjoint(query, geoms)
    else:
        hit = shapely.equals(query, geoms)
    out: NDArray[np.bool_] = np.asarray(hit, dtype=bool) & ~shapely.is_missing(geoms)
    return out
