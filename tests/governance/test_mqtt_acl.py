"""Per-device keys against a real Mosquitto configured with the files ``citytwin devices mqtt-acl`` writes.

A broker of the test's own (a free loopback port, ``allow_anonymous false``) loads the generated password
and ACL files; citytwin's ingest logs in with the platform account. Water meters of Futian (one in tenant
``futian``) publish with their device keys: a device reaches its own topic; the broker refuses a wrong key,
another device's topic, an anonymous client; and ingest dead-letters payloads whose key or signature is not
the topic device's. Readings are recognised in history by their reading ids.
"""

from __future__ import annotations

import getpass
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import pytest
from click.testing import CliRunner
from paho.mqtt.enums import CallbackAPIVersion

from citytwin.cli import main
from citytwin.ingest.iot.mqtt import MqttIngestConfig, MqttIngestWorker
from citytwin.ingest.iot.mqtt_keys import DeviceKeys, KeyCheckedIngest, broker_hash, sign
from citytwin.ingest.iot.mqtt_topics import command_topic, telemetry_topic
from citytwin.ingest.iot.pipeline import RawMessage
from citytwin.ingest.iot.service import IoTService
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from tests.ingest.iot.mqtt_support import (
    PrivateBroker,
    history_ids,
    meter_reading,
    reading_id,
    register_meters,
    unique,
    wait_for,
)

NOT_AUTHORIZED = 0x87


class Device:
    """An MQTT 5 client logging in as a device: CONNACK, PUBACK and SUBACK reason codes are kept."""

    def __init__(self, port: int, user: str | None, password: str | None) -> None:
        self.client = paho.Client(CallbackAPIVersion.VERSION2, client_id=unique("dev-"), protocol=paho.MQTTv5)
        if user is not None:
            self.client.username_pw_set(user, password)
        self.connack: int | None = None
        self.acks: dict[int, int] = {}
        self.subacks: dict[int, list[int]] = {}
        self.received: list[tuple[str, bytes]] = []
        self.cond = threading.Condition()
        self.client.on_connect = self._on_connect
        self.client.on_publish = self._on_publish
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        with self.cond:
            assert self.cond.wait_for(lambda: self.connack is not None, 10), "no CONNACK"

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
        with self.cond:
            self.connack = int(reason.value)
            self.cond.notify_all()

    def _on_publish(self, client: Any, userdata: Any, mid: int, reason: Any, props: Any) -> None:
        with self.cond:
            self.acks[mid] = int(reason.value)
            self.cond.notify_all()

    def _on_subscribe(self, client: Any, userdata: Any, mid: int, reasons: Any, props: Any) -> None:
        with self.cond:
            self.subacks[mid] = [int(r.value) for r in reasons]
            self.cond.notify_all()

    def _on_message(self, client: Any, userdata: Any, msg: Any) -> None:
        with self.cond:
            self.received.append((msg.topic, bytes(msg.payload)))
            self.cond.notify_all()

    def wait_message(self, topic: str) -> list[str]:
        """Block until a message on ``topic`` arrived; the topics of everything received so far."""
        with self.cond:
            assert self.cond.wait_for(lambda: any(t == topic for t, _ in self.received), 10), "nothing came"
            return [t for t, _ in self.received]

    def publish(self, topic: str, payload: Any) -> int:
        """Publish at QoS 1; the PUBACK reason code (0: taken)."""
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        mid = self.client.publish(topic, body, qos=1).mid
        with self.cond:
            assert self.cond.wait_for(lambda: mid in self.acks, 10), "no PUBACK"
            return self.acks[mid]

    def subscribe(self, topic: str) -> int:
        """Subscribe at QoS 1; the SUBACK reason code."""
        mid = self.client.subscribe(topic, qos=1)[1]
        with self.cond:
            assert self.cond.wait_for(lambda: mid in self.subacks, 10), "no SUBACK"
            return self.subacks[mid][0]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@dataclass
class Site:
    """The store, the broker, the meters (codes by name), their keys and the running ingest."""

    store: Store
    broker: PrivateBroker
    codes: dict[str, str]
    keys: dict[str, str]
    iot: IoTService
    service_secret: str

    def device(self, name: str, key: str | None = None) -> Device:
        code = self.codes[name]
        user = f"{code}@futian" if name == "futian" else code
        return Device(self.broker.port, user, key if key is not None else self.keys[name])

    def arrived(self, tenant: str, name: str, seq: int) -> bool:
        return reading_id(self.codes[name], seq) in history_ids(self.store, tenant)

    def letters(self, tenant: str = "") -> list[dict[str, Any]]:
        return [x.to_json() for x in self.iot.dead_letters.list(tenant, reason="bad_key")]


def _cli(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("mqtt-acl")
    db = f"sqlite:///{tmp / 'twin.db'}"
    store = open_store(db)
    codes = dict(zip(("a", "b", "c"), register_meters(store, "", 3), strict=True))
    codes["futian"] = register_meters(store, "futian", 1)[0]
    keys = {}
    for name in ("a", "b", "futian"):  # meter c never gets a key
        tenant = "futian" if name == "futian" else ""
        issued = _cli("devices", "mqtt-key", codes[name], "--tenant", tenant, "--db", db)
        assert issued["username"] == (f"{codes[name]}@futian" if tenant else codes[name])
        keys[name] = issued["key"]
    files = ["--password-file", str(tmp / "passwd"), "--acl-file", str(tmp / "acl")]
    written = _cli("devices", "mqtt-acl", "--db", db, *files, "--service-password-file", str(tmp / "secret"))
    assert (written["devices"], written["tenants"], written["serviceUser"]) == (3, 2, "citytwin")
    broker = PrivateBroker(tmp / "broker")
    broker.conf.write_text(
        f"listener {broker.port} 127.0.0.1\nallow_anonymous false\npersistence false\n"
        f"password_file {tmp / 'passwd'}\nacl_file {tmp / 'acl'}\nuser {getpass.getuser()}\n"
        f"log_dest file {broker.dir / 'mosquitto.log'}\n"
    )
    broker.start()
    iot = IoTService.create(store)
    secret = (tmp / "secret").read_text().strip()
    config = MqttIngestConfig(
        broker=f"mqtt://citytwin:{secret}@127.0.0.1:{broker.port}",
        client_id=unique("ingest-"),
        share_group=unique("acl-"),
        batch_delay_s=0.01,
        track_command_acks=False,
    )
    worker = MqttIngestWorker(KeyCheckedIngest(iot.pipeline, DeviceKeys(store)), config)
    worker.start()
    try:
        assert worker.wait_ready(10), broker.log()
        yield Site(store, broker, codes, keys, iot, secret)
    finally:
        worker.stop()
        broker.stop()
        iot.close()
        store.close()


def test_the_password_file_holds_mosquittos_pbkdf2_hashes(site: Site) -> None:
    lines = dict(line.split(":", 1) for line in (site.broker.dir.parent / "passwd").read_text().splitlines())
    assert set(lines) == {"citytwin", site.codes["a"], site.codes["b"], f"{site.codes['futian']}@futian"}
    algorithm, iterations, salt, _ = lines[site.codes["a"]].split("$")[1:]
    assert (algorithm, iterations) == ("7", "101")
    import base64

    assert lines[site.codes["a"]] == broker_hash(site.keys["a"], salt=base64.b64decode(salt))
    assert site.keys["a"] not in (site.broker.dir.parent / "passwd").read_text()


def test_a_device_publishes_on_its_own_topic(site: Site) -> None:
    device = site.device("a")
    try:
        assert device.connack == 0
        assert device.publish(telemetry_topic("", site.codes["a"]), meter_reading(1)) == 0
        assert wait_for(lambda: site.arrived("", "a", 1), 15)
    finally:
        device.close()


def test_another_devices_topic_is_refused_by_the_broker(site: Site) -> None:
    device = site.device("a")
    try:
        # Meter a tries to speak for meter b: the broker refuses it and it never reaches the twin.
        assert device.publish(telemetry_topic("", site.codes["b"]), meter_reading(2)) == NOT_AUTHORIZED
        assert device.publish(telemetry_topic("futian", site.codes["a"]), meter_reading(3)) == NOT_AUTHORIZED
        assert device.publish(telemetry_topic("", site.codes["a"]), meter_reading(4)) == 0  # the sentinel
        assert wait_for(lambda: site.arrived("", "a", 4), 15)
        assert not site.arrived("", "b", 2) and not site.arrived("futian", "a", 3)
    finally:
        device.close()


def test_a_device_reads_only_its_own_commands(site: Site) -> None:
    device = site.device("a")
    platform = Device(site.broker.port, "citytwin", site.service_secret)
    try:
        # Mosquitto grants any subscription and applies the ACL to every message it would deliver.
        for topic in (command_topic("", site.codes["b"]), "citytwin/#", command_topic("", site.codes["a"])):
            assert device.subscribe(topic) == 1
        assert platform.publish(command_topic("", site.codes["b"]), {"id": "1", "name": "close"}) == 0
        assert platform.publish(telemetry_topic("", site.codes["b"]), meter_reading(7)) == 0
        assert platform.publish(command_topic("", site.codes["a"]), {"id": "2", "name": "close"}) == 0
        assert set(device.wait_message(command_topic("", site.codes["a"]))) == {
            command_topic("", site.codes["a"])
        }
    finally:
        platform.close()
        device.close()


def test_a_tenant_device_is_bound_to_its_tenant(site: Site) -> None:
    device = site.device("futian")
    try:
        assert device.connack == 0
        assert device.publish(telemetry_topic("", site.codes["futian"]), meter_reading(5)) == NOT_AUTHORIZED
        assert device.publish(telemetry_topic("futian", site.codes["futian"]), meter_reading(6)) == 0
        assert wait_for(lambda: site.arrived("futian", "futian", 6), 15)
        assert not site.arrived("", "futian", 5)
    finally:
        device.close()


@pytest.mark.parametrize("who", ["wrong key", "other device's key", "no key issued", "anonymous"])
def test_a_client_without_its_key_cannot_log_in(site: Site, who: str) -> None:
    if who == "anonymous":
        device = Device(site.broker.port, None, None)
    elif who == "no key issued":
        device = Device(site.broker.port, site.codes["c"], site.keys["a"])
    else:
        device = site.device("a", "ctd_not-the-key" if who == "wrong key" else site.keys["b"])
    try:
        assert device.connack in (0x86, 0x87)  # bad user name or password / not authorized
    finally:
        device.close()


def test_payload_keys_and_signatures_are_checked_by_ingest(site: Site) -> None:
    device = site.device("a")
    topic = telemetry_topic("", site.codes["a"])
    try:
        assert device.publish(topic, {**meter_reading(10), "key": site.keys["a"]}) == 0
        assert device.publish(topic, {**meter_reading(11), "key": site.keys["b"]}) == 0
        assert device.publish(topic, sign(json.dumps(meter_reading(12)).encode(), site.keys["a"])) == 0
        assert device.publish(topic, sign(json.dumps(meter_reading(13)).encode(), site.keys["b"])) == 0
        assert device.publish(topic, meter_reading(14)) == 0  # no credentials in the payload: the broker's
        assert wait_for(lambda: site.arrived("", "a", 14) and len(site.letters()) >= 2, 15)
    finally:
        device.close()
    assert [site.arrived("", "a", seq) for seq in (10, 11, 12, 13)] == [True, False, True, False]
    letters = sorted(site.letters(), key=lambda x: x["detail"])
    assert [x["detail"] for x in letters] == [
        f"the payload's key is not the key of device {site.codes['a']}",
        f"the payload's signature is not one of device {site.codes['a']}",
    ]
    assert all(x["device"] == site.codes["a"] and x["transport"] == "mqtt" for x in letters)
    assert site.keys["b"] not in json.dumps(letters)  # a key sent in a payload is a secret: not kept
    # Replaying would accept them unauthenticated: bad_key letters stay where they are.
    assert site.iot.pipeline.replay("", reason="bad_key")["replayed"] == 0
    assert site.iot.pipeline.replay("")["replayed"] == 0
    assert len(site.letters()) == 2


@pytest.mark.parametrize(
    ("case", "payload", "reason"),
    [
        ("signature not last", b'{"sig":"' + b"0" * 64 + b'","values":{"volume":1.0}}', "last member"),
        ("device without a key", b'{"key":"ctd_x","values":{"volume":1.0}}', "has no key"),
    ],
)
def test_refusals_without_a_broker(site: Site, case: str, payload: bytes, reason: str) -> None:
    keys = DeviceKeys(site.store)
    code = site.codes["a"] if case == "signature not last" else site.codes["c"]
    letter = keys.refusal(RawMessage(payload, "", code, "mqtt"))
    assert letter is not None and reason in letter.detail
    # Gateway batches (no topic device) and payloads without credentials are the broker's to authenticate.
    assert keys.refusal(RawMessage(payload, "", None, "mqtt")) is None
    assert keys.refusal(RawMessage(b'{"values":{"key":1}}', "", code, "mqtt")) is None


def test_a_revoked_key_writes_it_out_of_the_files(site: Site, tmp_path: Path) -> None:
    db = site.store.url
    _cli("devices", "mqtt-key", site.codes["b"], "--revoke", "--db", db)
    (tmp_path / "extra.acl").write_text("user citytwin-notifier\ntopic write alerts/#\n")
    files = ["--password-file", str(tmp_path / "passwd"), "--acl-file", str(tmp_path / "acl")]
    more = ["--service-password-file", str(tmp_path / "pw"), "--append", str(tmp_path / "extra.acl")]
    _cli("devices", "mqtt-acl", "--db", db, *files, *more)
    users = [line.split(":", 1)[0] for line in (tmp_path / "passwd").read_text().splitlines()]
    assert site.codes["b"] not in users and site.codes["a"] in users
    acl = (tmp_path / "acl").read_text()
    assert f"user {site.codes['futian']}@futian" in acl
    assert f"topic write citytwin/futian/{site.codes['futian']}/telemetry" in acl
    assert "pattern write citytwin/_/%u/telemetry" in acl
    assert acl.endswith("user citytwin-notifier\ntopic write alerts/#\n")
