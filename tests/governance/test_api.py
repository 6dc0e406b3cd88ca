"""The governance HTTP routes on both backends: catalog, sources, conflicts, batches, lineage, graph."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from citytwin.governance.lineage import ImportBatch, Lineage
from citytwin.governance.sources import SourceArbiter
from citytwin.storage.base import Store
from tests.api.conftest import MAX_PAGE, V1, problem_type
from tests.governance.helpers import KEJIYUAN, Clock, building, building_id, enterprise
from tests.governance.test_graph import nanshan_backbone

DATASET: dict[str, Any] = {
    "title": "建筑物轮廓 Building footprints",
    "category": "space-2d3d",
    "subcategory": "footprint-2d",
    "grade": 2,
    "classification": "general",
    "ownerDepartment": "深圳市规划和自然资源局",
    "source": "sz-pnr",
    "updateFrequency": "quarterly",
    "crs": "EPSG:4490",
    "coverage": [113.75, 22.39, 114.63, 22.87],
    "adminCodes": ["440305"],
    "entityTypes": ["Building"],
    "recordCount": 4,
    "registeredCount": 4,
    "lastUpdate": "2025-03-01T08:00:00Z",
}


def test_categories(api: TestClient) -> None:
    body = api.get("/catalog/categories").json()
    assert [c["id"] for c in body["categories"]][:2] == ["spatiotemporal-base", "space-2d3d"]
    assert len(body["categories"]) == 10
    legal = next(c for c in body["categories"] if c["id"] == "legal-person")
    assert legal["name"] == {"zh": "法人数据", "en": "Legal persons"} and legal["group"] == "base"
    assert [g["level"] for g in body["grades"]] == [1, 2, 3, 4]


def test_dataset_crud(api: TestClient) -> None:
    created = api.put("/catalog/datasets/sz-pnr-footprints", json=DATASET)
    assert created.status_code == 201, created.text
    assert created.json()["registrationRate"] == 1.0 and created.json()["crs"] == "EPSG:4490"
    assert api.put("/catalog/datasets/sz-pnr-footprints", json={**DATASET, "grade": 3}).status_code == 200
    got = api.get("/catalog/datasets/sz-pnr-footprints").json()
    assert (
        got["grade"] == 3
        and got["ownerDepartment"] == "深圳市规划和自然资源局"
        and got["id"] == "sz-pnr-footprints"
    )
    api.put(
        "/catalog/datasets/poi",
        json={**DATASET, "category": "internet-open-data", "grade": 1, "subcategory": "poi"},
    )
    listed = api.get("/catalog/datasets")
    assert [d["id"] for d in listed.json()] == ["poi", "sz-pnr-footprints"]
    assert listed.headers["NGSILD-Results-Count"] == "2"
    assert [d["id"] for d in api.get("/catalog/datasets", params={"grade": 3}).json()] == [
        "sz-pnr-footprints"
    ]
    assert [
        d["id"] for d in api.get("/catalog/datasets", params={"category": "internet-open-data"}).json()
    ] == ["poi"]
    assert len(api.get("/catalog/datasets", params={"owner": "深圳市规划和自然资源局"}).json()) == 2
    assert [d["id"] for d in api.get("/catalog/datasets", params={"limit": 1, "offset": 1}).json()] == [
        "sz-pnr-footprints"
    ]
    summary = api.get("/catalog/summary").json()
    assert summary["total"]["datasets"] == 2 and summary["total"]["categoriesCovered"] == 2
    assert api.delete("/catalog/datasets/poi").status_code == 204
    gone = api.get("/catalog/datasets/poi")
    assert gone.status_code == 404 and problem_type(gone) == "ResourceNotFound"
    assert api.delete("/catalog/datasets/poi").status_code == 404


def test_dataset_errors_are_problem_details(api: TestClient) -> None:
    bad = api.put("/catalog/datasets/x", json={**DATASET, "category": "weather"})
    assert bad.status_code == 400 and problem_type(bad) == "BadRequestData"
    assert "unknown data category 'weather'" in bad.json()["detail"]
    assert bad.headers["content-type"].startswith("application/problem+json")
    grade = api.put("/catalog/datasets/x", json={**DATASET, "grade": 7})
    assert grade.status_code == 400 and "grade must be an integer 1..4" in grade.json()["detail"]
    other_id = api.put("/catalog/datasets/x", json={**DATASET, "id": "y"})
    assert other_id.status_code == 400 and "differs from the path" in other_id.json()["detail"]
    not_json = api.put("/catalog/datasets/x", content=b"{", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400 and problem_type(not_json) == "InvalidRequest"
    assert api.get("/catalog/datasets", params={"grade": "top"}).status_code == 400
    assert api.get("/catalog/datasets", params={"category": "weather"}).status_code == 400
    too_many = api.get("/catalog/datasets", params={"limit": MAX_PAGE + 1})
    assert too_many.status_code == 403 and problem_type(too_many) == "TooManyResults"
    assert api.get("/catalog/datasets").json() == []  # nothing half-written
    assert api.post("/catalog/datasets/x", json=DATASET).status_code == 405


def test_tenants_are_separate(api: TestClient) -> None:
    futian = {"NGSILD-Tenant": "futian"}
    assert api.put("/catalog/datasets/ft", json=DATASET, headers=futian).status_code == 201
    assert api.get("/catalog/datasets").json() == []
    assert [d["id"] for d in api.get("/catalog/datasets", headers=futian).json()] == ["ft"]
    missing = api.get("/catalog/datasets", headers={"NGSILD-Tenant": "nowhere"})
    assert missing.status_code == 404 and problem_type(missing) == "NonexistentTenant"


def test_sources_registry(api: TestClient) -> None:
    body = api.get("/catalog/sources").json()
    rule = next(r for r in body["rules"] if (r["type"], r["attribute"]) == ("Building", "height"))
    assert rule["authority"] == "sz-pnr" and rule["standard"]["unit"] == "MTR"
    assert rule["standard"]["tolerance"] == {"abs": 0.5, "rel": 0.02}
    assert any(s["name"] == "sz-mca" and s["zh"] == "深圳市民政局" for s in body["sources"])


def _import(store: Store, heights: dict[int, float], *, source: str, batch: str, clock: Clock) -> None:
    twin = store.tenant()
    arbiter = SourceArbiter(twin, clock=clock)
    entities = [building(n, height=h) for n, h in heights.items()]
    outcome = arbiter.apply(
        entities, source=source, batch_id=batch, category="space-2d3d", dataset=f"{source}-ds"
    )
    twin.upsert_many(outcome.entities)
    arbiter.commit(outcome)
    Lineage(twin).record_batch(
        ImportBatch(
            id=batch,
            dataset_id=f"{source}-ds",
            source=source,
            started_at=clock(),
            entity_ids=[e.id for e in entities],
        )
    )
    clock.advance(minutes=1)


def test_conflicts_listed_and_resolved(api: TestClient, store: Store) -> None:
    clock = Clock()
    _import(store, {1: 30.0, 2: 40.0}, source="sz-pnr", batch="pnr-1", clock=clock)
    _import(store, {1: 38.0, 2: 40.1}, source="osm", batch="osm-1", clock=clock)
    listed = api.get("/catalog/conflicts", params={"status": "open", "dataset": "osm-ds"})
    assert listed.status_code == 200 and listed.headers["NGSILD-Results-Count"] == "1"
    (conflict,) = listed.json()
    assert (conflict["entityId"], conflict["attribute"]) == (building_id(1), "height")
    assert (conflict["candidateValue"], conflict["authoritativeValue"]) == (38.0, 30.0)
    assert api.get("/catalog/conflicts", params={"type": "Road"}).json() == []
    assert (
        api.get("/catalog/conflicts", params={"attribute": "height"}).headers["NGSILD-Results-Count"] == "1"
    )
    assert api.get("/catalog/conflicts", params={"status": "maybe"}).status_code == 400
    assert api.get(f"/catalog/conflicts/{conflict['id']}").json()["source"] == "osm"
    bad = api.post(f"/catalog/conflicts/{conflict['id']}/resolve", json={"keep": "both", "by": "li"})
    assert bad.status_code == 400 and "keep must be" in bad.json()["detail"]
    assert (
        api.post(f"/catalog/conflicts/{conflict['id']}/resolve", json={"keep": "candidate"}).status_code
        == 400
    )
    done = api.post(
        f"/catalog/conflicts/{conflict['id']}/resolve",
        json={"keep": "candidate", "by": "steward.wang", "note": "re-surveyed"},
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "resolved" and done.json()["resolution"]["by"] == "steward.wang"
    twin_view = api.get(f"{V1}/entities/{building_id(1)}").json()
    assert twin_view["height"]["value"] == 38.0
    assert twin_view["height"]["provenance"]["value"]["resolvedBy"] == "steward.wang"
    again = api.post(
        f"/catalog/conflicts/{conflict['id']}/resolve", json={"keep": "authoritative", "by": "x"}
    )
    assert again.status_code == 409 and problem_type(again) == "AlreadyExists"
    assert api.get("/catalog/conflicts/cf-unknown").status_code == 404
    # Batches and lineage.
    assert [b["id"] for b in api.get("/catalog/batches").json()] == ["pnr-1", "osm-1"]
    assert [b["id"] for b in api.get("/catalog/batches", params={"dataset": "osm-ds"}).json()] == ["osm-1"]
    assert api.get("/catalog/batches/pnr-1").json()["startedAt"] == "2025-03-01T08:00:00Z"
    assert api.get("/catalog/batches/none").status_code == 404
    lineage = api.get(f"/lineage/{building_id(2)}").json()
    assert [b["id"] for b in lineage["batches"]] == ["pnr-1", "osm-1"]
    height = next(a for a in lineage["attributes"] if a["attribute"] == "height")
    assert height["provenance"]["importBatch"] == "pnr-1"
    assert [(c["attribute"], c["value"]) for c in lineage["candidates"] if c["attribute"] == "height"] == [
        ("height", 40.1)
    ]
    missing = api.get("/lineage/urn:ngsi-ld:Building:nowhere")
    assert missing.status_code == 404 and problem_type(missing) == "ResourceNotFound"


def test_graph_route(api: TestClient, store: Store) -> None:
    twin = store.tenant()
    twin.upsert_many([*nanshan_backbone(), building(1), enterprise(7, "平安科技", building_id(1))])
    body = api.get(f"/graph/{building_id(1)}", params={"depth": 1}).json()
    assert body["root"] == building_id(1) and body["depth"] == 1
    assert {n["id"] for n in body["nodes"]} == {building_id(1), KEJIYUAN, enterprise(7, "", "").id}
    assert {"source": building_id(1), "target": KEJIYUAN, "relationship": "locatedIn"} in body["edges"]
    outwards = api.get(f"/graph/{building_id(1)}", params={"depth": 4, "direction": "out"}).json()
    assert [n["type"] for n in outwards["nodes"]] == [
        "Building",
        "Community",
        "SubDistrict",
        "District",
        "City",
    ]
    assert api.get(f"/graph/{building_id(1)}").json()["depth"] == 2  # the default
    for params in ({"depth": 9}, {"direction": "sideways"}, {"limit": 0}, {"depth": "two"}):
        bad = api.get(f"/graph/{building_id(1)}", params=params)
        assert bad.status_code == 400 and problem_type(bad) == "InvalidRequest", params
    assert api.get("/graph/urn:ngsi-ld:Building:nowhere").status_code == 404
