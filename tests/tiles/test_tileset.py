"""The tileset: a quadtree drawing every building once, errors and volumes that nest, transforms that place
every vertex where PROJ says the building is, and incremental updates that touch only the tiles they must."""

from __future__ import annotations

from typing import Any

import numpy as np
from pyproj import Transformer

from citytwin.tiles.buildings import BuildingRecord, records
from citytwin.tiles.glb import accessor_array, property_values, read_glb
from citytwin.tiles.tileset import BuildingTiles
from tests.tiles.conftest import block, building

TO_ECEF = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)


def walk(
    tile: dict[str, Any],
    parent: np.ndarray,
    out: list[tuple[dict[str, Any], np.ndarray, int]],
    depth: int = 0,
) -> None:
    m = parent
    if "transform" in tile:
        m = parent @ np.array(tile["transform"]).reshape(4, 4).T
    out.append((tile, m, depth))
    for child in tile.get("children", []):
        walk(child, m, out, depth + 1)


def tiles_of(tiles: BuildingTiles) -> list[tuple[dict[str, Any], np.ndarray, int]]:
    doc = tiles.tileset()
    out: list[tuple[dict[str, Any], np.ndarray, int]] = []
    walk(doc["root"], np.eye(4), out)
    return out


def key_of(uri: str) -> str:
    return uri.rsplit("/", maxsplit=1)[-1].split(".glb", maxsplit=1)[0]


def test_every_building_is_drawn_by_exactly_one_tile() -> None:
    recs, _ = records(block(900))
    tiles = BuildingTiles(recs, per_tile=100)
    seen: list[str] = []
    for tile, _, _ in tiles_of(tiles):
        if "content" in tile:
            doc, payload = read_glb(tiles.content(key_of(tile["content"]["uri"])) or b"")
            seen.extend(property_values(doc, payload, "id"))
    assert sorted(seen) == sorted(r.id for r in recs)
    assert len(tiles.nodes) > 9  # it did split


def test_heaviest_buildings_are_at_the_root_and_errors_nest() -> None:
    recs, _ = records(block(900))
    tiles = BuildingTiles(recs, per_tile=100)
    root_ids = set(tiles.root.ids)
    heaviest = sorted(recs, key=lambda r: -r.weight)[:100]
    assert root_ids == {r.id for r in heaviest}
    doc = tiles.tileset()
    assert doc["asset"]["version"] == "1.1"
    assert doc["geometricError"] >= doc["root"]["geometricError"]

    def check(tile: dict[str, Any]) -> None:
        for child in tile.get("children", []):
            assert child["geometricError"] <= tile["geometricError"]
            outer, inner = tile["boundingVolume"]["region"], child["boundingVolume"]["region"]
            assert (
                outer[0] <= inner[0]
                and outer[1] <= inner[1]
                and outer[2] >= inner[2]
                and outer[3] >= inner[3]
            )
            assert outer[4] <= inner[4] and outer[5] >= inner[5]
            check(child)
        if "children" not in tile:
            assert tile["geometricError"] == 0.0
        assert tile["refine"] == "ADD"

    check(doc["root"])


def test_transforms_put_vertices_where_the_buildings_are() -> None:
    recs, _ = records(block(400, lng0=113.90, lat0=22.50, spacing_m=300.0))  # spread over ~6 km
    by_id = {r.id: r for r in recs}
    tiles = BuildingTiles(recs, per_tile=50)
    checked = 0
    for tile, world, _ in tiles_of(tiles):
        if "content" not in tile:
            continue
        doc, payload = read_glb(tiles.content(key_of(tile["content"]["uri"])) or b"")
        pos = accessor_array(doc, payload, 0).astype(np.float64)
        fid = accessor_array(doc, payload, 2).astype(int)
        ids = property_values(doc, payload, "id")
        # glTF y-up → 3D Tiles z-up, then the tile's accumulated transform → ECEF.
        zup = np.c_[pos[:, 0], -pos[:, 2], pos[:, 1], np.ones(len(pos))]
        xyz = (world @ zup.T).T[:, :3]
        top = np.array([by_id[ids[f]].top for f in fid])
        roof = np.abs(pos[:, 1] - top) < 1.0
        for k in np.flatnonzero(roof)[::7]:
            rec: BuildingRecord = by_id[ids[fid[k]]]
            x, y, z = TO_ECEF.transform(*_nearest_corner(rec, xyz[k]), rec.top)
            assert np.linalg.norm(xyz[k] - np.array([x, y, z])) < 0.05
            checked += 1
    assert checked > 100


def _nearest_corner(rec: BuildingRecord, ecef_xyz: np.ndarray) -> tuple[float, float]:
    back = Transformer.from_crs("EPSG:4978", "EPSG:4979", always_xy=True)
    lng, lat, _ = back.transform(*ecef_xyz)
    corners = np.array(rec.geom.exterior.coords)
    return tuple(corners[np.argmin(np.hypot(corners[:, 0] - lng, corners[:, 1] - lat))])  # type: ignore[return-value]


def test_updates_touch_only_the_tiles_of_changed_buildings() -> None:
    twins = block(900)
    recs, _ = records(twins)
    tiles = BuildingTiles(recs, per_tile=100)
    version = tiles.version
    versions = {k: n.version for k, n in tiles.nodes.items()}
    where = dict(tiles.where)
    # Taller: same tile, new content version.
    changed = records([building(5, *_corner(twins[5]), 20, 15, 333.0)])[0]
    dirty = tiles.apply(changed)
    assert dirty == {where[changed[0].id]}
    assert tiles.version == version + 1
    assert tiles.nodes[where[changed[0].id]].version == tiles.version > versions[where[changed[0].id]]
    untouched = [k for k in versions if k != where[changed[0].id]]
    assert all(tiles.nodes[k].version == versions[k] for k in untouched)
    # Removed and added.
    new = records([building(5000, 113.9301, 22.5201, 12, 12, 30.0)])[0]
    dirty = tiles.apply(new, removed=[twins[7].id])
    assert where[twins[7].id] in dirty and tiles.where[new[0].id] in dirty
    assert twins[7].id not in tiles.records and new[0].id in tiles.records
    doc, payload = read_glb(tiles.content(tiles.where[new[0].id]) or b"")
    assert new[0].id in property_values(doc, payload, "id")
    # A building far outside the root: the tree is rebuilt around it.
    far = records([building(6000, 114.30, 22.60, 12, 12, 30.0)])[0]
    assert tiles.apply(far) == set(tiles.nodes)
    assert far[0].id in tiles.where


def _corner(e: Any) -> tuple[float, float]:
    ring = e.value("location")["coordinates"][0]
    return ring[0][0], ring[0][1]


def test_an_empty_twin_gives_an_empty_tileset() -> None:
    tiles = BuildingTiles([])
    doc = tiles.tileset()
    assert "content" not in doc["root"] and doc["geometricError"] == 0.0
    assert tiles.content("r") is None
