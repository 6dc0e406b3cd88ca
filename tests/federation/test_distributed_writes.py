"""Distributed writes: a city broker forwarding entity and batch writes to two district brokers here.

The districts are real apps (their own SQLite stores) reached through an httpx transport that hands the
city's forwarded requests to them; a host that is not one of them is unreachable. Each test registers what it
needs at the city and uses its own entity ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx
import pytest
from starlette.testclient import TestClient
from tests.api.conftest import V1

from citytwin.api.app import create_app
from citytwin.federation.service import Federation
from citytwin.governance.ledger_store import Ledger
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store

REGS = f"{V1}/csourceRegistrations"
FUTIAN = "http://futian.test"
NANSHAN = "http://nanshan.test"


@dataclass
class Bridge(httpx.AsyncBaseTransport):
    """Hands forwarded requests to the district apps by host; any other host cannot be reached."""

    targets: dict[str, TestClient]
    seen: list[tuple[str, str, str]] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        target = self.targets.get(request.url.host)
        if target is None:
            raise httpx.ConnectError("no route to host", request=request)
        body = await request.aread()
        path = request.url.raw_path.decode("ascii")
        self.seen.append((request.url.host, request.method, path))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}

        def send() -> httpx.Response:
            return target.request(request.method, path, headers=headers, content=body or None)

        answer = await anyio.to_thread.run_sync(send)
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


@dataclass
class Brokers:
    city: TestClient
    futian: TestClient
    nanshan: TestClient
    bridge: Bridge
    city_store: Store


@pytest.fixture(scope="module")
def brokers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Brokers]:
    tmp = tmp_path_factory.mktemp("writes")
    stores = {name: open_store(f"sqlite:///{tmp / name}.db") for name in ("city", "futian", "nanshan")}
    settings = Settings(ledger_seal_after_s=0.2)
    with (
        TestClient(create_app(settings, store=stores["futian"])) as futian,
        TestClient(create_app(settings, store=stores["nanshan"])) as nanshan,
        pytest.MonkeyPatch.context() as patch,
    ):
        bridge = Bridge({"futian.test": futian, "nanshan.test": nanshan})

        def federation(store: Store, fed_settings: Any, *, resolver: Any) -> Federation:
            return Federation(store, fed_settings, resolver=resolver, transport=bridge)

        patch.setattr("citytwin.api.app.Federation", federation)
        with TestClient(create_app(settings, store=stores["city"]), raise_server_exceptions=False) as city:
            yield Brokers(city, futian, nanshan, bridge, stores["city"])
    for store in stores.values():
        store.close()


@pytest.fixture
def b(brokers: Brokers) -> Iterator[Brokers]:
    """The brokers, with the city's registrations removed after the test."""
    brokers.bridge.seen.clear()
    yield brokers
    for reg in brokers.city.get(REGS, params={"idPattern": ".*", "limit": 50}).json():
        assert brokers.city.delete(f"{REGS}/{reg['id']}").status_code == 204


def register(city: TestClient, name: str, endpoint: str, mode: str, ops: list[str], **info: Any) -> str:
    reg_id = f"urn:ngsi-ld:ContextSourceRegistration:{name}"
    body = {
        "id": reg_id,
        "type": "ContextSourceRegistration",
        "information": [info or {"entities": [{"type": "Building"}]}],
        "endpoint": endpoint,
        "mode": mode,
        "operations": ops,
        "management": {"timeout": 5000},
    }
    answer = city.post(REGS, json=body)
    assert answer.status_code == 201, answer.text
    return reg_id


def building(entity_id: str, **attrs: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"id": entity_id, "type": "Building"}
    body.update({k: {"type": "Property", "value": v} for k, v in attrs.items()})
    return body


def held(client: TestClient, entity_id: str) -> dict[str, Any] | None:
    """The entity as a broker holds it itself (keyValues), or None."""
    answer = client.get(f"{V1}/entities/{entity_id}", params={"local": "true", "options": "keyValues"})
    if answer.status_code == 404:
        return None
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def test_redirect_sends_the_whole_write_to_the_source(b: Brokers) -> None:
    register(b.city, "ft-redirect", FUTIAN, "redirect", ["redirectionOps"])
    eid = "urn:ngsi-ld:Building:redirect-1"
    made = b.city.post(f"{V1}/entities", json=building(eid, name="A", height=10))
    assert made.status_code == 201, made.text
    assert made.headers["Location"] == f"{V1}/entities/{eid}"
    assert held(b.futian, eid) == {"id": eid, "type": "Building", "name": "A", "height": 10}
    assert held(b.city, eid) is None  # nothing of it is written here
    assert b.city.get(f"{V1}/entities/{eid}", params={"options": "keyValues"}).json()["height"] == 10

    assert b.city.patch(f"{V1}/entities/{eid}/attrs", json={"height": {"value": 12}}).status_code == 204
    assert b.city.post(f"{V1}/entities/{eid}/attrs", json={"floors": {"value": 3}}).status_code == 204
    assert b.city.patch(f"{V1}/entities/{eid}/attrs/name", json={"value": "B"}).status_code == 204
    assert held(b.futian, eid) == {"id": eid, "type": "Building", "name": "B", "height": 12, "floors": 3}
    assert b.city.delete(f"{V1}/entities/{eid}/attrs/floors").status_code == 204
    assert "floors" not in (held(b.futian, eid) or {})
    assert b.city.delete(f"{V1}/entities/{eid}").status_code == 204
    assert held(b.futian, eid) is None
    assert b.city.delete(f"{V1}/entities/{eid}").status_code == 404  # neither here nor there any more
    assert held(b.city, eid) is None


def test_exclusive_attributes_go_to_the_source_only(b: Brokers) -> None:
    eid = "urn:ngsi-ld:Building:exclusive-1"
    register(
        b.city, "ft-height", FUTIAN, "exclusive",
        ["federationOps", "createEntity", "updateOps", "deleteAttrs"],
        entities=[{"type": "Building", "id": eid}], propertyNames=["height"],
    )  # fmt: skip
    made = b.city.post(f"{V1}/entities", json=building(eid, name="tower", height=100))
    assert made.status_code == 201, made.text
    assert held(b.futian, eid) == {"id": eid, "type": "Building", "height": 100}
    assert held(b.city, eid) == {"id": eid, "type": "Building", "name": "tower"}

    both = {"name": {"value": "tower 2"}, "height": {"value": 120}}
    assert b.city.patch(f"{V1}/entities/{eid}/attrs", json=both).status_code == 204
    assert held(b.futian, eid) == {"id": eid, "type": "Building", "height": 120}
    assert held(b.city, eid) == {"id": eid, "type": "Building", "name": "tower 2"}
    merged = b.city.get(f"{V1}/entities/{eid}", params={"options": "keyValues"}).json()
    assert (merged["name"], merged["height"]) == ("tower 2", 120)

    replaced = b.city.put(f"{V1}/entities/{eid}/attrs/height", json={"type": "Property", "value": 130})
    assert replaced.status_code == 204, replaced.text
    assert held(b.futian, eid) == {"id": eid, "type": "Building", "height": 130}
    assert b.city.delete(f"{V1}/entities/{eid}/attrs/height").status_code == 204
    assert held(b.futian, eid) == {"id": eid, "type": "Building"}
    assert held(b.city, eid) == {"id": eid, "type": "Building", "name": "tower 2"}


def test_inclusive_sources_get_a_copy_only_of_what_they_offer(b: Brokers) -> None:
    register(b.city, "ft-copy", FUTIAN, "inclusive", ["federationOps", "createEntity", "mergeEntity"])
    register(b.city, "ns-read", NANSHAN, "inclusive", ["federationOps"])
    register(b.city, "ns-aux", NANSHAN, "auxiliary", ["retrieveOps"])
    eid = "urn:ngsi-ld:Building:inclusive-1"
    assert b.city.post(f"{V1}/entities", json=building(eid, name="copy")).status_code == 201
    assert held(b.city, eid) == held(b.futian, eid) == {"id": eid, "type": "Building", "name": "copy"}
    assert held(b.nanshan, eid) is None  # neither a read-only inclusive source nor an auxiliary one
    assert b.city.patch(f"{V1}/entities/{eid}", json={"name": {"value": "merged"}}).status_code == 204
    assert held(b.futian, eid)["name"] == held(b.city, eid)["name"] == "merged"  # type: ignore[index]
    # updateEntity is not offered: the copy is not updated, and that is no failure.
    assert (
        b.city.patch(f"{V1}/entities/{eid}/attrs", json={"name": {"value": "only here"}}).status_code == 204
    )
    assert (held(b.city, eid)["name"], held(b.futian, eid)["name"]) == ("only here", "merged")  # type: ignore[index]
    assert ("nanshan.test", "POST", f"{V1}/entities") not in b.bridge.seen


def test_local_true_and_tenants_without_registrations_write_here_only(b: Brokers) -> None:
    register(b.city, "ft-all", FUTIAN, "redirect", ["redirectionOps"])
    eid = "urn:ngsi-ld:Building:local-1"
    assert (
        b.city.post(f"{V1}/entities", json=building(eid, name="here"), params={"local": "true"}).status_code
        == 201
    )
    assert held(b.city, eid) is not None and held(b.futian, eid) is None
    other = b.city.post(f"{V1}/entities", json=building(eid, name="t"), headers={"NGSILD-Tenant": "other"})
    assert other.status_code == 201 and not b.bridge.seen


def test_a_failing_source_costs_its_part_only(b: Brokers) -> None:
    eid = "urn:ngsi-ld:Building:partial-1"
    down = register(
        b.city, "down", "http://down.test", "exclusive", ["createEntity", "updateOps"],
        entities=[{"type": "Building", "id": eid}], propertyNames=["height"],
    )  # fmt: skip
    answer = b.city.post(f"{V1}/entities", json=building(eid, name="n", height=5))
    assert answer.status_code == 207, answer.text
    result = answer.json()
    assert result["updated"] == ["name"]
    ((failure),) = result["notUpdated"]
    assert (failure["attributeName"], failure["registrationId"]) == ("height", down)
    assert "unreachable" in failure["reason"]
    assert held(b.city, eid) == {"id": eid, "type": "Building", "name": "n"}
    # Nothing written anywhere: the source's error is the answer.
    only = b.city.patch(f"{V1}/entities/{eid}/attrs", json={"height": {"value": 6}})
    assert only.status_code == 500 and down in only.json()["detail"]


def test_an_exclusive_source_that_does_not_offer_the_operation_refuses_its_attributes(b: Brokers) -> None:
    eid = "urn:ngsi-ld:Building:refused-1"
    reg = register(
        b.city, "ro", FUTIAN, "exclusive", ["federationOps"],
        entities=[{"type": "Building", "id": eid}], propertyNames=["height"],
    )  # fmt: skip
    answer = b.city.post(f"{V1}/entities", json=building(eid, name="n", height=5))
    assert answer.status_code == 207, answer.text
    ((refusal),) = answer.json()["notUpdated"]
    assert refusal["attributeName"] == "height" and refusal["registrationId"] == reg
    assert "does not offer createEntity" in refusal["reason"]
    assert held(b.city, eid) == {"id": eid, "type": "Building", "name": "n"}
    assert held(b.futian, eid) is None
    alone = b.city.patch(f"{V1}/entities/{eid}/attrs/height", json={"value": 1})
    assert alone.status_code == 422, alone.text


def test_source_errors_keep_their_problem_type(b: Brokers) -> None:
    register(b.city, "ft-redirect", FUTIAN, "redirect", ["redirectionOps"])
    eid = "urn:ngsi-ld:Building:exists-1"
    assert b.futian.post(f"{V1}/entities", json=building(eid, name="x")).status_code == 201
    again = b.city.post(f"{V1}/entities", json=building(eid, name="y"))
    assert again.status_code == 409, again.text
    assert again.json()["type"].endswith("/AlreadyExists")
    missing = b.city.patch(f"{V1}/entities/urn:ngsi-ld:Building:nowhere/attrs", json={"a": {"value": 1}})
    assert missing.status_code == 404


def test_batches_are_split_per_source(b: Brokers) -> None:
    register(b.city, "ft-batch", FUTIAN, "redirect", ["redirectionOps", "upsertBatch"])
    register(b.city, "ns-sensors", NANSHAN, "redirect", ["redirectionOps"], entities=[{"type": "Sensor"}])
    ids = [f"urn:ngsi-ld:Building:batch-{i}" for i in range(3)]
    sensor = "urn:ngsi-ld:Sensor:batch-s"
    road = "urn:ngsi-ld:Road:batch-r"
    batch = [building(i, name=i[-1]) for i in ids]
    batch += [{"id": sensor, "type": "Sensor", "pm25": {"type": "Property", "value": 7}}]
    batch += [{"id": road, "type": "Road", "name": {"type": "Property", "value": "R"}}]
    made = b.city.post(f"{V1}/entityOperations/create", json=batch)
    assert made.status_code == 201, made.text
    assert made.json() == [*ids, sensor, road]
    assert all(held(b.futian, i) is not None and held(b.city, i) is None for i in ids)
    assert held(b.nanshan, sensor) == {"id": sensor, "type": "Sensor", "pm25": 7}
    assert held(b.city, road) is not None and held(b.futian, road) is None
    # createBatch is not offered: one POST /entities per entity; upsertBatch is: one batch request.
    assert sum(1 for s in b.bridge.seen if s[:2] == ("futian.test", "POST") and s[2] == f"{V1}/entities") == 3
    b.bridge.seen.clear()
    upsert = [building(i, name="u") for i in ids[:2]]
    assert b.city.post(f"{V1}/entityOperations/upsert", json=upsert).status_code == 204
    assert b.bridge.seen == [("futian.test", "POST", f"{V1}/entityOperations/upsert")]
    assert held(b.futian, ids[0])["name"] == "u"  # type: ignore[index]

    update = [{"id": i, "floors": {"type": "Property", "value": 2}} for i in ids]
    assert b.city.post(f"{V1}/entityOperations/update", json=update).status_code == 204
    assert [held(b.futian, i)["floors"] for i in ids] == [2, 2, 2]  # type: ignore[index]

    gone = b.city.post(f"{V1}/entityOperations/delete", json=[*ids, sensor, road, "urn:ngsi-ld:Road:none"])
    assert gone.status_code == 207, gone.text
    assert gone.json()["success"] == [*ids, sensor, road]
    assert [e["entityId"] for e in gone.json()["errors"]] == ["urn:ngsi-ld:Road:none"]
    assert all(held(x, i) is None for x in (b.city, b.futian, b.nanshan) for i in [*ids, sensor, road])


def test_batch_errors_name_the_registration(b: Brokers) -> None:
    down = register(b.city, "down-batch", "http://down.test", "redirect", ["redirectionOps", "createBatch"],
                    entities=[{"type": "Sensor"}])  # fmt: skip
    batch = [
        {"id": "urn:ngsi-ld:Sensor:lost", "type": "Sensor", "pm25": {"type": "Property", "value": 1}},
        building("urn:ngsi-ld:Building:kept", name="k"),
    ]
    answer = b.city.post(f"{V1}/entityOperations/create", json=batch)
    assert answer.status_code == 207, answer.text
    body = answer.json()
    assert body["success"] == ["urn:ngsi-ld:Building:kept"]
    ((error),) = body["errors"]
    assert (error["entityId"], error["registrationId"]) == ("urn:ngsi-ld:Sensor:lost", down)
    assert held(b.city, "urn:ngsi-ld:Sensor:lost") is None


def test_forwarded_writes_are_ledgered_here(b: Brokers) -> None:
    reg = register(b.city, "ft-ledger", FUTIAN, "redirect", ["redirectionOps"])
    eid = "urn:ngsi-ld:Building:ledgered-1"
    made = b.city.post(f"{V1}/entities", json=building(eid, height=3), headers={"X-Request-ID": "w-ledger-1"})
    assert made.status_code == 201
    patched = b.city.patch(
        f"{V1}/entities/{eid}/attrs", json={"height": {"value": 4}}, headers={"X-Request-ID": "w-ledger-2"}
    )
    assert patched.status_code == 204
    b.city.app.state.governance.writer.flush()  # type: ignore[attr-defined]
    records = {
        r.entry.request_id: r.entry
        for r in Ledger(b.city_store).iter_records()
        if r.entry.request_id in ("w-ledger-1", "w-ledger-2")
    }
    assert (records["w-ledger-1"].action, records["w-ledger-1"].resource) == ("create", f"csource:{reg}")
    assert (records["w-ledger-2"].action, records["w-ledger-2"].attributes) == ("update", ("height",))
    assert records["w-ledger-1"].digest != records["w-ledger-2"].digest


def test_unrelated_writes_pay_nothing(b: Brokers) -> None:
    # Registrations that only read (the demo's districts) leave writes exactly local.
    register(b.city, "ft-read", FUTIAN, "inclusive", ["federationOps"])
    eid = "urn:ngsi-ld:Building:plain-1"
    assert b.city.post(f"{V1}/entities", json=building(eid, name="p")).status_code == 201
    assert b.city.delete(f"{V1}/entities/{eid}").status_code == 204
    assert b.bridge.seen == []


def test_a_json_ld_body_is_split_with_its_context(b: Brokers) -> None:
    eid = "urn:ngsi-ld:Building:jsonld-1"
    register(
        b.city, "ft-ld", FUTIAN, "exclusive", ["federationOps", "createEntity"],
        entities=[{"type": "Building", "id": eid}], propertyNames=["height"],
    )  # fmt: skip
    core = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"
    body = {**building(eid, name="ld", height=7), "@context": core}
    made = b.city.post(f"{V1}/entities", json=body, headers={"Content-Type": "application/ld+json"})
    assert made.status_code == 201, made.text
    assert held(b.city, eid) == {"id": eid, "type": "Building", "name": "ld"}
    assert held(b.futian, eid) == {"id": eid, "type": "Building", "height": 7}
