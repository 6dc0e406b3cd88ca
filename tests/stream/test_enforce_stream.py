"""Access control on the stream: actors × subscriptions / notifications / WebSocket feeds × what arrives.

One secured app per backend (authentication on, the shipped policy). Each actor creates its subscriptions
with its own API key, pointing at its own path of one real HTTP receiver; an administrator then writes real
Shenzhen data: residents and buildings in 沙埔头社区 (Futian, 440304001019) and 南头城社区 (Nanshan,
440305001001) and a Futian air-quality station. A last public write acts as a sentinel: notifications are
delivered in order per subscription, so once an actor has the sentinel, everything before it that it was
going to get has arrived, and what did not arrive never will.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.codes import beidou
from citytwin.governance.enforce_policy import default_document
from citytwin.governance.ledger_writer import data_digest
from citytwin.settings import Settings
from citytwin.stream.notifier import NotifierSettings
from citytwin.stream.service import StreamOptions
from tests.api.conftest import V1, entity
from tests.governance.helpers import ACTORS, account_keys, backend_store
from tests.stream.receiver import Receiver, receiver

SUBS = f"{V1}/subscriptions"
FT_COMMUNITY, NS_COMMUNITY = "440304001019", "440305001001"
FT_HOME = (114.1032, 22.5452)
P_FT, P_NS, P_OLD = "urn:ngsi-ld:Person:ft-0001", "urn:ngsi-ld:Person:ns-0001", "urn:ngsi-ld:Person:ft-0002"
B_FT, B_NS = "urn:ngsi-ld:Building:ft-0001", "urn:ngsi-ld:Building:ns-0001"
AQ_FT, AQ_END = "urn:ngsi-ld:AirQualityObserved:ft-0001", "urn:ngsi-ld:AirQualityObserved:ft-0002"
ALL_TYPES = ("Person", "Building", "AirQualityObserved")
PROBE_Q = 'phone=="13812345678"|age>100'
"""Matches the Futian resident by phone (which only some actors see in clear) and the old resident by age."""

# name, actor, types, q, ids notified in order (the administrator's is the whole stream of writes)
DELIVERY = [
    ("admin", "admin", ALL_TYPES, None, [P_FT, P_NS, B_FT, B_NS, AQ_FT, P_FT, P_OLD, AQ_END]),
    # The ID-number update is not notified: only a hidden attribute changed.
    ("operator", "operator", ALL_TYPES, None, [P_FT, P_NS, B_FT, B_NS, AQ_FT, P_OLD, AQ_END]),
    ("grid", "grid", ALL_TYPES, None, [P_FT, B_FT, AQ_FT, P_OLD, AQ_END]),
    ("staff", "staff", ("Building", "AirQualityObserved"), None, [B_FT, AQ_FT, AQ_END]),
    ("public", "public", ("AirQualityObserved",), None, [AQ_FT, AQ_END]),
    ("partner", "partner", ("Building", "AirQualityObserved"), None, [B_FT, B_NS, AQ_FT, AQ_END]),
    ("device", "device", ("AirQualityObserved",), None, [AQ_FT, AQ_END]),
    # A filter on what the owner sees masked matches nothing for it: it cannot probe values.
    ("operator-q", "operator", ("Person",), PROBE_Q, [P_OLD]),
    ("grid-q", "grid", ("Person",), PROBE_Q, [P_FT, P_OLD]),
]
PERSON = {"name", "phone", "idNumber", "age", "adminCode", "location"}
# actor: (attributes of the Futian resident it is sent, those masked)
RESIDENT_SEEN = {
    "admin": (PERSON, set()),
    "operator": (PERSON - {"idNumber"}, {"name", "phone", "location"}),
    "grid": (PERSON - {"idNumber"}, {"location"}),
}


def _geo(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lng, lat]}}


def writes() -> list[tuple[str, str, dict[str, Any]]]:
    """What the administrator writes, in order: (method, path, body)."""
    ents = f"{V1}/entities"
    ft, ns = {"adminCode": FT_COMMUNITY}, {"adminCode": NS_COMMUNITY}
    resident = {"phone": "13812345678", "idNumber": "440304195001011234", "age": 81, **ft}
    other = {"phone": "13900001111", "idNumber": "440305196002022345", "age": 64, **ns}
    id_number = {"idNumber": {"type": "Property", "value": "440304195001019999"}}
    return [
        ("POST", ents, entity(P_FT, "Person", name="张三丰", location=_geo(*FT_HOME), **resident)),
        ("POST", ents, entity(P_NS, "Person", name="李四", location=_geo(113.9201, 22.5405), **other)),
        (
            "POST",
            ents,
            entity(B_FT, "Building", name="园岭新村1栋", height=24.5, location=_geo(114.103, 22.545), **ft),
        ),
        (
            "POST",
            ents,
            entity(B_NS, "Building", name="南头古城1号", height=12.0, location=_geo(113.92, 22.54), **ns),
        ),
        ("POST", ents, entity(AQ_FT, "AirQualityObserved", pm25=35, location=_geo(114.1031, 22.5451), **ft)),
        ("PATCH", f"{ents}/{P_FT}/attrs", id_number),
        ("POST", ents, entity(P_OLD, "Person", name="王五", age=101, **ft)),
        ("POST", ents, entity(AQ_END, "AirQualityObserved", pm25=12, **ft)),
    ]


@dataclass
class World:
    """The client, each actor's API key, the receiver and the subscriptions made (name → id)."""

    client: TestClient
    keys: dict[str, str]
    rx: Receiver
    subs: dict[str, str]

    def call(self, actor: str | None, method: str, path: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if actor is not None:
            headers["X-API-Key"] = self.keys[actor]
        return self.client.request(method, path, headers=headers, **kwargs)

    def subscribe(self, actor: str, name: str, types: tuple[str, ...], **members: Any) -> Any:
        body = {
            "type": "Subscription",
            "id": f"urn:ngsi-ld:Subscription:{name}-{uuid.uuid4().hex[:8]}",
            "entities": [{"type": t} for t in types],
            "notification": {"endpoint": {"uri": f"http://127.0.0.1:{self.rx.port}/{name}"}},
            **members,
        }
        return self.call(actor, "POST", SUBS, json=body)

    def items(self, name: str) -> list[dict[str, Any]]:
        """Every data element notified to one subscription, in arrival order."""
        with self.rx.cond:
            return [i for r in self.rx.accepted if r.path == f"/{name}" for i in r.body["data"]]

    def notifications(self, name: str) -> list[dict[str, Any]]:
        with self.rx.cond:
            return [r.body for r in self.rx.accepted if r.path == f"/{name}"]

    def wait_for(self, name: str, entity_id: str) -> list[dict[str, Any]]:
        """Block until ``entity_id`` was notified to ``name``; its elements so far."""
        self.rx.wait(lambda acc: any(i["id"] == entity_id for i in self.items(name)), timeout=30)
        return self.items(name)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp: Path = tmp_path_factory.mktemp("enforce-stream")
    with backend_store(request.param, tmp) as (url, store):
        keys = account_keys(store, ACTORS)
        settings = Settings(db=url, auth=True, auth_signing_key=tmp / "signing-key.pem")
        options = StreamOptions(notifier=NotifierSettings(poll_s=0.02, save_s=0.2), ws_flush_s=0.02)
        with receiver() as rx, TestClient(create_app(settings, store=store, stream=options)) as client:
            world = World(client, keys, rx, {})
            for name, actor, types, q, _ in DELIVERY:
                made = world.subscribe(actor, name, types, **({"q": q} if q else {}))
                assert made.status_code == 201, (name, made.text)
                world.subs[name] = made.headers["Location"].rsplit("/", 1)[1]
            for method, path, body in writes():
                done = world.call("admin", method, path, json=body)
                assert done.status_code in (201, 204), done.text
            for name, *_, expected in DELIVERY:
                world.wait_for(name, expected[-1])
            yield world


# -- creating subscriptions needs `subscribe` on their types and attributes -------------------------------

# actor, types, watchedAttributes, notification.attributes, status
CREATE = [
    ("operator", ("Person",), ["phone"], None, 201),
    ("operator", ("Person",), ["idNumber"], None, 403),  # grade 4: above the operators' grade 3
    ("operator", ("Person",), None, ["name", "idNumber"], 403),
    ("grid", ("Person",), ["phone"], ["name", "phone"], 201),  # in the grid worker's own area only
    ("staff", ("Person",), None, None, 403),  # the city's residents are not backflow data
    ("staff", ("Building",), ["height"], None, 201),
    ("public", ("Building",), None, None, 403),
    ("public", ("AirQualityObserved",), ["pm25"], None, 201),
    ("partner", ("Person",), None, None, 403),  # a deny without area holds everywhere
    ("partner", ("Building", "Person"), None, None, 403),
    ("device", ("AirQualityObserved",), None, None, 201),
]


@pytest.mark.parametrize(("actor", "types", "watched", "attributes", "status"), CREATE)
def test_creating_a_subscription_needs_subscribe(
    world: World,
    actor: str,
    types: tuple[str, ...],
    watched: list[str] | None,
    attributes: list[str] | None,
    status: int,
) -> None:
    members: dict[str, Any] = {"watchedAttributes": watched} if watched else {}
    if attributes:
        members["notification"] = {"attributes": attributes, "endpoint": {"uri": "http://127.0.0.1:9/x"}}
    made = world.subscribe(actor, "unused", types, **members)
    assert made.status_code == status, made.text
    if status == 403:
        assert made.json()["title"] == "Forbidden"
    else:
        assert world.call(actor, "DELETE", made.headers["Location"]).status_code == 204


def test_updating_a_subscription_is_checked_and_keeps_the_owner(world: World) -> None:
    made = world.subscribe("operator", "patched", ("Person",), watchedAttributes=["phone"])
    assert made.status_code == 201
    loc = made.headers["Location"]
    refused = world.call("operator", "PATCH", loc, json={"watchedAttributes": ["idNumber"]})
    assert refused.status_code == 403, refused.text
    assert world.call("operator", "PATCH", loc, json={"watchedAttributes": ["age"]}).status_code == 204
    assert world.call("operator", "GET", loc).json()["watchedAttributes"] == ["age"]
    assert world.call("operator", "DELETE", loc).status_code == 204


def test_someone_elses_subscription_does_not_exist_for_you(world: World) -> None:
    loc = f"{SUBS}/{world.subs['operator']}"
    missing = world.call("grid", "GET", f"{SUBS}/urn:ngsi-ld:Subscription:nothing-here")
    for method, body in (("GET", None), ("PATCH", {"throttling": 5}), ("DELETE", None)):
        other = world.call("grid", method, loc, json=body)
        assert other.status_code == 404, other.text
        assert other.json()["type"] == missing.json()["type"]
    # Redirecting the operator's notifications to oneself would defeat filtering: refused (above); the
    # administrator manages every subscription.
    assert world.call("admin", "GET", loc).status_code == 200
    listed = world.call("grid", "GET", SUBS, params={"count": "true"})
    own = {world.subs["grid"], world.subs["grid-q"]}
    assert {s["id"] for s in listed.json()} == own
    assert listed.headers["NGSILD-Results-Count"] == "2"
    assert {world.subs[n] for n, *_ in DELIVERY} <= {
        s["id"] for s in world.call("admin", "GET", SUBS, params={"limit": "50"}).json()
    }


# -- notifications: rows, attributes, masking ------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [(d[0], d[4]) for d in DELIVERY])
def test_notified_entities(world: World, name: str, expected: list[str]) -> None:
    assert [i["id"] for i in world.items(name)] == expected


@pytest.mark.parametrize("actor", sorted(RESIDENT_SEEN))
def test_notified_attributes_and_masking(world: World, actor: str) -> None:
    visible, masked = RESIDENT_SEEN[actor]
    resident = next(i for i in world.items(actor) if i["id"] == P_FT)
    assert set(resident) - {"id", "type"} == visible
    clear = {"name": "张三丰", "phone": "13812345678", "idNumber": "440304195001011234"}
    shown = {"name": "张**", "phone": "138****5678"}
    for attr in ("name", "phone", "idNumber"):
        if attr in resident:
            assert resident[attr]["value"] == (shown[attr] if attr in masked else clear[attr]), attr
    coords = resident["location"]["value"]["coordinates"]
    if "location" in masked:
        cell = beidou.decode(beidou.encode(*FT_HOME, 4))
        assert coords == pytest.approx(list(cell.centre), abs=1e-6)
        assert coords != pytest.approx(list(FT_HOME), abs=1e-4)
    else:
        assert coords == list(FT_HOME)


def test_every_notification_of_a_governed_owner_is_ledgered(world: World) -> None:
    for name, actor in (("operator", "operator"), ("grid-q", "grid")):
        sent = {n["id"]: n for n in world.notifications(name)}
        params = {"action": "notify", "actor": f"user:{actor}", "limit": "1000"}
        records = {}
        for _ in range(100):  # a record is queued right after the receiver's answer reaches the notifier
            found = world.call("admin", "GET", "/governance/ledger", params=params).json()
            records = {r["request_id"]: r for r in found if r["resource"] == world.subs[name]}
            if set(sent) <= set(records):
                break
        assert set(sent) == set(records), name  # one record per notification, none for what was not sent
        for ident, note in sent.items():
            record = records[ident]
            assert record["digest"] == data_digest(sorted(i["id"] for i in note["data"]))
            assert record["tenant"] == "" and record["purpose"] == "subscription"
            assert "idNumber" not in record["attributes"]
            assert set(record["attributes"]) <= {a for i in note["data"] for a in i} - {"id", "type"}


# -- the WebSocket feed ----------------------------------------------------------------------------------

# actor, ids in the Person snapshot (None: the filter is refused), the Futian resident's phone as shown
WS = [
    ("admin", [P_FT, P_OLD, P_NS], "13812345678"),
    ("operator", [P_FT, P_OLD, P_NS], "138****5678"),
    ("grid", [P_FT, P_OLD], "13812345678"),
    ("staff", None, None),
    ("public", None, None),
    ("partner", None, None),
]


def _next(ws: Any, op: str, sub: str | None = None) -> dict[str, Any]:
    while True:
        message: dict[str, Any] = ws.receive_json()
        if message["op"] == op and (sub is None or message.get("sub") == sub):
            return message


@pytest.mark.parametrize(("actor", "snapshot", "phone"), WS)
def test_websocket_feed_is_filtered_and_masked(
    world: World, actor: str, snapshot: list[str] | None, phone: str | None
) -> None:
    # Browsers cannot set headers on a WebSocket: the key travels as access_token.
    with world.client.websocket_connect(f"/stream/ws?access_token={world.keys[actor]}") as ws:
        # Frames go out in the order the filters were made: the sentinel's filter comes last.
        ws.send_json({"op": "subscribe", "sub": "people", "type": "Person", "snapshot": True})
        if snapshot is None:
            refused = _next(ws, "error")
            assert (refused["sub"], refused["status"]) == ("people", 403)
        else:
            _next(ws, "subscribed", "people")
            first = _next(ws, "snapshot", "people")
            assert [e["id"] for e in first["entities"]] == snapshot
            resident = next(e for e in first["entities"] if e["id"] == P_FT)
            assert resident["phone"] == phone
            assert ("idNumber" in resident) is (actor == "admin")
        ws.send_json({"op": "subscribe", "sub": "air", "type": "AirQualityObserved"})
        assert _next(ws, "subscribed", "air")["sub"] == "air"
        # A change of a hidden attribute only, a visible change, then the public sentinel.
        marker = f"urn:ngsi-ld:AirQualityObserved:ws-{actor}"
        attrs = f"{V1}/entities/{P_FT}/attrs"
        for method, path, body in [
            ("PATCH", attrs, {"idNumber": {"type": "Property", "value": "440304195001010000"}}),
            ("PATCH", attrs, {"age": {"type": "Property", "value": 82}}),
            ("POST", f"{V1}/entities", entity(marker, "AirQualityObserved", pm25=20, adminCode=FT_COMMUNITY)),
        ]:
            assert world.call("admin", method, path, json=body).status_code in (201, 204)
        people: list[dict[str, Any]] = []
        while True:
            frame = _next(ws, "changes")
            if frame["sub"] == "people":
                people.extend(frame["changes"])
            elif any(d["id"] == marker for d in frame["changes"]):
                break
        if snapshot is None:
            assert people == []
        elif actor == "admin":
            assert [sorted(d["attrs"]) for d in people] == [["idNumber"], ["age"]]
        else:  # the ID-number change is not even announced
            assert [(d["id"], d["attrs"]) for d in people] == [(P_FT, {"age": 82})]


def test_websocket_without_credentials_is_refused(world: World) -> None:
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect) as closed, world.client.websocket_connect("/stream/ws") as ws:
        ws.receive_json()
    assert closed.value.code == 1008


# -- revocation: the policy is decided at delivery time ----------------------------------------------------


def test_a_revoked_right_stops_notifications(world: World) -> None:
    policy = default_document()
    narrowed = {
        **policy,
        "rules": [{**r, "actions": ["read"]} if r["id"] == "grid-workers" else r for r in policy["rules"]],
    }
    assert world.call("admin", "PUT", "/governance/policy", json=narrowed).status_code == 200
    try:
        end = "urn:ngsi-ld:AirQualityObserved:ft-0003"
        for method, path, body in [
            ("PATCH", f"{V1}/entities/{B_FT}/attrs", {"height": {"type": "Property", "value": 25.0}}),
            ("POST", f"{V1}/entities", entity(end, "AirQualityObserved", pm25=9, adminCode=FT_COMMUNITY)),
        ]:
            assert world.call("admin", method, path, json=body).status_code in (201, 204)
        grid = world.wait_for("grid", end)
        operator = world.wait_for("operator", end)
        # The grid worker still gets public data, but no longer its area's buildings; the operator does.
        assert [i["id"] for i in grid].count(B_FT) == 1
        assert [i["id"] for i in operator].count(B_FT) == 2
    finally:
        assert world.call("admin", "PUT", "/governance/policy", json=policy).status_code == 200


# -- a change of the owner's roles reaches open WebSocket feeds ---------------------------------------------


def test_a_role_change_reaches_an_open_websocket_feed(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from citytwin.governance import enforce_stream
    from citytwin.governance.auth import ACCOUNT_KIND
    from citytwin.stream import websocket

    monkeypatch.setattr(enforce_stream, "ACCOUNT_CHECK_S", 0.1)  # the account is looked at every 0.1 s
    monkeypatch.setattr(websocket, "REFRESH_S", 0.05)
    docs = world.client.app.state.stream.store.tenant("")
    account = docs.get_document(ACCOUNT_KIND, "operator")

    def roles(*names: str) -> None:
        docs.put_document(ACCOUNT_KIND, "operator", {**account, "roles": list(names)})

    def exchange(ws: Any, n: int) -> list[dict[str, Any]]:
        """Age the Futian resident to ``n``, then write a public sentinel: the people deltas before it."""
        marker = f"urn:ngsi-ld:AirQualityObserved:roles-{n}"
        for method, path, body in [
            ("PATCH", f"{V1}/entities/{P_FT}/attrs", {"age": {"type": "Property", "value": n}}),
            ("POST", f"{V1}/entities", entity(marker, "AirQualityObserved", pm25=n, adminCode=FT_COMMUNITY)),
        ]:
            assert world.call("admin", method, path, json=body).status_code in (201, 204)
        people: list[dict[str, Any]] = []
        while True:
            frame = _next(ws, "changes")
            if frame["sub"] == "people":
                people.extend(frame["changes"])
            elif any(d["id"] == marker for d in frame["changes"]):
                return people

    with world.client.websocket_connect(f"/stream/ws?access_token={world.keys['operator']}") as ws:
        ws.send_json({"op": "subscribe", "sub": "people", "type": "Person"})
        _next(ws, "subscribed", "people")
        ws.send_json({"op": "subscribe", "sub": "air", "type": "AirQualityObserved"})
        _next(ws, "subscribed", "air")
        assert [d["attrs"] for d in exchange(ws, 90)] == [{"age": 90}]
        try:
            roles("city-operator", "partner")  # partners may not see residents anywhere
            time.sleep(1.5)  # a refresher started before the patch may still sleep its 1 s
            assert exchange(ws, 91) == []
        finally:
            roles("city-operator")
            time.sleep(1.5)  # every scope of the operator looks at the account again before the next test
        assert [d["attrs"] for d in exchange(ws, 92)] == [{"age": 92}]
