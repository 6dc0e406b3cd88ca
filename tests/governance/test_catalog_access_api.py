"""The catalog routes per subject (authentication on): dataset records need ``administer`` to change, and a
conflict is shown only to subjects that read its entity's attribute in clear, and resolved only by those that
may change it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.settings import Settings
from citytwin.storage.registry import open_store
from tests.governance.helpers import account_keys, building_id
from tests.governance.test_cli import db  # noqa: F401 (the fixture: three buildings, one height conflict)

ACTORS = {
    "admin": {"roles": ("administrator",)},
    "ops": {"roles": ("city-operator",)},
    "audit": {"roles": ("auditor",)},
    "grid": {"roles": ("grid-worker",), "area": "440304001"},
}
DATASET = {"title": "建筑物轮廓", "category": "space-2d3d", "grade": 2}


@pytest.fixture
def call(db: str, tmp_path: Path) -> Iterator[Any]:  # noqa: F811
    with open_store(db) as store:
        keys = account_keys(store, ACTORS)
        settings = Settings(db=db, auth=True, auth_signing_key=tmp_path / "signing-key.pem")
        with TestClient(create_app(settings, store=store)) as client:

            def request(actor: str, method: str, path: str, **kwargs: Any) -> Any:
                return client.request(method, path, headers={"X-API-Key": keys[actor]}, **kwargs)

            yield request


def test_dataset_records_change_only_with_administer(call: Any) -> None:
    path = "/catalog/datasets/sz-pnr-footprints"
    refused = call("ops", "PUT", path, json=DATASET)
    assert refused.status_code == 403 and "may not register datasets" in refused.json()["detail"]
    assert call("ops", "GET", "/catalog/datasets").json() == []
    assert call("admin", "PUT", path, json=DATASET).status_code == 201
    assert call("grid", "GET", path).status_code == 200  # reading the catalog is reading
    assert call("audit", "DELETE", path).status_code == 403
    assert call("admin", "DELETE", path).status_code == 204


def test_conflicts_are_shown_and_resolved_per_subject(call: Any) -> None:
    [conflict] = call("audit", "GET", "/catalog/conflicts").json()
    path = f"/catalog/conflicts/{conflict['id']}"
    assert call("grid", "GET", "/catalog/conflicts").json() == []
    assert call("grid", "GET", path).status_code == 404
    body = {"keep": "candidate", "by": "steward"}
    assert call("grid", "POST", f"{path}/resolve", json=body).status_code == 404
    assert call("audit", "POST", f"{path}/resolve", json=body).status_code == 403
    assert call("audit", "GET", path).json()["status"] == "open"
    resolved = call("ops", "POST", f"{path}/resolve", json=body)
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    height = call("ops", "GET", f"/ngsi-ld/v1/entities/{building_id(1)}").json()["height"]
    assert height["value"] == 45.0
