"""Encryption at rest seen through the NGSI-LD API on both backends: clear answers, keyed-hash q, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.settings import Settings
from citytwin.storage.registry import open_store
from tests.api.conftest import V1, entity, problem_type
from tests.governance.encryption_helpers import (
    CLEAR_MARKER,
    ID_NUMBER,
    NAME,
    key_file,
    raw_dump,
    settings_for,
)

PHONES = ("13800000000", "13800000001", "13800000002")


@pytest.fixture
def client(store_url: str, tmp_path: Path) -> Iterator[TestClient]:
    store = open_store(store_url, encryption=settings_for(key_file(tmp_path)))
    app = create_app(Settings(db="sqlite:///unused.db", max_page_size=50), store=store)
    try:
        with TestClient(app, raise_server_exceptions=False) as api:
            for i, phone in enumerate(PHONES):
                body = entity(
                    f"urn:ngsi-ld:Person:{i}", "Person", phone=phone, name=f"{NAME}{i}", note=CLEAR_MARKER
                )
                body["idNumber"] = {
                    "type": "Property",
                    "value": ID_NUMBER,
                    "observedAt": "2025-03-01T00:00:00Z",
                }
                assert api.post(f"{V1}/entities", json=body).status_code == 201
            yield api
    finally:
        store.close()


def ids(api: TestClient, **params: Any) -> list[str]:
    response = api.get(f"{V1}/entities", params={"type": "Person", **params})
    assert response.status_code == 200, response.text
    return [e["id"].rsplit(":", 1)[1] for e in response.json()]


def test_entities_read_back_in_clear(client: TestClient, store_url: str) -> None:
    body = client.get(f"{V1}/entities/urn:ngsi-ld:Person:1").json()
    assert body["phone"] == {"type": "Property", "value": PHONES[1]}
    assert body["idNumber"]["value"] == ID_NUMBER and body["idNumber"]["observedAt"] == "2025-03-01T00:00:00Z"
    dump = raw_dump(store_url)
    assert CLEAR_MARKER in dump
    assert not any(p in dump for p in PHONES) and ID_NUMBER not in dump and NAME not in dump


def test_q_equality_finds_encrypted_values(client: TestClient) -> None:
    assert ids(client, q=f'phone=="{PHONES[1]}"') == ["1"]
    assert ids(client, q=f'phone=="{PHONES[0]}","{PHONES[2]}"') == ["0", "2"]
    assert ids(client, q=f'phone!="{PHONES[1]}"') == ["0", "2"]
    assert ids(client, q=f'name=="{NAME}2"') == ["2"]
    assert ids(client, q='phone=="13899999999"') == []
    count = client.get(
        f"{V1}/entities", params={"type": "Person", "q": f'phone!="{PHONES[0]}"', "count": "true"}
    )
    assert count.headers["NGSILD-Results-Count"] == "2"


@pytest.mark.parametrize("q", ['phone>"13800000000"', 'phone~="^138"', 'idNumber=="1".."2"'])
def test_other_operators_are_a_bad_request(client: TestClient, q: str) -> None:
    response = client.get(f"{V1}/entities", params={"type": "Person", "q": q})
    assert response.status_code == 400
    assert problem_type(response) == "BadRequestData"
    assert "encrypted at rest" in response.json()["detail"] and "only == and !=" in response.json()["detail"]


def test_updates_and_history_stay_encrypted(client: TestClient, store_url: str) -> None:
    entity_id = "urn:ngsi-ld:Person:1"
    patched = client.patch(
        f"{V1}/entities/{entity_id}/attrs", json={"phone": {"type": "Property", "value": "13911112222"}}
    )
    assert patched.status_code == 204, patched.text
    provided = client.post(
        f"{V1}/temporal/entities/{entity_id}/attrs",
        json={
            "phone": [
                {"type": "Property", "value": f"1390000000{h}", "observedAt": f"2025-03-01T0{h}:00:00Z"}
                for h in range(3)
            ]
        },
    )
    assert provided.status_code == 204, provided.text
    temporal = client.get(f"{V1}/temporal/entities/{entity_id}", params={"attrs": "phone"}).json()
    values = [i["value"] for i in temporal["phone"]]
    assert {"13900000000", "13900000001", "13900000002"} <= set(values)
    assert ids(client, q='phone=="13911112222"') == ["1"]
    dump = raw_dump(store_url)
    assert "13911112222" not in dump and "13900000001" not in dump
