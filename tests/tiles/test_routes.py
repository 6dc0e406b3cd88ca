"""The tile and layer routes over HTTP (both backends), on the real Shenzhen districts and communities."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import trimesh
from starlette.testclient import TestClient

from citytwin.core.entities import Entity
from citytwin.demo.hierarchy import admin_entities
from citytwin.tiles.glb import property_values, read_glb
from tests.tiles.conftest import block

FUTIAN = "440304"


@cache
def _areas() -> list[Entity]:
    # Every district, and Futian's streets and communities: enough real geometry, quick to load.
    return [e for e in admin_entities() if e.type == "District" or (e.admin_code or "").startswith(FUTIAN)]


@pytest.fixture
def seeded(api: TestClient) -> TestClient:
    body = [e.to_dict() for e in _areas()] + [e.to_dict() for e in block(60, lng0=114.05, lat0=22.53)]
    device = {
        "id": "urn:ngsi-ld:Device:cam-1", "type": "Device",
        "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [114.0525, 22.5315]}},
        "deviceType": {"type": "Property", "value": "camera"},
        "deviceState": {"type": "Property", "value": "online"},
    }  # fmt: skip
    for start in range(0, len(body), 100):
        r = api.post("/ngsi-ld/v1/entityOperations/upsert", json=body[start : start + 100])
        assert r.status_code in (201, 204), r.text
    assert api.post("/ngsi-ld/v1/entities", json=device).status_code == 201
    return api


def _wait_ready(api: TestClient, **kw: Any) -> dict[str, Any]:
    for _ in range(600):
        status = api.get("/tiles/buildings/status", **kw).json()
        if status["state"] != "building":
            return status  # type: ignore[no-any-return]
        import time

        time.sleep(0.05)
    raise AssertionError("tiles never became ready")


def test_tileset_and_content(seeded: TestClient) -> None:
    status = _wait_ready(seeded)
    assert status["state"] == "ready" and status["buildings"] == 60
    r = seeded.get("/tiles/buildings/tileset.json")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-cache"
    doc = r.json()
    uri = doc["root"]["content"]["uri"]
    assert uri.startswith("content/r.glb?v=")
    tile = seeded.get("/tiles/buildings/" + uri)
    assert tile.status_code == 200 and tile.headers["content-type"] == "model/gltf-binary"
    assert "immutable" in tile.headers["cache-control"]
    gltf, payload = read_glb(tile.content)
    assert len(property_values(gltf, payload, "id")) == 60
    import io

    assert trimesh.load(io.BytesIO(tile.content), file_type="glb", force="scene").geometry


def test_tile_errors_are_problem_details(seeded: TestClient) -> None:
    _wait_ready(seeded)
    for path in ("/tiles/buildings/content/r9.glb", "/tiles/buildings/content/r0123.glb"):
        r = seeded.get(path)
        assert r.status_code == 404 and r.json()["type"].endswith("ResourceNotFound")
    r = seeded.get("/tiles/buildings/status?tenant=bad%20name")
    assert r.status_code == 400


def test_a_tenant_by_query_parameter(seeded: TestClient) -> None:
    r = seeded.post("/ngsi-ld/v1/entityOperations/upsert", json=[e.to_dict() for e in block(5)],
                    headers={"NGSILD-Tenant": "nanshan"})  # fmt: skip
    assert r.status_code in (201, 204)
    assert _wait_ready(seeded, params={"tenant": "nanshan"})["buildings"] == 5
    assert _wait_ready(seeded, headers={"NGSILD-Tenant": "nanshan"})["buildings"] == 5


def test_base_layers(seeded: TestClient) -> None:
    layers = seeded.get("/tiles/layers").json()
    assert {layer["id"] for layer in layers} >= {"districts", "streets", "communities", "roads", "water"}
    districts = seeded.get("/tiles/layers/districts.geojson")
    assert districts.headers["content-type"].startswith("application/geo+json")
    feats = districts.json()["features"]
    names = {f["properties"]["name"] for f in feats}
    assert len(feats) == 9 and {"福田区", "南山区", "龙岗区"} <= names
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in feats)
    # Clipped to a box around 福田 CBD: Futian's communities there, and no district far away.
    box = seeded.get("/tiles/layers/communities.geojson", params={"bbox": "114.04,22.52,114.07,22.55"}).json()
    assert box["features"] and all(f["properties"]["adminCode"].startswith(FUTIAN) for f in box["features"])
    assert seeded.get("/tiles/layers/roads.geojson").json()["features"] == []
    assert seeded.get("/tiles/layers/nope.geojson").status_code == 404
    assert seeded.get("/tiles/layers/districts.geojson", params={"bbox": "1,2,3"}).status_code == 400


def test_a_layer_change_is_seen(seeded: TestClient) -> None:
    first = seeded.get("/tiles/layers/water.geojson").json()["features"]
    assert first == []
    ring = [[114.09, 22.54], [114.095, 22.54], [114.095, 22.545], [114.09, 22.545], [114.09, 22.54]]
    lake = {
        "id": "urn:ngsi-ld:WaterBody:lake",
        "type": "WaterBody",
        "name": {"type": "Property", "value": "荔枝湖"},
        "location": {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": [ring]}},
    }
    assert seeded.post("/ngsi-ld/v1/entities", json=lake).status_code == 201
    water = seeded.get("/tiles/layers/water.geojson").json()["features"]
    assert [f["properties"]["name"] for f in water] == ["荔枝湖"]


def test_devices_by_box(seeded: TestClient) -> None:
    r = seeded.get("/tiles/devices.json", params={"bbox": "114.05,22.53,114.06,22.54"}).json()
    assert (
        r["ids"] == ["urn:ngsi-ld:Device:cam-1"]
        and r["deviceTypes"] == ["camera"]
        and r["states"] == ["online"]
    )
    assert r["coordinates"] == [[114.0525, 22.5315]]
    assert seeded.get("/tiles/devices.json", params={"bbox": "114.1,22.6,114.2,22.7"}).json()["ids"] == []
    assert seeded.get("/tiles/devices.json").status_code == 400


def test_flood_overlays_without_runs(seeded: TestClient) -> None:
    assert seeded.get("/tiles/flood").json() == []
    r = seeded.get("/tiles/flood/nope/frames.json")
    assert r.status_code == 404 and r.json()["type"].endswith("ResourceNotFound")


def test_viewer_page_and_assets(api: TestClient) -> None:
    page = api.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    import re

    scripts = re.findall(r'src="(/static/assets/[^"]+\.js)"', page.text)
    assert scripts, page.text
    js = api.get(scripts[0])
    assert js.status_code == 200 and "immutable" in js.headers["cache-control"]
    assert js.headers["content-type"].startswith("text/javascript")
    worker = api.get("/static/cesium/Workers/createGeometry.js")
    assert worker.status_code == 200 and worker.headers["cache-control"] == "no-cache"
    assert api.get("/static/cesium/LICENSE.md").status_code == 200
    assert "Apache License" in api.get("/static/THIRD-PARTY-LICENSES.txt").text
    assert api.get("/static/../pyproject.toml").status_code == 404
    assert api.get("/static/cesium/nope.js").status_code == 404
