"""MQTT ingest over the real Mosquitto: publish → live state (NGSI-LD API) and history (temporal API), dead
letters, change events, QoS 1 redelivery without duplicate history, and two worker processes sharing the load.

Each test uses its own tenant and shared-subscription group, so concurrent runs on the broker never mix.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.events import EntityChange
from citytwin.ingest.iot.mqtt import MqttIngestConfig, MqttIngestWorker
from citytwin.ingest.iot.mqtt_topics import gateway_topic, telemetry_topic
from citytwin.ingest.iot.pipeline import IngestOutcome, RawMessage
from citytwin.ingest.iot.service import IoTService
from citytwin.settings import Settings
from citytwin.storage.base import Store
from tests.conftest import require_mosquitto
from tests.ingest.iot.conftest import PIPE, twins
from tests.ingest.iot.mqtt_support import (
    BROKER,
    Publisher,
    history_ids,
    meter_reading,
    reading_id,
    register_meters,
    unique,
    wait_for,
)

V1 = "/ngsi-ld/v1"


@pytest.fixture
def publisher() -> Iterator[Publisher]:
    require_mosquitto()
    pub = Publisher()
    yield pub
    pub.close()


def test_publish_reaches_state_history_dead_letters_and_events(store: Store, publisher: Publisher) -> None:
    tenant = unique("t")
    store.tenant(tenant).upsert_many(twins())
    settings = Settings(
        db="sqlite:///unused.db",
        mqtt_url=BROKER,
        mqtt_ingest=True,
        mqtt_tenant=tenant,
        mqtt_client_id=unique("serve-"),
        mqtt_share_group=unique("g-"),
        mqtt_ack_group=unique("a-"),
    )
    app = create_app(settings, store=store)
    headers = {"NGSILD-Tenant": tenant}
    with TestClient(app, raise_server_exceptions=False) as api:
        assert app.state.mqtt.worker.wait_ready(10)
        seen: list[EntityChange] = []
        app.state.bus.subscribe(seen.append, tenant=tenant)
        rows = [{"type": "water-pressure", "district": "440304", "twin": PIPE}]
        registered = api.post("/iot/devices", json=rows, headers=headers)
        assert registered.status_code == 200, registered.text
        (code,) = registered.json()["codes"]

        # One reading per message on the device's topic, a gateway batch naming the device, a bad value.
        for minute in range(5):
            body = {"ts": f"2025-06-01T08:0{minute}:00Z", "values": {"pressure": 300 + minute}}
            publisher.publish(telemetry_topic(tenant, code), json.dumps(body).encode(), minute)
        batch = {
            "readings": [
                {
                    "device": code,
                    "ts": "2025-06-01T08:05:00Z",
                    "values": {"pressure": {"value": 0.31, "unitCode": "MPA"}},
                },
                {"device": code, "ts": "2025-06-01T08:06:00Z", "values": {"pressure": 312}},
            ]
        }
        publisher.publish(gateway_topic(tenant, "gw-futian-1"), json.dumps(batch).encode(), "gw")
        bad = {"ts": "2025-06-01T08:07:00Z", "values": {"pressure": 99_999}}
        publisher.publish(telemetry_topic(tenant, code), json.dumps(bad).encode(), "bad")

        def pressure() -> Any:
            got = api.get(f"{V1}/entities/{PIPE}", headers=headers, params={"attrs": "waterPressure"})
            return got.json().get("waterPressure", {}).get("value") if got.status_code == 200 else None

        assert wait_for(lambda: pressure() == 312)
        live = api.get(f"{V1}/entities/{PIPE}", headers=headers).json()
        assert live["waterPressure"]["unitCode"] == "KPA"
        assert live["waterPressure"]["observedAt"] == "2025-06-01T08:06:00Z"

        temporal = api.get(
            f"{V1}/temporal/entities/{PIPE}",
            headers=headers,
            params={"attrs": "waterPressure", "options": "temporalValues"},
        )
        assert temporal.status_code == 200, temporal.text
        values = temporal.json()["waterPressure"]["values"]
        assert values == [
            [300, "2025-06-01T08:00:00Z"],
            [301, "2025-06-01T08:01:00Z"],
            [302, "2025-06-01T08:02:00Z"],
            [303, "2025-06-01T08:03:00Z"],
            [304, "2025-06-01T08:04:00Z"],
            [310, "2025-06-01T08:05:00Z"],
            [312, "2025-06-01T08:06:00Z"],
        ]

        def letters() -> list[dict[str, Any]]:
            return list(api.get("/iot/deadletters", headers=headers).json())

        assert wait_for(lambda: len(letters()) == 1)
        (letter,) = letters()
        assert letter["reason"] == "out_of_range" and letter["transport"] == "mqtt"
        assert letter["ref"].startswith(telemetry_topic(tenant, code) + "#")
        assert wait_for(lambda: len(publisher.acked_tags()) == 7)
        # Ingest inside the server writes through its observed store: the change reached the bus.
        assert any(c.entity_id == PIPE and "waterPressure" in c.attrs for c in seen)
        stats = app.state.mqtt.worker.stats
        assert stats.readings == 7 and stats.dead_letters == 1


class CrashAfterWrite:
    """A pipeline that, once, loses the broker connection right after its durable write (before a PUBACK)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.worker: MqttIngestWorker | None = None
        self.crashed = False
        self.outcomes: list[IngestOutcome] = []

    def ingest(self, messages: Sequence[RawMessage]) -> IngestOutcome:
        outcome: IngestOutcome = self.inner.ingest(messages)
        self.outcomes.append(outcome)
        if not self.crashed and self.worker is not None:
            self.crashed = True
            sock = self.worker.client.socket()
            assert isinstance(sock, socket.socket)
            sock.shutdown(socket.SHUT_RDWR)
        return outcome


def test_redelivered_and_repeated_messages_do_not_duplicate_history(
    iot: IoTService, publisher: Publisher
) -> None:
    tenant = unique("t")
    codes = register_meters(iot.store, tenant, 3)
    pipeline = CrashAfterWrite(iot.pipeline)
    config = MqttIngestConfig(
        broker=BROKER, client_id=unique("w-"), tenant=tenant, share_group=unique("g-"), batch_delay_s=0.2
    )
    worker = MqttIngestWorker(pipeline, config)
    pipeline.worker = worker
    worker.start()
    try:
        assert worker.wait_ready(10)
        expected = set()
        for seq in range(20):
            code = codes[seq % 3]
            payload = json.dumps(meter_reading(seq)).encode()
            publisher.publish(telemetry_topic(tenant, code), payload, seq)
            if seq % 5 == 0:  # a device that sends the same reading again
                publisher.publish(telemetry_topic(tenant, code), payload, f"again-{seq}")
            expected.add(reading_id(code, seq))
        assert wait_for(lambda: set(history_ids(iot.store, tenant)) == expected)
        # The first batch was written but its PUBACKs never left: the broker delivered it all again after
        # the reconnect, and every redelivered value was a duplicate (so were the 4 repeats before).
        assert wait_for(lambda: pipeline.crashed)
        first = pipeline.outcomes[0]
        assert wait_for(lambda: worker.stats.messages >= 24 + len(first.results))
        assert pipeline.crashed and worker.stats.connects >= 2
        assert worker.stats.duplicates >= first.duplicates + len(first.results)
        assert len(publisher.acked_tags()) == 24
        ids = history_ids(iot.store, tenant)
        assert sorted(ids) == sorted(expected)  # every reading exactly once
    finally:
        worker.stop()


def _citytwin(*args: str) -> list[str]:
    return [sys.executable, "-m", "citytwin.cli", *args]


def _records(stderr: str, event: str) -> list[dict[str, Any]]:
    out = []
    for line in stderr.splitlines():
        if line.startswith("{") and f'"{event}"' in line:
            out.append(json.loads(line))
    return out


@pytest.mark.slow
def test_two_worker_processes_split_a_shared_subscription(
    store: Store, publisher: Publisher, tmp_path: Path
) -> None:
    tenant = unique("t")
    codes = register_meters(store, tenant, 4)
    prefix = unique("split-")
    cmd = _citytwin(
        "ingest", "mqtt", "--broker", BROKER, "--workers", "2", "--db", store.url, "--tenant", tenant,
        "--group", unique("g-"), "--client-prefix", prefix, "--batch-delay-ms", "20",
    )  # fmt: skip
    log = tmp_path / "ingest.log"
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, stderr=err, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            ready = lambda: len(_records(log.read_text(), "mqtt-ingest-subscribed")) == 2  # noqa: E731
            assert wait_for(ready), log.read_text()
            expected = set()
            for seq in range(400):
                code = codes[seq % 4]
                publisher.publish(telemetry_topic(tenant, code), json.dumps(meter_reading(seq)).encode(), seq)
                expected.add(reading_id(code, seq))
            assert wait_for(lambda: set(history_ids(store, tenant)) == expected, timeout=60), log.read_text()
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(60)
    stopped = _records(log.read_text(), "mqtt-ingest-stopped")
    assert sorted(r["worker"] for r in stopped) == [f"{prefix}-0", f"{prefix}-1"]
    # The broker gave each worker a share, and every message went to exactly one of them.
    assert all(r["messages"] > 0 for r in stopped), stopped
    assert sum(r["messages"] for r in stopped) == 400
    assert sum(r["readings"] for r in stopped) == 400
    assert len(history_ids(store, tenant)) == 400
