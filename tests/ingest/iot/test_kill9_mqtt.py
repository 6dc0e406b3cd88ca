"""kill -9 of the MQTT ingest under load, then restart: zero acknowledged readings lost, none stored twice.

The publisher uses QoS 1 and records which messages the broker acknowledged (PUBACK). Two ingest worker
processes (``citytwin ingest mqtt --workers 2``) are killed together with SIGKILL while readings stream in,
then started again with the same client ids: their broker sessions hand back every message they had not
acknowledged (acknowledgement comes only after the durable write). After the drain, every acknowledged
reading is in history exactly once.

What the stopped sessions must queue is kept below what the loopback broker holds for a stopped session
by default (``max_queued_messages 1000``, which also counts what the session held in flight): at most
``MESSAGES`` minus those written before the kill, shared by two sessions, plus ``--receive-maximum`` each.
Beyond that limit Mosquitto drops messages it has already acknowledged to the publisher, whatever the
subscriber does (docs/mqtt.md).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from citytwin.ingest.iot.mqtt_topics import telemetry_topic
from citytwin.storage.base import Store
from tests.conftest import require_mosquitto
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

MESSAGES = 400
READINGS_PER_MESSAGE = 5
RATE = 100
"""Messages per second: under the workers' capacity, so the kill finds a stream, not a backlog."""


def _start(cmd: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("a") as err:
        return subprocess.Popen(
            cmd, stderr=err, start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )


def _count(log: Path, event: str) -> int:
    return sum(1 for line in log.read_text().splitlines() if f'"{event}"' in line)


def _workers(log: Path, event: str) -> set[str]:
    """The workers that logged ``event``."""
    return {r["worker"] for r in _records(log, event)}


def _records(log: Path, event: str) -> list[dict[str, Any]]:
    return [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{") and f'"{event}"' in x]


@pytest.mark.slow
def test_kill9_under_load_loses_no_acknowledged_reading(store: Store, tmp_path: Path) -> None:
    require_mosquitto()
    tenant = unique("t")
    codes = register_meters(store, tenant, 10)
    prefix = unique("k9-")
    workers = {f"{prefix}-0", f"{prefix}-1"}
    cmd = [
        sys.executable, "-m", "citytwin.cli", "ingest", "mqtt", "--broker", BROKER, "--workers", "2",
        "--db", store.url, "--tenant", tenant, "--group", unique("g-"), "--client-prefix", prefix,
        "--batch-size", "50", "--batch-delay-ms", "20", "--receive-maximum", "200",
    ]  # fmt: skip
    log = tmp_path / "ingest.log"
    # The restarted run logs apart: a first-run worker that reconnected (and so subscribed twice) must not
    # stand in for a restarted one that is still starting.
    restarted_log = tmp_path / "restarted.log"

    def logs() -> str:
        return f"first run:\n{log.read_text()}\nrestarted run:\n{restarted_log.read_text()}"

    proc = _start(cmd, log)
    publisher = Publisher()
    try:
        assert wait_for(lambda: _workers(log, "mqtt-ingest-subscribed") == workers), log.read_text()
        published: set[str] = set()

        def publish_all() -> None:
            start = time.monotonic()
            for n in range(MESSAGES):
                code = codes[n % len(codes)]
                seqs = range(n * READINGS_PER_MESSAGE, (n + 1) * READINGS_PER_MESSAGE)
                body = {"readings": [meter_reading(s) for s in seqs]}
                ids = [reading_id(code, s) for s in seqs]
                published.update(ids)
                publisher.publish(telemetry_topic(tenant, code), json.dumps(body).encode(), ids)
                ahead = start + (n + 1) / RATE - time.monotonic()
                if ahead > 0:
                    time.sleep(ahead)

        feeder = threading.Thread(target=publish_all)
        feeder.start()
        # Kill both workers (and their supervisor) mid-stream, once a good part is written.
        assert wait_for(lambda: len(history_ids(store, tenant)) >= 800, timeout=60), log.read_text()
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        written_at_kill = len(history_ids(store, tenant))
        proc = _start(cmd, restarted_log)  # same client ids: the sessions resume
        feeder.join(60)
        assert wait_for(lambda: publisher.outstanding() == 0, timeout=60)
        acked = {i for ids in publisher.acked_tags() for i in ids}
        assert acked == published  # the broker acknowledged every publication
        assert wait_for(lambda: set(history_ids(store, tenant)) >= acked, timeout=90), (
            f"{len(acked - set(history_ids(store, tenant)))} acknowledged readings missing\n{logs()}"
        )
        counts = Counter(history_ids(store, tenant))
        assert set(counts) == acked
        assert max(counts.values()) == 1  # exactly once each
        assert written_at_kill < len(acked)  # the kill did land mid-stream
        # Both restarted workers are up before they are stopped: on a loaded machine one may still be starting
        # when the other has done all the work, and a worker stopped before it started reports nothing.
        up = wait_for(lambda: _workers(restarted_log, "mqtt-ingest-subscribed") == workers, timeout=60)
        assert up, logs()
    finally:
        publisher.close()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(60)
    # The restarted workers reported their work when stopped; the first run never got to.
    assert not _records(log, "mqtt-ingest-stopped"), logs()
    stopped = _records(restarted_log, "mqtt-ingest-stopped")
    assert sorted(r["worker"] for r in stopped) == sorted(workers), logs()
    # What the killed run had not acknowledged came back to the restarted one.
    assert sum(r["messages"] for r in stopped) >= MESSAGES - written_at_kill // READINGS_PER_MESSAGE


@pytest.mark.slow
def test_supervisor_restarts_a_killed_worker(sqlite_url: str, tmp_path: Path) -> None:
    require_mosquitto()
    from citytwin.storage.registry import open_store

    tenant = unique("t")
    with open_store(sqlite_url) as store:
        (code,) = register_meters(store, tenant, 1)
    prefix = unique("sup-")
    cmd = [
        sys.executable, "-m", "citytwin.cli", "ingest", "mqtt", "--broker", BROKER, "--workers", "2",
        "--db", sqlite_url, "--tenant", tenant, "--group", unique("g-"), "--client-prefix", prefix,
    ]  # fmt: skip
    log = tmp_path / "ingest.log"
    proc = _start(cmd, log)
    publisher = Publisher()
    try:
        assert wait_for(lambda: _workers(log, "mqtt-ingest-subscribed") == {f"{prefix}-0", f"{prefix}-1"}), (
            log.read_text()
        )
        victim = next(r for r in _records(log, "mqtt-ingest-started") if r["worker"] == f"{prefix}-1")
        os.kill(victim["pid"], signal.SIGKILL)
        assert wait_for(lambda: _count(log, "mqtt-ingest-worker-died") == 1), log.read_text()

        def restarted() -> list[dict[str, Any]]:
            return [r for r in _records(log, "mqtt-ingest-started") if r["worker"] == f"{prefix}-1"]

        # Started again under the same client id (its session), and ingesting.
        assert wait_for(lambda: len(restarted()) == 2 and _count(log, "mqtt-ingest-subscribed") >= 3), (
            log.read_text()
        )
        assert restarted()[1]["pid"] != victim["pid"]
        expected = set()
        for seq in range(40):
            publisher.publish(telemetry_topic(tenant, code), json.dumps(meter_reading(seq)).encode(), seq)
            expected.add(reading_id(code, seq))
        with open_store(sqlite_url) as store:
            assert wait_for(lambda: set(history_ids(store, tenant)) == expected), log.read_text()
    finally:
        publisher.close()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(60)
    assert sorted(r["worker"] for r in _records(log, "mqtt-ingest-stopped")) == [f"{prefix}-0", f"{prefix}-1"]
