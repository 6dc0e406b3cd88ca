"""Extrusion: walls face outward, roofs cover the footprint exactly, ids map every vertex to its building."""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer

from citytwin.tiles.extrude import Mesh, extrude
from citytwin.tiles.geodesy import EnuFrame

UTM50 = Transformer.from_crs("EPSG:4326", "EPSG:32650", always_xy=True)
M = 1 / 111_320


def rect(lng: float, lat: float, w_m: float, h_m: float) -> shapely.Polygon:
    dx = w_m * M / np.cos(np.radians(lat))
    return shapely.box(lng, lat, lng + dx, lat + h_m * M)


def area_m2(poly: shapely.Geometry) -> float:
    return float(shapely.transform(poly, lambda xy: np.c_[UTM50.transform(xy[:, 0], xy[:, 1])]).area)


def tri_normals(mesh: Mesh) -> tuple[np.ndarray, np.ndarray]:
    p = mesh.positions.astype(np.float64)[mesh.indices.reshape(-1, 3)]
    cross = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    return cross, p


def roof_area(mesh: Mesh, feature: int, top_y: float) -> float:
    cross, p = tri_normals(mesh)
    fid = mesh.feature_ids[mesh.indices.reshape(-1, 3)[:, 0]]
    roof = (fid == feature) & (np.abs(p[:, :, 1] - top_y).max(axis=1) < 0.5) & (cross[:, 1] > 0)
    return float(0.5 * np.linalg.norm(cross[roof], axis=1).sum())


def test_a_box_building() -> None:
    frame = EnuFrame(114.05, 22.54)
    poly = rect(114.05, 22.54, 30, 20)
    mesh = extrude([poly], [0.0], [45.0], frame)
    # 4 walls × 4 vertices + 4 roof vertices; 4 × 2 wall triangles + 2 roof triangles.
    assert len(mesh.positions) == 20
    assert mesh.triangles == 10
    assert set(mesh.feature_ids.tolist()) == {0}
    ys = mesh.positions[:, 1]
    assert abs(ys.min()) < 0.01 and abs(ys.max() - 45.0) < 0.01
    assert abs(roof_area(mesh, 0, 45.0) - area_m2(poly)) / area_m2(poly) < 0.01


def test_every_triangle_faces_the_way_its_normal_says() -> None:
    frame = EnuFrame(114.05, 22.54)
    l_shape = shapely.Polygon([(0, 0), (4, 0), (4, 1), (1, 1), (1, 3), (0, 3)])
    l_shape = shapely.affinity.affine_transform(l_shape, [10 * M, 0, 0, 10 * M, 114.05, 22.54])
    clockwise = shapely.Polygon(list(rect(114.051, 22.541, 20, 20).exterior.coords)[::-1])
    with_hole = shapely.Polygon(
        rect(114.052, 22.542, 40, 40).exterior.coords,
        [list(rect(114.05205, 22.54205, 10, 10).exterior.coords)],
    )
    mesh = extrude([l_shape, clockwise, with_hole], [0.0, 0.0, 5.0], [20.0, 30.0, 25.0], frame)
    cross, p = tri_normals(mesh)
    stored = mesh.normals[mesh.indices.reshape(-1, 3)[:, 0]]
    facing = np.einsum("ij,ij->i", cross, stored)
    assert (facing > 0).all(), "a triangle is wound against its normal (culled from outside)"
    # Walls point away from the solid: sample a point just outside along the normal of each wall.
    walls = np.abs(stored[:, 1]) < 0.1
    centres = p[walls].mean(axis=1)
    fids = mesh.feature_ids[mesh.indices.reshape(-1, 3)[walls, 0]]
    polys = [l_shape, clockwise, with_hole]
    to_lnglat = _inverse(frame)
    for c, n, f in zip(centres, stored[walls], fids, strict=True):
        outside = c + 0.5 * n
        inside = c - 0.5 * n
        assert not polys[f].contains(shapely.Point(to_lnglat(outside)))
        assert polys[f].contains(shapely.Point(to_lnglat(inside)))


def _inverse(frame: EnuFrame):  # type: ignore[no-untyped-def]
    def back(gltf_xyz: np.ndarray) -> tuple[float, float]:
        e, u, n = gltf_xyz[0], gltf_xyz[1], -gltf_xyz[2]
        ecef = frame.origin + frame.rotation.T @ np.array([e, n, u])
        lng, lat, _ = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True).transform(*ecef)
        return float(lng), float(lat)

    return back


def test_roofs_of_concave_and_holed_footprints_cover_them_exactly() -> None:
    frame = EnuFrame(114.05, 22.54)
    l_shape = shapely.affinity.affine_transform(
        shapely.Polygon([(0, 0), (4, 0), (4, 1), (1, 1), (1, 3), (0, 3)]),
        [10 * M, 0, 0, 10 * M, 114.05, 22.54],
    )
    with_hole = shapely.Polygon(
        rect(114.052, 22.542, 40, 40).exterior.coords,
        [list(rect(114.05205, 22.54205, 10, 10).exterior.coords)],
    )
    mesh = extrude([l_shape, with_hole], [0.0, 0.0], [20.0, 30.0], frame)
    for i, poly in enumerate((l_shape, with_hole)):
        top = (20.0, 30.0)[i]
        assert abs(roof_area(mesh, i, top) - area_m2(poly)) / area_m2(poly) < 0.01


def test_multipolygon_parts_share_one_feature_id() -> None:
    frame = EnuFrame(114.05, 22.54)
    multi = shapely.MultiPolygon([rect(114.05, 22.54, 10, 10), rect(114.0502, 22.54, 10, 10)])
    mesh = extrude([rect(114.049, 22.539, 5, 5), multi], [0.0, 0.0], [10.0, 12.0], frame)
    assert set(mesh.feature_ids.tolist()) == {0, 1}
    assert (mesh.feature_ids == 1).sum() == 2 * 20


def test_a_building_far_from_the_frame_still_stands_on_the_ground() -> None:
    frame = EnuFrame(114.05, 22.54)
    far = rect(114.05, 22.54 + 20_000 * M, 20, 20)  # 20 km north: the ground is ~31 m below the frame plane
    mesh = extrude([far], [0.0], [10.0], frame)
    lowest = mesh.positions[:, 1].min()
    assert -33 < lowest < -29
