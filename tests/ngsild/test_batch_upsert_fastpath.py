"""The batch upsert's fast paths (issue 3): plain Properties, cached level checks, the paused collector."""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.entities import Attribute, AttrType
from citytwin.core.query import HistoryQuery
from citytwin.errors import BadRequestData
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.representation import attributes_from_body, entity_from_body
from citytwin.ngsild.routes_batch import collector_paused
from citytwin.settings import Settings
from citytwin.storage.registry import open_store

V1 = "/ngsi-ld/v1"


def test_plain_property_is_parsed_as_the_general_path_does(core: LdContext) -> None:
    body = {
        "id": "urn:ngsi-ld:Building:p1",
        "type": "Building",
        "floors": {"type": "Property", "value": 7},
        "address": {"type": "Property", "value": {"city": "深圳"}},
        "height": {"type": "Property", "value": 21.7, "unitCode": "MTR"},
        "name": {"value": "concise, typeless"},
    }
    attrs = attributes_from_body(body, core)
    assert attrs["floors"] == [Attribute(AttrType.PROPERTY, 7)]
    assert attrs["address"] == [Attribute(AttrType.PROPERTY, {"city": "深圳"})]
    assert attrs["height"] == [Attribute(AttrType.PROPERTY, 21.7, unit_code="MTR")]
    assert attrs["name"] == [Attribute(AttrType.PROPERTY, "concise, typeless")]


@pytest.mark.parametrize(
    "raw",
    [
        {"type": "Property", "value": None},
        {"type": "Property", "unitCode": "MTR"},
        {"type": "Property", "observedAt": "not a time", "value": 1},
    ],
)
def test_bad_two_member_properties_are_still_refused(core: LdContext, raw: dict[str, Any]) -> None:
    with pytest.raises(BadRequestData):
        attributes_from_body({"id": "urn:ngsi-ld:Building:p2", "type": "Building", "x": raw}, core)


def test_model_level_is_checked_on_every_entity(core: LdContext) -> None:
    ok = {
        "id": "urn:ngsi-ld:Building:l1",
        "type": "Building",
        "cimLevel": {"type": "Property", "value": "building"},
    }
    assert entity_from_body(ok, core).value("cimLevel") == "building"
    assert entity_from_body(ok, core).value("cimLevel") == "building"  # the cached check
    bad = {**ok, "cimLevel": {"type": "Property", "value": "skyscraper"}}
    for _ in range(2):  # a refusal is not cached as a success
        with pytest.raises(BadRequestData):
            entity_from_body(bad, core)
    numeric = {**ok, "cimLevel": {"type": "Property", "value": 9}}
    with pytest.raises(BadRequestData):
        entity_from_body(numeric, core)


def test_collector_is_paused_for_the_handler_and_back_on_after() -> None:
    seen: list[bool] = []

    async def handler(request: Request) -> Response:
        seen.append(gc.isenabled())
        if request.method == "DELETE":
            raise BadRequestData("refused")
        return Response(status_code=204)

    received: list[bool] = []

    async def receive() -> dict[str, Any]:
        # The body arrives before the pause starts: a slow sender must not hold the collector off.
        received.append(gc.isenabled())
        return {"type": "http.request", "body": b"[]", "more_body": False}

    wrapped = collector_paused(handler)
    scope = {"type": "http", "method": "POST", "headers": [], "path": "/", "query_string": b""}
    assert gc.isenabled()
    assert asyncio.run(wrapped(Request(scope, receive))).status_code == 204
    assert gc.isenabled()
    with pytest.raises(BadRequestData):
        asyncio.run(wrapped(Request({**scope, "method": "DELETE"}, receive)))
    assert gc.isenabled()
    assert seen == [False, False]
    assert received == [True, True]


def test_served_upsert_writes_entities_and_history(tmp_path: Any) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'up.db'}")
    try:
        app = create_app(Settings(db="sqlite:///unused.db"), store=store)
        batch = [
            {
                "id": f"urn:ngsi-ld:Building:u{i}",
                "type": "Building",
                "floors": {"type": "Property", "value": i},
                "usage": {"type": "VocabProperty", "vocab": "residential"},
                "height": {"type": "Property", "value": 3.5 * i, "unitCode": "MTR"},
            }
            for i in range(20)
        ]
        with TestClient(app) as client:
            first = client.post(f"{V1}/entityOperations/upsert", json=batch)
            assert first.status_code == 201, first.text
            assert first.json() == [e["id"] for e in batch]
            again = client.post(f"{V1}/entityOperations/upsert", json=batch)
            assert again.status_code == 204, again.text
            got = client.get(f"{V1}/entities/urn:ngsi-ld:Building:u3").json()
            assert got["floors"]["value"] == 3 and got["height"]["unitCode"] == "MTR"
        assert gc.isenabled()
        rows = store.tenant().read_history(HistoryQuery(entity_ids=("urn:ngsi-ld:Building:u3",)))
        once = [("floors", 3), ("usage", "residential"), ("height", 10.5)]
        assert sorted((r.attr, r.value) for r in rows) == sorted(once * 2)
        assert len({r.instance_id for r in rows}) == 6
    finally:
        store.close()
