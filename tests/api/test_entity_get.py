"""GET /entities/{id} without query parameters answers exactly as with every parameter at its default.

The handler skips parsing an absent query and reads its headers in one pass; these tests pin that the
shortcut changes nothing a client sees: body, media type, @context link, tenant echo, request id.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.testclient import TestClient

from tests.api.conftest import V1, entity

EID = "urn:ngsi-ld:Building:get-1"
OTHER = "urn:ngsi-ld:Building:get-2"


def _full_entity() -> dict[str, Any]:
    body = entity(EID, name="Tower", height={"type": "Property", "value": 12.5, "unitCode": "MTR"})
    body["floors"] = [
        {"type": "Property", "value": 3},
        {"type": "Property", "value": 4, "datasetId": "urn:ngsi-ld:Dataset:survey"},
    ]
    body["owner"] = {"type": "Relationship", "object": OTHER, "since": {"type": "Property", "value": 2020}}
    body["location"] = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [114.05, 22.55]}}
    return body


def _seen(response: Any) -> tuple[int, Any, str | None, str | None]:
    return (
        response.status_code,
        response.json(),
        response.headers.get("content-type"),
        response.headers.get("link"),
    )


def test_no_parameters_read_as_the_defaults_written_out(api: TestClient) -> None:
    assert api.post(f"{V1}/entities", json=_full_entity()).status_code == 201
    assert api.post(f"{V1}/entities", json=entity(OTHER, name="Owner")).status_code == 201
    plain = api.get(f"{V1}/entities/{EID}")
    assert plain.status_code == 200
    body = plain.json()
    assert [i.get("datasetId") for i in body["floors"]] == [None, "urn:ngsi-ld:Dataset:survey"]
    assert body["owner"]["since"]["value"] == 2020 and body["height"]["unitCode"] == "MTR"
    for query in ("format=normalized", "options=normalized", "join=@none", "joinLevel=1", "local=false"):
        assert _seen(api.get(f"{V1}/entities/{EID}?{query}")) == _seen(plain), query


def test_headers_of_a_read_without_parameters_are_honoured(api: TestClient) -> None:
    assert api.post(f"{V1}/entities", json=_full_entity(), headers={"NGSILD-Tenant": "t1"}).status_code == 201
    found = api.get(f"{V1}/entities/{EID}", headers={"NGSILD-Tenant": "t1", "Accept": "application/ld+json"})
    assert found.status_code == 200 and found.headers["ngsild-tenant"] == "t1"
    assert found.headers["content-type"].startswith("application/ld+json") and "@context" in found.json()
    assert "link" not in found.headers
    feature = api.get(
        f"{V1}/entities/{EID}", headers={"NGSILD-Tenant": "t1", "Accept": "application/geo+json"}
    )
    assert feature.status_code == 200 and feature.json()["type"] == "Feature"
    assert api.get(f"{V1}/entities/{EID}").status_code == 404  # not in the default tenant
    bad = api.get(f"{V1}/entities/{EID}", headers={"NGSILD-Tenant": "no spaces"})
    assert bad.status_code == 400
    refused = api.get(f"{V1}/entities/{EID}", headers={"NGSILD-Tenant": "t1", "Accept": "text/csv"})
    assert refused.status_code == 406


def test_request_ids_are_fresh_unless_the_client_gives_a_valid_one(api: TestClient) -> None:
    ids = {api.get("/version").headers["x-request-id"] for _ in range(20)}
    assert len(ids) == 20 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert api.get("/version", headers={"X-Request-ID": "req-7"}).headers["x-request-id"] == "req-7"
    replaced = api.get("/version", headers={"X-Request-ID": "not valid!"}).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)
