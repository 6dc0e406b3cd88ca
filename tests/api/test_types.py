"""Discovery: GET /types, /types/{type}, /attributes, /attributes/{attrId}, with and without details."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1, entity, problem_type

VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/"


@pytest.fixture
def twin(api: TestClient) -> TestClient:
    bodies = [
        entity("urn:x:b1", "Building", height=10, name="A"),
        entity("urn:x:b2", "Building", height=20),
        {**entity("urn:x:s1", "Sensor", name="S"), "site": {"type": "Relationship", "object": "urn:x:b1"}},
        {
            "id": "urn:x:m",
            "type": ["Sensor", "Meter"],
            "name": [{"value": "a"}, {"value": "b", "datasetId": "urn:d:1"}],
        },
    ]
    assert api.post(f"{V1}/entityOperations/create", json=bodies).status_code == 201
    return api


def test_types(twin: TestClient) -> None:
    listed = twin.get(f"{V1}/types").json()
    assert listed["type"] == "EntityTypeList"
    assert listed["id"].startswith("urn:ngsi-ld:EntityTypeList:")
    assert listed["typeList"] == ["Building", "Meter", "Sensor"]
    details = twin.get(f"{V1}/types", params={"details": "true"}).json()
    assert details[0] == {
        "id": VOCAB + "Building",
        "type": "EntityType",
        "typeName": "Building",
        "attributeNames": ["height", "name"],
    }
    assert [d["typeName"] for d in details] == ["Building", "Meter", "Sensor"]
    info = twin.get(f"{V1}/types/Sensor").json()
    assert info == {
        "id": VOCAB + "Sensor",
        "type": "EntityTypeInfo",
        "typeName": "Sensor",
        "entityCount": 2,
        "attributeDetails": [
            {
                "id": VOCAB + "name",
                "type": "Attribute",
                "attributeName": "name",
                "attributeTypes": ["Property"],
            },
            {
                "id": VOCAB + "site",
                "type": "Attribute",
                "attributeName": "site",
                "attributeTypes": ["Relationship"],
            },
        ],
    }
    assert twin.get(f"{V1}/types/{VOCAB}Sensor").json()["entityCount"] == 2
    missing = twin.get(f"{V1}/types/Bridge")
    assert missing.status_code == 404 and problem_type(missing) == "ResourceNotFound"


def test_attributes(twin: TestClient) -> None:
    listed = twin.get(f"{V1}/attributes/").json()
    assert listed["type"] == "AttributeList"
    assert listed["attributeList"] == ["height", "name", "site"]
    details = twin.get(f"{V1}/attributes", params={"details": "true"}).json()
    assert [d["attributeName"] for d in details] == ["height", "name", "site"]
    name = twin.get(f"{V1}/attributes/name").json()
    assert name == {
        "id": VOCAB + "name",
        "type": "Attribute",
        "attributeName": "name",
        "attributeCount": 4,
        "attributeTypes": ["Property"],
        "typeNames": ["Building", "Meter", "Sensor"],
    }
    assert twin.get(f"{V1}/attributes/ghost").status_code == 404
    assert twin.get(f"{V1}/types", params={"details": "maybe"}).status_code == 400


def test_empty_tenant_has_no_types(api: TestClient) -> None:
    assert api.get(f"{V1}/types").json()["typeList"] == []
    assert api.get(f"{V1}/attributes", params={"details": "true"}).json() == []


def test_version_and_health(api: TestClient) -> None:
    assert api.get("/version").json()["ngsiLdVersion"].startswith("1.8")
    health = api.get("/health").json()
    assert health["status"] == "ok" and health["schemaVersion"] >= 1
    # The OpenAPI document's coverage of every route: tests/api/test_spec_gaps_openapi.py
