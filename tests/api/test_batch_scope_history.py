"""Batch writes that replace entities record what the replacement removes, as PUT /entities/{id} does: the
scope (clause 4.5.6: its temporal evolution ends) and the attribute instances left out. Writes that merge
remove nothing and record no removal. Both backends."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1

T = f"{V1}/temporal/entities"
OPS = f"{V1}/entityOperations"
E = "urn:ngsi-ld:Vehicle:batch-scope"
F = "urn:ngsi-ld:Vehicle:batch-scope-2"


def vehicle(entity_id: str = E, scope: Any = None, **attrs: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"id": entity_id, "type": "Vehicle"}
    if scope is not None:
        body["scope"] = scope
    body.update({name: {"type": "Property", "value": value} for name, value in attrs.items()})
    return body


def create(api: TestClient, body: dict[str, Any]) -> None:
    response = api.post(f"{V1}/entities", json=body)
    assert response.status_code == 201, response.text


def replace_by(api: TestClient, how: str, body: dict[str, Any]) -> None:
    """Replace the entity through PUT /entities/{id} or a batch upsert (its default, options=replace)."""
    if how == "put":
        response = api.put(f"{V1}/entities/{body['id']}", json={k: v for k, v in body.items() if k != "id"})
    elif how == "upsert":
        response = api.post(f"{OPS}/upsert", json=[body])
    else:
        response = api.post(f"{OPS}/upsert", params={"options": "replace"}, json=[body])
    assert response.status_code == 204, response.text


def evolution(api: TestClient, entity_id: str = E, **params: str) -> dict[str, Any]:
    response = api.get(f"{T}/{entity_id}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def deleted(api: TestClient, entity_id: str = E) -> dict[str, list[Any]]:
    """Attribute (and scope) → its deletions' values, from ``timeproperty=deletedAt``."""
    body = evolution(api, entity_id, timeproperty="deletedAt")
    out: dict[str, list[Any]] = {}
    for name, instances in body.items():
        if name in ("id", "type"):
            continue
        items = instances if isinstance(instances, list) else [instances]
        assert all("deletedAt" in i for i in items), items
        out[name] = [i["value"] for i in items]
    return out


REPLACERS = ["put", "upsert", "upsert-replace"]


@pytest.mark.parametrize("how", REPLACERS)
def test_a_replacement_without_scope_ends_the_scope(api: TestClient, how: str) -> None:
    create(api, vehicle(scope="/A", speed=1))
    replace_by(api, how, vehicle(speed=2))
    assert "scope" not in api.get(f"{V1}/entities/{E}").json()
    scope = evolution(api)["scope"]
    assert [i["value"] for i in scope] == ["/A", []]
    assert "deletedAt" in scope[-1] and "observedAt" in scope[0]
    assert deleted(api) == {"scope": [[]]}
    replace_by(api, how, vehicle(speed=3))  # nothing more to remove
    assert [i["value"] for i in evolution(api)["scope"]] == ["/A", []]


@pytest.mark.parametrize("how", REPLACERS)
def test_a_replacement_records_the_attributes_it_leaves_out(api: TestClient, how: str) -> None:
    create(api, vehicle(scope="/A", speed=1, fuel=50))
    replace_by(api, how, vehicle(scope="/B", speed=2))
    assert deleted(api) == {"fuel": ["urn:ngsi-ld:null"]}
    assert [i["value"] for i in evolution(api)["scope"]] == ["/A", "/B"]
    fuel = evolution(api, attrs="fuel")["fuel"]
    assert [i["value"] for i in fuel] == [50, "urn:ngsi-ld:null"] and "deletedAt" in fuel[-1]


def test_a_temporal_scope_query_no_longer_matches_after_a_batch_removal(api: TestClient) -> None:
    """The removal ends the period in which the scope was valid: a window after it does not match /A."""
    create(api, vehicle(scope="/A", speed=1))
    replace_by(api, "upsert", vehicle(speed=2))
    [removal] = [i for i in evolution(api)["scope"] if "deletedAt" in i]
    patch = api.patch(f"{V1}/entities/{E}", json={"speed": {"type": "Property", "value": 3}})
    assert patch.status_code == 204, patch.text
    window = {"type": "Vehicle", "timerel": "after", "timeAt": removal["deletedAt"]}
    unscoped = api.get(T, params=window)
    assert [e["id"] for e in unscoped.json()] == [E]  # the entity has history in the window
    scoped = api.get(T, params={**window, "scopeQ": "/A"})
    assert scoped.status_code == 200, scoped.text
    assert scoped.json() == []


def test_a_batch_upsert_records_removals_only_for_entities_it_replaced(api: TestClient) -> None:
    create(api, vehicle(scope="/A", speed=1))
    batch = [vehicle(speed=2), vehicle(F, scope="/C", speed=5), {"id": "bad id", "type": "Vehicle"}]
    response = api.post(f"{OPS}/upsert", json=batch)
    assert response.status_code == 207, response.text
    assert sorted(response.json()["success"]) == [E, F]
    assert deleted(api) == {"scope": [[]]}
    assert [i["value"] for i in evolution(api, F)["scope"]] == ["/C"]
    assert deleted(api, F) == {}


def test_the_last_body_of_an_id_in_a_batch_decides_what_is_removed(api: TestClient) -> None:
    create(api, vehicle(scope="/A", speed=1, fuel=50))
    batch = [vehicle(speed=2), vehicle(scope="/B", speed=3, fuel=40)]
    assert api.post(f"{OPS}/upsert", json=batch).status_code == 204
    current = api.get(f"{V1}/entities/{E}").json()
    assert current["scope"] == "/B" and current["fuel"]["value"] == 40
    assert deleted(api) == {}


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("upsert", {"options": "update"}),
        ("update", {}),
        ("update", {"options": "noOverwrite"}),
        ("merge", {}),
    ],
    ids=["upsert-update", "update", "update-noOverwrite", "merge"],
)
def test_merging_batch_writes_keep_the_scope_and_record_no_removal(
    api: TestClient, path: str, params: dict[str, str]
) -> None:
    create(api, vehicle(scope="/A", speed=1, fuel=50))
    body = {"id": E, "type": "Vehicle", "speed": {"type": "Property", "value": 2}}
    response = api.post(f"{OPS}/{path}", params=params, json=[body])
    assert response.status_code == 204, response.text
    current = api.get(f"{V1}/entities/{E}").json()
    assert current["scope"] == "/A" and current["fuel"]["value"] == 50
    assert deleted(api) == {}
    assert [i["value"] for i in evolution(api)["scope"]] == ["/A"]
