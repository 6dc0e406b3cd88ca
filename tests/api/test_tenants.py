"""Tenants through the API: NGSILD-Tenant isolates data, writes create tenants, unknown ones are 404."""

from __future__ import annotations

from starlette.testclient import TestClient

from citytwin.core.entities import Entity
from citytwin.storage.base import Store
from tests.api.conftest import V1, entity, problem_type

EID = "urn:ngsi-ld:Building:t1"


ALL = {"type": "*"}
"""Every entity of a tenant (a query names a type, clause 5.7.2.4)."""


def tenant(name: str) -> dict[str, str]:
    return {"NGSILD-Tenant": name}


def test_tenants_are_isolated_and_created_by_writes(api: TestClient, store: Store) -> None:
    unknown = api.get(f"{V1}/entities", headers=tenant("futian"))
    assert unknown.status_code == 404 and problem_type(unknown) == "NonexistentTenant"
    assert api.get(f"{V1}/entities/{EID}", headers=tenant("futian")).status_code == 404
    assert api.get(f"{V1}/types", headers=tenant("futian")).status_code == 404

    assert api.post(f"{V1}/entities", json=entity(EID, height=1), headers=tenant("futian")).status_code == 201
    assert (
        api.post(f"{V1}/entities", json=entity(EID, height=2), headers=tenant("nanshan")).status_code == 201
    )
    assert api.get(f"{V1}/entities/{EID}", headers=tenant("futian")).json()["height"]["value"] == 1
    assert api.get(f"{V1}/entities/{EID}", headers=tenant("nanshan")).json()["height"]["value"] == 2
    default = api.get(f"{V1}/entities/{EID}")
    assert default.status_code == 404 and problem_type(default) == "ResourceNotFound"
    assert (
        api.get(f"{V1}/entities", params=ALL, headers=tenant("")).json() == []
    )  # empty header: the default tenant
    assert sorted(store.tenants()) == ["futian", "nanshan"]


def test_a_tenant_created_by_another_process_is_found(api: TestClient, store: Store) -> None:
    store.tenant("luohu").create(Entity(EID, ("Building",)))
    found = api.get(f"{V1}/entities", params=ALL, headers=tenant("luohu"))
    assert found.status_code == 200
    assert [e["id"] for e in found.json()] == [EID]


def test_batch_writes_and_queries_stay_in_their_tenant(api: TestClient) -> None:
    many = [entity(f"urn:x:{i}", n=i) for i in range(5)]
    assert api.post(f"{V1}/entityOperations/upsert", json=many, headers=tenant("t-1")).status_code == 201
    counted = api.get(f"{V1}/entities", params={**ALL, "count": "true", "limit": 0}, headers=tenant("t-1"))
    assert counted.headers["NGSILD-Results-Count"] == "5"
    assert (
        api.get(f"{V1}/entities", params={**ALL, "count": "true", "limit": 0}).headers["NGSILD-Results-Count"]
        == "0"
    )
    assert (
        api.post(f"{V1}/entityOperations/delete", json=["urn:x:0"], headers=tenant("t-1")).status_code == 204
    )
    assert api.post(f"{V1}/entityOperations/delete", json=["urn:x:1"]).status_code == 207
