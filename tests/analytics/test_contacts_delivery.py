"""Contacts are told end to end: a server with --analytics and an operator contact file, a real HTTP
receiver for webhooks and a real paho subscriber on the local Mosquitto for MQTT topics.

Both ways an event is born lead to notifications: a citizen report (``POST /events``) and a reading that
raises an alert which files an event. The assignee and the community's contact receive each transition,
the assignee that was relieved hears of it, escalation reaches the street's duty desk, and the contact of
another street receives nothing but its own street's event.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
import yaml
from paho.mqtt.enums import CallbackAPIVersion
from shapely.geometry import box, mapping
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.entities import Entity, geo, prop
from citytwin.settings import Settings
from citytwin.storage.registry import open_store
from tests.api.conftest import V1, entity
from tests.conftest import MQTT_HOST, MQTT_PORT, require_mosquitto
from tests.stream.receiver import Receiver, receiver

Item = dict[str, Any]


class Topics:
    """A paho subscriber collecting the NGSI-LD MQTT notifications under one topic prefix, per topic."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.got: dict[str, list[Item]] = {}
        self.cond = threading.Condition()
        ready = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"test-{uuid.uuid4().hex[:8]}")
        self.client.on_connect = lambda c, *a: c.subscribe(f"{prefix}/#", qos=1)
        self.client.on_subscribe = lambda *a: ready.set()
        self.client.on_message = self._on_message
        self.client.connect(MQTT_HOST, MQTT_PORT)
        self.client.loop_start()
        assert ready.wait(10), "could not subscribe"

    def _on_message(self, client: Any, userdata: Any, msg: Any) -> None:
        name = msg.topic.removeprefix(self.prefix + "/")
        with self.cond:
            self.got.setdefault(name, []).extend(json.loads(msg.payload)["body"]["data"])
            self.cond.notify_all()

    def wait(self, name: str, predicate: Callable[[list[Item]], bool], timeout: float = 15) -> list[Item]:
        """The entities notified on ``name`` once ``predicate`` holds for them."""
        with self.cond:
            ok = self.cond.wait_for(lambda: predicate(self.got.get(name, [])), timeout)
            assert ok, f"{name}: {self.got.get(name)}"
            return list(self.got[name])

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def has(event_id: str, **values: Any) -> Callable[[list[Item]], bool]:
    """Whether some notified entity is that event with those attribute values."""
    return lambda items: any(
        i["id"] == event_id and all(i.get(k) == v for k, v in values.items()) for i in items
    )


def hook(r: Receiver, predicate: Callable[[list[Item]], bool]) -> list[Item]:
    """Wait until the webhook receiver's notified entities satisfy ``predicate``."""
    r.wait(lambda rs: predicate([e for x in rs for e in x.body["data"]]), timeout=15)
    return r.entities()


@pytest.fixture
def topics() -> Iterator[Topics]:
    require_mosquitto()
    found = Topics(f"citytwin/test/{uuid.uuid4().hex}")
    try:
        yield found
    finally:
        found.close()


def community(code: str, cell: Any) -> Entity:
    return Entity(
        id=f"urn:ngsi-ld:Community:{code}",
        types=("Community",),
        attrs={"adminCode": [prop(code)], "location": [geo(mapping(cell))]},
    )


def test_assignee_and_area_contacts_hear_of_every_transition(tmp_path: Path, topics: Topics) -> None:
    with receiver() as wang, receiver() as zhao, receiver() as street:
        path = tmp_path / "contacts.yaml"
        contacts = [
            {"id": "网格员王五", "webhook": wang.url},
            {"id": "网格员赵六", "webhook": zhao.url, "headers": {"X-Desk-Token": "t0k"}},
            {"id": "community-7001", "mqtt": f"{topics.prefix}/community-7001", "areas": ["440305007001"]},
            {"id": "yuehai-duty", "webhook": street.url, "areas": ["440305007"], "level": "street"},
            {"id": "taoyuan", "mqtt": f"{topics.prefix}/taoyuan", "areas": ["440305008"]},
        ]
        path.write_text(yaml.safe_dump({"contacts": contacts}, allow_unicode=True), encoding="utf-8")
        settings = Settings(db="sqlite:///unused.db", analytics=True, contacts_file=path)
        with open_store(f"sqlite:///{tmp_path / 'twin.db'}") as store:
            store.tenant().upsert_many(  # the desk indexes communities when it starts
                [
                    community("440305007001", box(113.94, 22.53, 113.95, 22.54)),
                    community("440305008001", box(113.95, 22.53, 113.96, 22.54)),
                ]
            )
            with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as live:
                _citizen_report_and_its_transitions(live, topics, wang, zhao, street)
                _alert_files_an_event(live, topics)
                _the_other_street_heard_only_its_own_event(live, topics)
                subs = live.get(f"{V1}/subscriptions", params={"limit": 50}).json()
                assert len(subs) == 5 and all(s["status"] == "active" for s in subs)


def _citizen_report_and_its_transitions(
    live: TestClient, topics: Topics, wang: Receiver, zhao: Receiver, street: Receiver
) -> None:
    made = live.post(
        "/events",
        json={
            "category": "water-leak",
            "description": "科苑路15号门前水管破裂",
            "location": {"type": "Point", "coordinates": [113.945, 22.535]},
            "reporter": "citizen-42",
        },
    )
    assert made.status_code == 201, made.text
    eid = made.json()["id"]
    assert made.json()["community"] == "440305007001"
    topics.wait("community-7001", has(eid, status="reported", adminCode="440305007001"))

    def act(action: str, **extra: Any) -> None:
        got = live.post(f"/events/{eid}/actions", json={"action": action, "actor": "调度员", **extra})
        assert got.status_code == 200, got.text

    act("assign", assignee="网格员王五")
    assert hook(wang, has(eid, status="assigned", assignee="网格员王五"))
    topics.wait("community-7001", has(eid, status="assigned"))
    act("assign", assignee="网格员赵六", note="王五休假")
    relieved = hook(wang, has(eid, assignee="网格员赵六", previousAssignee="网格员王五"))
    assert [e["status"] for e in relieved] == ["assigned", "assigned"]  # one per transition, no more
    hook(zhao, has(eid, status="assigned", assignee="网格员赵六"))
    assert all(r.headers.get("X-Desk-Token") == "t0k" for r in zhao.accepted)
    act("escalate", note="需要街道协调")
    duty = hook(street, has(eid, level="street", department="街道城市建设办公室"))
    assert [e["id"] for e in duty] == [eid]  # the street desk hears of it from street level on only
    hook(zhao, has(eid, level="street", previousAssignee="网格员赵六"))
    history = topics.wait("community-7001", lambda items: len([i for i in items if i["id"] == eid]) >= 4)
    # keyValues shows a JsonProperty as {"json": value} (NGSI-LD 4.5.4)
    assert [i["transitions"]["json"][-1]["action"] for i in history if i["id"] == eid] == [
        "assign",  # the report: its first transition
        "assign",
        "assign",
        "escalate",
    ]
    assert len(wang.accepted) == 2  # nothing after the event was taken from him


def _alert_files_an_event(live: TestClient, topics: Topics) -> None:
    manhole = entity(
        "urn:ngsi-ld:Manhole:mh-kejiyuan-1",
        "Manhole",
        adminCode="440305007001",
        waterLevel={"type": "Property", "value": 0.41, "unitCode": "MTR"},
        location={"type": "GeoProperty", "value": {"type": "Point", "coordinates": [113.946, 22.536]}},
    )
    assert live.post(f"{V1}/entities", json=manhole).status_code == 201
    items = topics.wait(
        "community-7001", lambda items: any(i.get("source") == "alert" for i in items), timeout=20
    )
    filed = next(i for i in items if i.get("source") == "alert")
    assert filed["category"] == "waterlogging" and filed["status"] == "reported"
    assert "mh-kejiyuan-1" in filed["description"]


def _the_other_street_heard_only_its_own_event(live: TestClient, topics: Topics) -> None:
    # Every change before this one was matched and sent first (one subscription sends in order), so a
    # notification about anything of street 440305007 would arrive before this one.
    made = live.post(
        "/events",
        json={
            "category": "sanitation",
            "description": "桃源街道垃圾满溢",
            "location": {"type": "Point", "coordinates": [113.955, 22.535]},
        },
    ).json()
    assert made["community"] == "440305008001"
    got = topics.wait("taoyuan", has(made["id"], status="reported"))
    assert [i["id"] for i in got] == [made["id"]]
