"""Footprint + height extrusion into one triangle mesh per tile, vectorised with numpy and shapely.

Every polygon part is oriented (exterior counter-clockwise, holes clockwise, seen from above), so each ring
edge's wall faces away from the solid with the same formula: ``direction × up``. Walls get four vertices
per edge (flat normals, crisp corners). Roofs of convex parts without holes, nearly every real footprint,
are fans over the top ring; the rest go through GEOS's constrained Delaunay triangulation. Floors are
omitted: a building standing on the globe never shows its underside. Vertices are computed through ECEF in
the tile's local east-north-up frame, then written in glTF's y-up axes (x = east, y = up, z = -north).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from citytwin.tiles.geodesy import EnuFrame

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
_CONVEX_EPS = 1e-14


@dataclass(slots=True)
class Mesh:
    """One tile's triangles: float32 positions and normals (glTF axes), per-vertex feature ids, indices."""

    positions: F32
    normals: F32
    feature_ids: npt.NDArray[np.uint32]
    indices: npt.NDArray[np.uint32]

    @property
    def triangles(self) -> int:
        """How many triangles the mesh has."""
        return len(self.indices) // 3


def _to_gltf(enu: npt.NDArray[np.float64]) -> F32:
    out = np.empty(enu.shape, dtype=np.float32)
    out[:, 0] = enu[:, 0]
    out[:, 1] = enu[:, 2]
    out[:, 2] = -enu[:, 1]
    return out


def _unit(v: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    norm = np.linalg.norm(v, axis=1)
    ok = norm > 1e-9
    out = np.zeros_like(v)
    out[ok] = v[ok] / norm[ok, None]
    return out, ok


def _walls(
    pb: npt.NDArray[np.float64],
    pt: npt.NDArray[np.float64],
    up: npt.NDArray[np.float64],
    ring: I64,
    feature: I64,
) -> list[Any]:
    """Wall quads for every edge between consecutive coordinates of the same ring."""
    a = np.flatnonzero(ring[:-1] == ring[1:])
    b = a + 1
    normal, ok = _unit(np.cross(pb[b] - pb[a], up[a]))
    # Zero-length edges (repeated points) and zero-height walls draw nothing.
    ok &= (pt[a] - pb[a]) @ np.array([0.0, 0.0, 1.0]) > 0
    a, b, normal = a[ok], b[ok], normal[ok]
    n = len(a)
    pos = np.stack([pb[a], pb[b], pt[b], pt[a]], axis=1).reshape(-1, 3)
    nrm = np.repeat(normal, 4, axis=0)
    fid = np.repeat(feature[a], 4)
    quad = np.array([0, 1, 2, 0, 2, 3], dtype=np.int64)
    idx = (np.arange(n, dtype=np.int64)[:, None] * 4 + quad[None, :]).reshape(-1)
    return [pos, nrm, fid, idx]


def _fan_roofs(
    pt: npt.NDArray[np.float64],
    up: npt.NDArray[np.float64],
    ring: I64,
    feature: I64,
    take: npt.NDArray[np.bool_],
) -> list[Any]:
    """Fan triangulation of the rings whose coordinates ``take`` marks (convex, counter-clockwise)."""
    coords = np.flatnonzero(take)
    # Drop each ring's closing coordinate (equal to its first).
    last = np.r_[ring[coords][1:] != ring[coords][:-1], True] if len(coords) else np.zeros(0, bool)
    coords = coords[~last]
    r = ring[coords]
    starts = np.r_[0, np.flatnonzero(r[1:] != r[:-1]) + 1] if len(r) else np.zeros(0, np.int64)
    counts = np.diff(np.r_[starts, len(r)])
    tris = np.maximum(counts - 2, 0)
    first = np.repeat(starts, tris)
    k = np.arange(int(tris.sum()), dtype=np.int64) - np.repeat(np.cumsum(tris) - tris, tris) + 1
    idx = np.stack([first, first + k, first + k + 1], axis=1).reshape(-1)
    return [pt[coords], up[coords], feature[coords], idx]


def _cdt_roofs(frame: EnuFrame, parts: Any, part_feature: I64, top: Any) -> list[Any]:
    """Constrained Delaunay roofs for concave parts and parts with holes."""
    tri_sets = shapely.constrained_delaunay_triangles(parts)
    tris, owner = shapely.get_parts(tri_sets, return_index=True)
    if len(tris) == 0:
        return [np.empty((0, 3)), np.empty((0, 3)), np.empty(0, np.int64), np.empty(0, np.int64)]
    xy = shapely.get_coordinates(tris).reshape(-1, 4, 2)[:, :3, :]
    # Counter-clockwise seen from above, whatever order GEOS returns.
    e1 = xy[:, 1] - xy[:, 0]
    e2 = xy[:, 2] - xy[:, 0]
    cw = (e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0]) < 0
    xy[cw] = xy[cw][:, ::-1]
    flat = xy.reshape(-1, 2)
    f = np.repeat(part_feature[owner], 3)
    pos = frame.to_local(flat[:, 0], flat[:, 1], top[f])
    nrm = frame.up_vectors(flat[:, 0], flat[:, 1])
    return [pos, nrm, f, np.arange(len(flat), dtype=np.int64)]


def _convex_rings(xy: npt.NDArray[np.float64], ring: I64, cos_lat: float) -> npt.NDArray[np.bool_]:
    """Per ring id: True when every turn is to the left (or straight), i.e. convex and counter-clockwise."""
    n_rings = int(ring.max()) + 1 if len(ring) else 0
    same = ring[:-1] == ring[1:]
    d = np.diff(xy, axis=0)
    d[:, 0] *= cos_lat
    # Turn at the coordinate between edge j and edge j+1 of the same ring, plus the wrap-around turn
    # (last edge to first edge) at each ring's start.
    e = np.flatnonzero(same)
    nxt = e + 1
    valid = np.r_[same[1:], False][e]  # edge j+1 exists in the same ring
    j, k = e[valid], nxt[valid]
    cross = d[j, 0] * d[k, 1] - d[j, 1] * d[k, 0]
    bad = np.zeros(n_rings, dtype=bool)
    np.logical_or.at(bad, ring[j][cross < -_CONVEX_EPS], True)
    starts = np.r_[0, np.flatnonzero(~same) + 1]
    ends = np.r_[np.flatnonzero(~same), len(ring) - 1]
    long_enough = ends - starts >= 3
    fs, le = starts[long_enough], ends[long_enough] - 1  # first edge, last edge of each ring
    wrap = d[le, 0] * d[fs, 1] - d[le, 1] * d[fs, 0]
    np.logical_or.at(bad, ring[fs][wrap < -_CONVEX_EPS], True)
    return ~bad


def _orient(
    xy: npt.NDArray[np.float64], ring: I64, exterior: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """Coordinates with exterior rings counter-clockwise and holes clockwise (reversed where needed)."""
    n = len(ring)
    if n == 0:
        return xy
    starts = np.r_[0, np.flatnonzero(ring[1:] != ring[:-1]) + 1]
    ends = np.r_[starts[1:], n]
    x, y = xy[:, 0], xy[:, 1]
    # Shoelace per ring (closed rings: the last edge is included by the closing coordinate).
    term = np.zeros(n)
    term[:-1] = x[:-1] * y[1:] - x[1:] * y[:-1]
    term[ends - 1] = 0.0
    area2 = np.add.reduceat(term, starts)
    ids = ring[starts]
    flip = (area2 < 0) == exterior[ids]
    if not flip.any():
        return xy
    lengths = ends - starts
    order = np.arange(n)
    s_of = np.repeat(starts, lengths)
    e_of = np.repeat(ends, lengths)
    flip_of = np.repeat(flip, lengths)
    order[flip_of] = (s_of + e_of - 1 - order)[flip_of]
    return xy[order]


def extrude(geoms: Any, base: Any, top: Any, frame: EnuFrame) -> Mesh:
    """Extrude WGS84 (multi)polygons from ``base`` to ``top`` metres; feature id = index into ``geoms``."""
    base = np.asarray(base, dtype=np.float64)
    top = np.asarray(top, dtype=np.float64)
    parts, part_feature = shapely.get_parts(np.asarray(geoms, dtype=object), return_index=True)
    n_interiors = shapely.get_num_interior_rings(parts)
    if n_interiors.any():
        rings, ring_part = shapely.get_rings(parts, return_index=True)
        n_rings = len(rings)
        xy, ring = shapely.get_coordinates(rings, return_index=True)
    else:
        # Footprints without courtyards, the usual case: a polygon's coordinates are its exterior ring's, so
        # no ring objects are made (building ~100k of them per tile set cost a third of tile generation).
        n_rings, ring_part = len(parts), np.arange(len(parts))
        xy, ring = shapely.get_coordinates(parts, return_index=True)
    ring = ring.astype(np.int64)
    exterior_ring = (np.cumsum(n_interiors + 1) - (n_interiors + 1)).astype(np.int64)
    is_exterior = np.zeros(n_rings, dtype=bool)
    is_exterior[exterior_ring] = True
    xy = _orient(xy, ring, is_exterior)
    feature = part_feature[ring_part[ring]].astype(np.int64)
    pb = frame.to_local(xy[:, 0], xy[:, 1], base[feature])
    pt = frame.to_local(xy[:, 0], xy[:, 1], top[feature])
    up = frame.up_vectors(xy[:, 0], xy[:, 1])
    pieces: list[list[Any]] = [_walls(pb, pt, up, ring, feature)]
    # Roofs: fans over the exterior rings of convex parts without holes, GEOS for the rest.
    convex = _convex_rings(xy, ring, float(np.cos(np.radians(frame.lat))))
    simple = (n_interiors == 0) & convex[exterior_ring]
    fan_ring = np.zeros(n_rings, dtype=bool)
    fan_ring[exterior_ring[simple]] = True
    pieces.append(_fan_roofs(pt, up, ring, feature, fan_ring[ring]))
    if (~simple).any():
        pieces.append(_cdt_roofs(frame, parts[~simple], part_feature[~simple].astype(np.int64), top))
    positions, normals, fids, indices = [], [], [], []
    offset = 0
    for pos, nrm, fid, idx in pieces:
        positions.append(pos)
        normals.append(nrm)
        fids.append(fid)
        indices.append(idx + offset)
        offset += len(pos)
    return Mesh(
        _to_gltf(np.concatenate(positions)) if positions else np.empty((0, 3), np.float32),
        _to_gltf(np.concatenate(normals)) if normals else np.empty((0, 3), np.float32),
        np.concatenate(fids).astype(np.uint32),
        np.concatenate(indices).astype(np.uint32),
    )
