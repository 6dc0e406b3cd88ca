"""Device commands: recorded, published on the downlink topic (QoS 1), acknowledged by a simulated device
over the real Mosquitto, expired by a driven clock; the HTTP endpoints on both store backends."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.ingest.iot.commands import CommandService, CommandState
from citytwin.ingest.iot.mqtt_downlink import MqttCommandChannel
from citytwin.ingest.iot.mqtt_topics import ack_topic, command_topic
from citytwin.settings import Settings
from citytwin.storage.base import Store
from tests.conftest import require_mosquitto
from tests.ingest.iot.mqtt_support import BROKER, unique, wait_for

DEVICE = "440304W01A0000017"


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class SimDevice:
    """A device on the broker: takes commands on its topic and answers per ``reply`` (None: stays silent)."""

    def __init__(self, tenant: str, code: str, reply: str | None = "ok") -> None:
        self.tenant, self.code, self.reply = tenant, code, reply
        self.received: list[dict[str, Any]] = []
        self.ready = threading.Event()
        self.client = paho.Client(CallbackAPIVersion.VERSION2, client_id=unique("dev-"), protocol=paho.MQTTv5)
        self.client.on_connect = lambda c, u, f, rc, p: c.subscribe(command_topic(tenant, code), qos=1)
        self.client.on_subscribe = lambda c, u, mid, rcs, p: self.ready.set()
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", 1883)
        self.client.loop_start()
        assert self.ready.wait(10)

    def _on_message(self, client: paho.Client, userdata: Any, msg: paho.MQTTMessage) -> None:
        command = json.loads(msg.payload)
        self.received.append(command)
        if self.reply is not None:
            answer = {"id": command["id"], "status": self.reply, "detail": f"{command['name']} done"}
            client.publish(ack_topic(self.tenant, self.code), json.dumps(answer), qos=1)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def channel_service(store: Store) -> Iterator[tuple[CommandService, Clock]]:
    require_mosquitto()
    clock = Clock()
    service = CommandService(store, clock=clock, default_timeout_s=60)
    channel = MqttCommandChannel(BROKER, on_ack=service.apply_ack, group=unique("cmd-"))
    service.channel = channel
    channel.start()
    assert channel.wait_ready(10)
    try:
        yield service, clock
    finally:
        channel.stop()


def test_round_trip_acknowledged(channel_service: tuple[CommandService, Clock]) -> None:
    service, _ = channel_service
    tenant = unique("t")
    device = SimDevice(tenant, DEVICE, reply="ok")
    try:
        params = {"valve": "V-12", "percent": 0}
        command = service.issue(tenant, DEVICE, "closeValve", params, issued_by="ops")
        assert command.state in (CommandState.SENT, CommandState.ACKNOWLEDGED)
        assert wait_for(lambda: service.get(tenant, command.id).state is CommandState.ACKNOWLEDGED)
        done = service.get(tenant, command.id)
        assert done.detail == "closeValve done" and done.answered_at is not None and done.sent_at is not None
        # The device got exactly the documented downlink payload.
        assert device.received == [
            {
                "id": command.id,
                "name": "closeValve",
                "params": {"valve": "V-12", "percent": 0},
                "issuedAt": "2025-06-01T08:00:00Z",
                "expiresAt": "2025-06-01T08:01:00Z",
            }
        ]
        listed = service.list(tenant, device=DEVICE)
        assert [c.id for c in listed] == [command.id]
        assert listed[0].to_json()["issuedBy"] == "ops"
        assert service.list(tenant, device="440304W01A0000099") == []
    finally:
        device.close()


def test_device_reports_failure(channel_service: tuple[CommandService, Clock]) -> None:
    service, _ = channel_service
    tenant = unique("t")
    device = SimDevice(tenant, DEVICE, reply="error")
    try:
        command = service.issue(tenant, DEVICE, "setSign", {"text": "慢行"})
        assert wait_for(lambda: service.get(tenant, command.id).state is CommandState.FAILED)
        assert service.get(tenant, command.id).detail == "setSign done"
        assert [c.id for c in service.list(tenant, state=CommandState.FAILED)] == [command.id]
    finally:
        device.close()


def test_silent_device_expires_by_clock(channel_service: tuple[CommandService, Clock]) -> None:
    service, clock = channel_service
    tenant = unique("t")
    device = SimDevice(tenant, DEVICE, reply=None)
    try:
        command = service.issue(tenant, DEVICE, "reboot", timeout_s=30)
        assert wait_for(lambda: len(device.received) == 1)
        assert service.get(tenant, command.id).state is CommandState.SENT
        clock.now += timedelta(seconds=29)
        assert service.sweep() == 0
        clock.now += timedelta(seconds=2)
        assert service.sweep() == 1
        assert service.get(tenant, command.id).state is CommandState.EXPIRED
        assert service.sweep() == 0  # nothing left open
        # A late answer does not revive it.
        ack = {"id": command.id, "status": "ok"}
        assert service.apply_ack(tenant, DEVICE, json.dumps(ack).encode()) is not None
        assert service.get(tenant, command.id).state is CommandState.EXPIRED
    finally:
        device.close()


def test_no_subscribed_device_fails_at_once(channel_service: tuple[CommandService, Clock]) -> None:
    service, _ = channel_service
    tenant = unique("t")
    command = service.issue(tenant, DEVICE, "reboot")
    assert wait_for(lambda: service.get(tenant, command.id).state is CommandState.FAILED)
    assert service.get(tenant, command.id).detail == "no device was subscribed"


def test_acks_of_other_devices_and_garbage_are_ignored(channel_service: tuple[CommandService, Clock]) -> None:
    service, _ = channel_service
    tenant = unique("t")
    device = SimDevice(tenant, DEVICE, reply=None)
    try:
        command = service.issue(tenant, DEVICE, "reboot")
        other = "440304W01A0000025"
        assert service.apply_ack(tenant, other, json.dumps({"id": command.id}).encode()) is None
        assert service.apply_ack(tenant, DEVICE, b"not json") is None
        assert service.apply_ack(tenant, DEVICE, b'{"id": "nope", "status": "ok"}') is None
        unknown_status = json.dumps({"id": command.id, "status": "??"}).encode()
        assert service.apply_ack(tenant, DEVICE, unknown_status) is None
        assert service.get(tenant, command.id).state is CommandState.SENT
    finally:
        device.close()


def test_bad_commands_are_refused(channel_service: tuple[CommandService, Clock]) -> None:
    service, _ = channel_service
    with pytest.raises(BadRequestData):
        service.issue("", DEVICE, "9lives")
    with pytest.raises(BadRequestData):
        service.issue("", DEVICE, "reboot", ["not", "an", "object"])
    with pytest.raises(BadRequestData):
        service.issue("", "a/b", "reboot")
    with pytest.raises(BadRequestData):
        service.issue("", DEVICE, "reboot", timeout_s=0)
    with pytest.raises(ResourceNotFound):
        service.get("", "0000")
    registered = CommandService(
        service.store, channel=service.channel, resolve_device=lambda t, c: c if c == DEVICE else None
    )
    with pytest.raises(ResourceNotFound):
        registered.issue("", "440304W01A0000099", "reboot")


# -- HTTP ---------------------------------------------------------------------------------------------------


@pytest.fixture
def mqtt_api(store: Store) -> Iterator[TestClient]:
    require_mosquitto()
    settings = Settings(db="sqlite:///unused.db", mqtt_url=BROKER, mqtt_ack_group=unique("cmd-"))
    app = create_app(settings, store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert app.state.mqtt.channel.wait_ready(10)
        yield client


def test_http_round_trip(mqtt_api: TestClient, store: Store) -> None:
    from tests.ingest.iot.mqtt_support import register_meters

    tenant = unique("t")
    (code,) = register_meters(store, tenant, 1)
    device = SimDevice(tenant, code, reply="ok")
    headers = {"NGSILD-Tenant": tenant}
    try:
        body = {"name": "closeValve", "params": {"valve": "V-3"}, "timeout": 120, "issuedBy": "duty-officer"}
        created = mqtt_api.post(f"/iot/devices/{code}/commands", json=body, headers=headers)
        assert created.status_code == 201, created.text
        command = created.json()
        assert created.headers["Location"] == f"/iot/commands/{command['id']}"
        assert command["device"] == code and command["issuedBy"] == "duty-officer"
        assert command["state"] in ("sent", "acknowledged")

        def state() -> str:
            return str(mqtt_api.get(f"/iot/commands/{command['id']}", headers=headers).json()["state"])

        assert wait_for(lambda: state() == "acknowledged")
        listed = mqtt_api.get("/iot/commands", params={"device": code}, headers=headers)
        assert [c["id"] for c in listed.json()] == [command["id"]]
        assert mqtt_api.get("/iot/commands", params={"state": "sent"}, headers=headers).json() == []
        # Another tenant sees none of it.
        assert mqtt_api.get(f"/iot/commands/{command['id']}").status_code == 404
    finally:
        device.close()


def test_http_errors(mqtt_api: TestClient) -> None:
    bad = mqtt_api.post(f"/iot/devices/{DEVICE}/commands", json={"params": {}})
    assert bad.status_code == 400 and bad.json()["type"].endswith("BadRequestData")
    extra = mqtt_api.post(f"/iot/devices/{DEVICE}/commands", json={"name": "x", "when": 1})
    assert extra.status_code == 400
    assert mqtt_api.post(f"/iot/devices/{DEVICE}/commands", content=b"{").status_code == 400
    assert mqtt_api.get("/iot/commands", params={"state": "lost"}).status_code == 400
    assert mqtt_api.get("/iot/commands/unknown").status_code == 404
    unregistered = mqtt_api.post(f"/iot/devices/{DEVICE}/commands", json={"name": "reboot"})
    assert unregistered.status_code == 404 and "not registered" in unregistered.json()["detail"]


def test_http_without_broker_is_503(store: Store) -> None:
    app = create_app(Settings(db="sqlite:///unused.db"), store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(f"/iot/devices/{DEVICE}/commands", json={"name": "reboot"})
        assert response.status_code == 503
        assert "MQTT" in response.json()["detail"]


# -- CLI ----------------------------------------------------------------------------------------------------


def test_cli_command_waits_for_the_answer(store: Store) -> None:
    from click.testing import CliRunner

    from citytwin.cli import main
    from tests.ingest.iot.mqtt_support import register_meters

    require_mosquitto()
    tenant = unique("t")
    (code,) = register_meters(store, tenant, 1)
    device = SimDevice(tenant, code, reply="ok")
    try:
        args = [
            "devices",
            "command",
            code.lower(),
            "closeValve",
            "--param",
            "percent=25",
            "--param",
            "why=leak",
        ]
        args += ["--tenant", tenant, "--db", store.url, "--broker", BROKER, "--wait", "--issued-by", "ops"]
        result = CliRunner().invoke(main, [*args, "--ack-group", unique("cmd-"), "--timeout", "30"])
        assert result.exit_code == 0, result.output
        record = json.loads(result.output.strip().splitlines()[-1])
        assert record["state"] == "acknowledged" and record["device"] == code  # named canonically
        assert record["params"] == {"percent": 25, "why": "leak"} and record["issuedBy"] == "ops"
        assert device.received[0]["params"] == {"percent": 25, "why": "leak"}
        unknown = CliRunner().invoke(
            main, ["devices", "command", "440304W010000099X", "reboot", "--db", store.url]
        )
        assert unknown.exit_code == 2 and "not registered" in unknown.output
    finally:
        device.close()
