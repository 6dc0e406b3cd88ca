"""Every successful write notes its tenant as existing (``Call.wrote``), so the reads after it need not ask
the store which tenants exist. Shown with a second app over the same store: it has not seen the tenant
until its own write. Both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.settings import Settings
from citytwin.storage.base import Store
from tests.api.conftest import V1, entity

TENANT = {"NGSILD-Tenant": "remembered"}
SUB = "urn:ngsi-ld:Subscription:remembered"
EID = "urn:ngsi-ld:Building:remembered"
CSUB = {
    "id": SUB,
    "type": "Subscription",
    "entities": [{"type": "Building"}],
    "notification": {"endpoint": {"uri": "http://127.0.0.1:9/none", "accept": "application/json"}},
}


def client(store: Store) -> Iterator[TestClient]:
    app = create_app(Settings(db="sqlite:///unused.db"), store=store)
    with TestClient(app, raise_server_exceptions=False) as api:
        yield api


def _csource_subscription(api: TestClient) -> Any:
    return api.patch(f"{V1}/csourceSubscriptions/{SUB}", json={"description": "patched"}, headers=TENANT)


def _batch_update(api: TestClient) -> Any:
    body = [{"id": EID, "type": "Building", "height": {"type": "Property", "value": 2}}]
    return api.post(f"{V1}/entityOperations/update", json=body, headers=TENANT)


def _batch_merge(api: TestClient) -> Any:
    body = [{"id": EID, "type": "Building", "height": {"type": "Property", "value": 3}}]
    return api.post(f"{V1}/entityOperations/merge", json=body, headers=TENANT)


WRITES: dict[str, tuple[Callable[[TestClient], Any], str]] = {
    "csourceSubscriptions-patch": (_csource_subscription, f"{V1}/csourceSubscriptions/{SUB}"),
    "batch-update": (_batch_update, f"{V1}/entities/{EID}"),
    "batch-merge": (_batch_merge, f"{V1}/entities/{EID}"),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_an_update_notes_its_tenant(store: Store, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    write, read_path = WRITES[name]
    for first in client(store):  # another process made the tenant
        made = first.post(f"{V1}/csourceSubscriptions", json=CSUB, headers=TENANT)
        assert made.status_code == 201, made.text
        assert first.post(f"{V1}/entities", json=entity(EID, height=1), headers=TENANT).status_code == 201
    asked: list[int] = []
    tenants = store.tenants

    def counted() -> list[str]:
        asked.append(1)
        return tenants()

    monkeypatch.setattr(store, "tenants", counted)
    for api in client(store):
        response = write(api)
        assert response.status_code == 204, response.text
        read = api.get(read_path, headers=TENANT)
        assert read.status_code == 200, read.text
        assert asked == []  # the write told the app the tenant exists
        # a tenant this app has not written to is still looked up
        assert (
            api.get(f"{V1}/entities", params={"type": "*"}, headers={"NGSILD-Tenant": "x"}).status_code == 404
        )
        assert asked == [1]
