"""A broker restart is survived: the worker reconnects by itself, its session (kept by the broker's
persistence) is resumed, and every reading the broker acknowledged before or after the restart is ingested
exactly once. The broker is a private Mosquitto on a free port, so restarting it disturbs nobody."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from citytwin.ingest.iot.mqtt import MqttIngestConfig, MqttIngestWorker
from citytwin.ingest.iot.mqtt_topics import telemetry_topic
from citytwin.ingest.iot.service import IoTService
from tests.conftest import REQUIRE_SERVICES
from tests.ingest.iot.mqtt_support import (
    PrivateBroker,
    Publisher,
    history_ids,
    meter_reading,
    reading_id,
    register_meters,
    unique,
    wait_for,
)


def test_worker_survives_a_broker_restart(iot: IoTService, tmp_path: Path) -> None:
    if shutil.which("mosquitto") is None and not Path("/usr/sbin/mosquitto").exists():
        if REQUIRE_SERVICES:
            pytest.fail("CITYTWIN_REQUIRE_SERVICES=1 but the mosquitto binary is not installed")
        pytest.skip("the mosquitto binary is not installed")
    broker = PrivateBroker(tmp_path / "broker")
    broker.start()
    tenant = unique("t")
    codes = register_meters(iot.store, tenant, 4)
    config = MqttIngestConfig(
        broker=broker.url, client_id=unique("w-"), tenant=tenant, batch_delay_s=0.02, reconnect_max_s=2
    )
    worker = MqttIngestWorker(iot.pipeline, config)
    worker.start()
    publisher = Publisher(port=broker.port)
    published: set[str] = set()
    stop = threading.Event()

    def publish() -> None:  # a steady stream, before, during and after the restart
        seq = 0
        while not stop.is_set():
            code = codes[seq % len(codes)]
            publisher.publish(telemetry_topic(tenant, code), json.dumps(meter_reading(seq)).encode(), seq)
            published.add(reading_id(code, seq))
            seq += 1
            time.sleep(0.005)

    feeder = threading.Thread(target=publish)
    try:
        assert worker.wait_ready(10)
        feeder.start()
        assert wait_for(lambda: len(history_ids(iot.store, tenant)) >= 100)
        broker.stop()  # graceful: Mosquitto saves sessions and queued messages first
        assert wait_for(lambda: not worker.connected.is_set(), timeout=10)
        time.sleep(0.5)
        broker.start()
        assert wait_for(worker.connected.is_set, timeout=30), broker.log()
        written = len(history_ids(iot.store, tenant))
        assert wait_for(lambda: len(history_ids(iot.store, tenant)) >= written + 100), broker.log()
        stop.set()
        feeder.join(10)
        assert wait_for(lambda: publisher.outstanding() == 0, timeout=30)
        acked = {reading_id(codes[s % len(codes)], s) for s in publisher.acked_tags()}
        assert acked == published
        assert wait_for(lambda: set(history_ids(iot.store, tenant)) >= acked, timeout=30)
        counts = Counter(history_ids(iot.store, tenant))
        assert set(counts) == acked and max(counts.values()) == 1
        assert worker.stats.disconnects >= 1 and worker.stats.connects >= 2
        assert worker.stats.resumed >= 1  # the restarted broker still had the worker's session
    finally:
        stop.set()
        if feeder.is_alive():
            feeder.join(10)
        publisher.close()
        worker.stop()
        broker.stop()
