"""MQTT notifications against the real Mosquitto (127.0.0.1:1883): a paho subscriber receives them."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from starlette.testclient import TestClient

from tests.api.conftest import V1, entity
from tests.conftest import REQUIRE_SERVICES

HOST, PORT = "127.0.0.1", 1883


def _mosquitto() -> None:
    try:
        with socket.create_connection((HOST, PORT), timeout=2):
            return
    except OSError as err:
        if REQUIRE_SERVICES:
            pytest.fail(f"CITYTWIN_REQUIRE_SERVICES=1 but Mosquitto is not reachable at {HOST}:{PORT}: {err}")
        pytest.skip(f"Mosquitto not reachable at {HOST}:{PORT}")


class Listener:
    """A paho subscriber collecting the messages of one topic."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.messages: list[tuple[int, dict[str, Any]]] = []
        self.cond = threading.Condition()
        self.ready = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"test-{uuid.uuid4().hex[:8]}")
        self.client.on_connect = lambda c, *a: c.subscribe(topic, qos=1)
        self.client.on_subscribe = lambda *a: self.ready.set()
        self.client.on_message = self._on_message
        self.client.connect(HOST, PORT)
        self.client.loop_start()
        assert self.ready.wait(10), "could not subscribe"

    def _on_message(self, client: Any, userdata: Any, msg: Any) -> None:
        with self.cond:
            self.messages.append((msg.qos, json.loads(msg.payload)))
            self.cond.notify_all()

    def wait(self, count: int, timeout: float = 20) -> list[tuple[int, dict[str, Any]]]:
        """Until the messages carry ``count`` entities (changes that queue up share a notification)."""

        def entities() -> int:
            return sum(len(m["body"]["data"]) for _, m in self.messages)

        with self.cond:
            assert self.cond.wait_for(lambda: entities() >= count, timeout), self.messages
            return list(self.messages)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def listener() -> Iterator[Listener]:
    _mosquitto()
    found = Listener(f"citytwin/test/{uuid.uuid4().hex}")
    try:
        yield found
    finally:
        found.close()


@pytest.mark.parametrize("qos", ["0", "1"])
def test_mqtt_notifications(api: TestClient, listener: Listener, qos: str) -> None:
    endpoint = {
        "uri": f"mqtt://{HOST}:{PORT}/{listener.topic}",
        "accept": "application/json",
        "receiverInfo": [{"key": "test-receiver-key", "value": "test-receiver-info"}],
        "notifierInfo": [{"key": "MQTT-QoS", "value": qos}, {"key": "MQTT-Version", "value": "mqtt5.0"}],
    }
    body = {
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "notification": {"endpoint": endpoint},
    }
    location = api.post(f"{V1}/subscriptions", json=body).headers["Location"]
    api.post(f"{V1}/entities", json=entity("urn:ngsi-ld:Building:mq1", height=12.5))
    api.patch(
        f"{V1}/entities/urn:ngsi-ld:Building:mq1/attrs", json={"height": {"type": "Property", "value": 13}}
    )
    messages = listener.wait(2)
    assert {q for q, _ in messages} == {int(qos)}
    first = messages[0][1]
    data = [item for _, m in messages for item in m["body"]["data"]]
    assert first["metadata"]["Content-Type"] == "application/json"
    assert first["metadata"]["Link"].startswith("<https://uri.etsi.org/ngsi-ld/")
    assert first["metadata"]["test-receiver-key"] == "test-receiver-info"
    assert first["body"]["type"] == "Notification" and first["body"]["subscriptionId"].startswith("urn:")
    assert data[0] == {
        "id": "urn:ngsi-ld:Building:mq1",
        "type": "Building",
        "height": {"type": "Property", "value": 12.5},
    }
    assert data[1]["height"]["value"] == 13
    # The broker may pass a message on before the notifier has its acknowledgement: wait for the count.
    for _ in range(400):
        status = api.get(location).json()["notification"]
        if status["timesSent"] >= len(messages):
            break
        threading.Event().wait(0.05)
    assert status["status"] == "ok" and status["timesSent"] == len(messages) and "timesFailed" not in status


def test_unreachable_broker_is_retried_not_fatal(api: TestClient, listener: Listener) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    endpoint = {"uri": f"mqtt://127.0.0.1:{dead}/nowhere", "timeout": 300}
    body = {
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "notification": {"endpoint": endpoint},
    }
    dead_loc = api.post(f"{V1}/subscriptions", json=body).headers["Location"]
    good = {**body, "notification": {"endpoint": {"uri": f"mqtt://{HOST}/{listener.topic}"}}}
    api.post(f"{V1}/subscriptions", json=good)
    api.post(f"{V1}/entities", json=entity("urn:ngsi-ld:Building:mq2", height=1))
    listener.wait(1)
    assert api.get(f"{V1}/entities/urn:ngsi-ld:Building:mq2").status_code == 200
    for _ in range(200):
        status = api.get(dead_loc).json()["notification"]
        if status.get("timesFailed"):
            break
        threading.Event().wait(0.05)
    assert status["status"] == "failed" and status["timesFailed"] >= 1 and "lastSuccess" not in status
