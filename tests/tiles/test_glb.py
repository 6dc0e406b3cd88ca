"""GLB content: read back by an independent glTF reader (trimesh) and by the structure the spec asks for."""

from __future__ import annotations

import io

import numpy as np
import trimesh

from citytwin.tiles.buildings import records
from citytwin.tiles.glb import accessor_array, property_values, read_glb
from citytwin.tiles.tileset import content_glb
from tests.tiles.conftest import block, building


def test_trimesh_reads_the_tile_and_sees_every_building() -> None:
    recs, skipped = records(block(50))
    assert not skipped
    data = content_glb(recs)
    scene = trimesh.load(io.BytesIO(data), file_type="glb", force="scene")
    mesh = next(iter(scene.geometry.values()))
    doc, _ = read_glb(data)
    assert len(mesh.vertices) == doc["accessors"][0]["count"]
    assert len(mesh.faces) * 3 == doc["accessors"][3]["count"]
    # Heights: glTF is y-up; the tallest roof is the tallest building (within float32 and curvature).
    assert abs(mesh.vertices[:, 1].max() - max(r.top for r in recs)) < 0.5


def test_feature_ids_and_property_table() -> None:
    twins = block(12)
    twins.append(building(99, 113.95, 22.53, 10, 10, None, name="无高度楼", floorsAboveGround=7))
    recs, _ = records(twins)
    doc, payload = read_glb(content_glb(recs))
    assert doc["extensionsUsed"] == ["EXT_mesh_features", "EXT_structural_metadata"]
    prim = doc["meshes"][0]["primitives"][0]
    fid_ext = prim["extensions"]["EXT_mesh_features"]["featureIds"][0]
    assert fid_ext == {"featureCount": 13, "attribute": 0, "propertyTable": 0}
    fids = accessor_array(doc, payload, prim["attributes"]["_FEATURE_ID_0"])
    assert set(np.unique(fids).astype(int)) == set(range(13))
    assert property_values(doc, payload, "id") == [r.id for r in recs]
    assert property_values(doc, payload, "name")[-1] == "无高度楼"
    heights = property_values(doc, payload, "height")
    assert heights[-1] == 21.0  # 7 floors × 3 m
    assert property_values(doc, payload, "floors")[0] is None  # absent: the noData value
    assert property_values(doc, payload, "adminCode")[0] == "440305007001"
    # Every buffer view is 8-byte aligned, as EXT_structural_metadata requires.
    assert all(v["byteOffset"] % 8 == 0 for v in doc["bufferViews"])
    assert doc["buffers"][0]["byteLength"] <= len(payload)


def test_positions_accessor_bounds_are_exact() -> None:
    recs, _ = records(block(20))
    doc, payload = read_glb(content_glb(recs))
    pos = accessor_array(doc, payload, 0)
    assert doc["accessors"][0]["min"] == [float(v) for v in pos.min(axis=0)]
    assert doc["accessors"][0]["max"] == [float(v) for v in pos.max(axis=0)]
