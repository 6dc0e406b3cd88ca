"""Batch operations (create, upsert, update, merge, delete) with their 201/204/207 answers, and purge."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.api.conftest import V1, entity, problem_type

OPS = f"{V1}/entityOperations"


def kv(api: TestClient, entity_id: str) -> dict[str, Any]:
    response = api.get(f"{V1}/entities/{entity_id}", params={"options": "keyValues"})
    assert response.status_code == 200, response.text
    return dict(response.json())


def all_ids(api: TestClient) -> list[str]:
    return [e["id"] for e in api.get(f"{V1}/entities", params={"type": "*", "limit": 50}).json()]


def test_create_all_or_207(api: TestClient) -> None:
    ok = api.post(f"{OPS}/create", json=[entity("urn:x:1", a=1), entity("urn:x:2", a=2)])
    assert ok.status_code == 201
    assert ok.json() == ["urn:x:1", "urn:x:2"]
    mixed = api.post(
        f"{OPS}/create",
        json=[entity("urn:x:2", a=9), entity("urn:x:3", a=3), {"id": "urn:x:4"}, {"type": "T"}, "junk"],
    )
    assert mixed.status_code == 207
    body = mixed.json()
    assert body["success"] == ["urn:x:3"]
    errors = {e["entityId"]: e["error"] for e in body["errors"]}
    assert set(errors) == {"urn:x:2", "urn:x:4", ""}
    assert errors["urn:x:2"]["type"].endswith("AlreadyExists")
    assert errors["urn:x:4"]["type"].endswith("BadRequestData")
    assert all({"type", "title", "status", "detail"} <= set(e) for e in errors.values())
    assert len(body["errors"]) == 4
    assert kv(api, "urn:x:2")["a"] == 2
    for bad in ({"id": "urn:x:1"}, [], "text"):
        response = api.post(f"{OPS}/create", json=bad)
        assert response.status_code == 400 and problem_type(response) == "BadRequestData"


def test_upsert_replaces_or_merges(api: TestClient) -> None:
    created = api.post(f"{OPS}/upsert", json=[entity("urn:x:1", a=1, b=1)])
    assert created.status_code == 201 and created.json() == ["urn:x:1"]
    replaced = api.post(f"{OPS}/upsert", json=[entity("urn:x:1", a=2)])
    assert replaced.status_code == 204
    assert kv(api, "urn:x:1") == {"id": "urn:x:1", "type": "Building", "a": 2}
    merged = api.post(
        f"{OPS}/upsert", params={"options": "update"}, json=[entity("urn:x:1", c=3), entity("urn:x:2")]
    )
    assert merged.status_code == 201 and merged.json() == ["urn:x:2"]
    assert kv(api, "urn:x:1") == {"id": "urn:x:1", "type": "Building", "a": 2, "c": 3}
    mixed = api.post(f"{OPS}/upsert", json=[entity("urn:x:3"), {"id": "bad id", "type": "T"}])
    assert mixed.status_code == 207
    assert mixed.json()["success"] == ["urn:x:3"]
    assert mixed.json()["errors"][0]["entityId"] == "bad id"
    both = api.post(f"{OPS}/upsert", params={"options": "update,replace"}, json=[entity("urn:x:1")])
    assert both.status_code == 400


def test_update_appends_to_existing_entities_only(api: TestClient) -> None:
    assert api.post(f"{OPS}/create", json=[entity("urn:x:1", a=1), entity("urn:x:2", a=1)]).status_code == 201
    ok = api.post(
        f"{OPS}/update", json=[{"id": "urn:x:1", "b": 2}, {"id": "urn:x:2", "type": "Extra", "a": 5}]
    )
    assert ok.status_code == 204, ok.text
    assert kv(api, "urn:x:1") == {"id": "urn:x:1", "type": "Building", "a": 1, "b": 2}
    assert kv(api, "urn:x:2") == {"id": "urn:x:2", "type": ["Building", "Extra"], "a": 5}
    kept = api.post(
        f"{OPS}/update", params={"options": "noOverwrite"}, json=[{"id": "urn:x:1", "a": 9, "c": 3}]
    )
    assert kept.status_code == 204
    assert kv(api, "urn:x:1") == {"id": "urn:x:1", "type": "Building", "a": 1, "b": 2, "c": 3}
    missing = api.post(f"{OPS}/update", json=[{"id": "urn:x:9", "a": 1}, {"id": "urn:x:1", "d": 4}])
    assert missing.status_code == 207
    assert missing.json()["success"] == ["urn:x:1"]
    assert missing.json()["errors"][0]["entityId"] == "urn:x:9"
    assert missing.json()["errors"][0]["error"]["status"] == 404
    assert "urn:x:9" not in all_ids(api)


def test_merge_deletes_nulls_and_merges_sub_attributes(api: TestClient) -> None:
    first = {
        **entity("urn:x:1", a=1, b=2),
        "h": {"type": "Property", "value": 1, "unitCode": "MTR", "acc": 0.5},
    }
    assert api.post(f"{OPS}/create", json=[first]).status_code == 201
    patch = [{"id": "urn:x:1", "b": "urn:ngsi-ld:null", "h": {"value": 2}, "n": 3}]
    assert api.post(f"{OPS}/merge", json=patch).status_code == 204
    full = api.get(f"{V1}/entities/urn:x:1").json()
    assert "b" not in full
    assert full["h"] == {
        "type": "Property",
        "value": 2,
        "unitCode": "MTR",
        "acc": {"type": "Property", "value": 0.5},
    }
    assert full["n"]["value"] == 3
    assert api.post(f"{OPS}/merge", json=[{"id": "urn:x:2", "a": 1}]).status_code == 207


def test_delete(api: TestClient) -> None:
    assert api.post(f"{OPS}/create", json=[entity("urn:x:1"), entity("urn:x:2")]).status_code == 201
    assert api.post(f"{OPS}/delete", json=["urn:x:1"]).status_code == 204
    partial = api.post(f"{OPS}/delete", json=["urn:x:2", "urn:x:1", 5])
    assert partial.status_code == 207
    assert partial.json()["success"] == ["urn:x:2"]
    assert sorted(e["entityId"] for e in partial.json()["errors"]) == ["", "urn:x:1"]
    assert all_ids(api) == []


def test_purge(api: TestClient) -> None:
    city = [entity(f"urn:x:{i}", "Building" if i % 2 else "Road", n=i, m=i) for i in range(10)]
    assert api.post(f"{OPS}/create", json=city).status_code == 201
    nothing = api.delete(f"{V1}/entities")
    assert nothing.status_code == 400 and problem_type(nothing) == "BadRequestData"
    assert api.delete(f"{V1}/entities", params={"type": "Road", "q": "n>3"}).status_code == 204
    assert all_ids(api) == ["urn:x:0", "urn:x:1", "urn:x:2", "urn:x:3", "urn:x:5", "urn:x:7", "urn:x:9"]
    assert api.delete(f"{V1}/entities/", params={"q": "n>=5", "pick": "n"}).status_code == 204
    assert kv(api, "urn:x:5") == {"id": "urn:x:5", "type": "Building", "m": 5}
    assert kv(api, "urn:x:3") == {"id": "urn:x:3", "type": "Building", "n": 3, "m": 3}
    assert api.delete(f"{V1}/entities", params={"idPattern": "x:[01]$", "omit": "m"}).status_code == 204
    assert kv(api, "urn:x:1") == {"id": "urn:x:1", "type": "Building", "m": 1}
    assert api.delete(f"{V1}/entities", params={"type": "Building"}).status_code == 204
    assert all_ids(api) == ["urn:x:0", "urn:x:2"]
