"""Test helpers for the MQTT transport: a QoS 1 publisher that records PUBACKs, a private Mosquitto, names.

Every test uses its own tenant and shared-subscription group, so test runs sharing the loopback broker never
split each other's messages.
"""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from citytwin.ingest.iot.mqtt_downlink import NO_MATCHING_SUBSCRIBERS
from tests.conftest import MQTT_HOST, MQTT_PORT

BROKER = f"mqtt://{MQTT_HOST}:{MQTT_PORT}"


def unique(prefix: str) -> str:
    """A name no other test (or concurrent test run) uses."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0, interval: float = 0.05) -> bool:
    """Poll ``predicate`` until true or ``timeout`` (a deadline for waiting, not a performance assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class Publisher:
    """A QoS 1 publisher that remembers which messages the broker acknowledged (PUBACK).

    Like a well-behaved MQTT 5 device it publishes again, after a short pause, what the broker answered
    with reason 0x10 *No matching subscribers* (nobody took it: e.g. ingest had not subscribed again yet
    after a broker restart); such a message is not counted as acknowledged.
    """

    def __init__(self, host: str = MQTT_HOST, port: int = MQTT_PORT, client_id: str | None = None) -> None:
        self.client = paho.Client(
            CallbackAPIVersion.VERSION2, client_id=client_id or unique("pub-"), protocol=paho.MQTTv5
        )
        self.client.max_inflight_messages_set(200)
        self.client.max_queued_messages_set(0)
        self.client.reconnect_delay_set(1, 2)
        self.lock = threading.Lock()
        self.pending: dict[int, tuple[Any, str, bytes]] = {}
        self.early: dict[int, int] = {}
        self.acked: list[Any] = []
        self.retries: list[tuple[Any, str, bytes]] = []
        self.unrouted = 0
        """Publications answered 'no matching subscribers' (and published again)."""
        self.client.on_publish = self._on_publish
        self.connected = threading.Event()
        self.client.on_connect = lambda c, u, f, rc, p: self.connected.set()
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 3600  # unacknowledged publications survive a broker restart
        self.client.connect_async(host, port, clean_start=False, properties=props)
        self.client.loop_start()
        self._stop = threading.Event()
        self._retrier = threading.Thread(target=self._retry_loop, daemon=True)
        self._retrier.start()
        assert self.connected.wait(10), "publisher could not connect"

    def _on_publish(self, client: Any, userdata: Any, mid: int, reason: Any, properties: Any) -> None:
        code = int(getattr(reason, "value", 0))
        with self.lock:
            entry = self.pending.pop(mid, None)
            if entry is None:
                self.early[mid] = code
                return
            self._settle(entry, code)

    def _settle(self, entry: tuple[Any, str, bytes], code: int) -> None:
        if code == NO_MATCHING_SUBSCRIBERS or code >= 0x80:
            self.unrouted += 1
            self.retries.append(entry)
        else:
            self.acked.append(entry[0])

    def _retry_loop(self) -> None:
        while not self._stop.wait(0.2):
            with self.lock:
                again, self.retries = self.retries, []
            for tag, topic, payload in again:
                self.publish(topic, payload, tag)

    def publish(self, topic: str, payload: bytes, tag: Any, qos: int = 1) -> None:
        """Publish; ``tag`` joins ``acked`` once the broker has acknowledged the message."""
        info = self.client.publish(topic, payload, qos=qos)
        with self.lock:
            code = self.early.pop(info.mid, None)
            if code is None:
                self.pending[info.mid] = (tag, topic, payload)
            else:
                self._settle((tag, topic, payload), code)

    def acked_tags(self) -> list[Any]:
        """Tags of the acknowledged messages so far."""
        with self.lock:
            return list(self.acked)

    def outstanding(self) -> int:
        """Messages published (or to be published again) but not acknowledged yet."""
        with self.lock:
            return len(self.pending) + len(self.retries)

    def close(self) -> None:
        """Disconnect."""
        self._stop.set()
        self.client.disconnect()
        self.client.loop_stop()


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PrivateBroker:
    """A Mosquitto of this test's own, with persistence, that can be stopped and started again."""

    def __init__(self, workdir: Path) -> None:
        self.binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.conf = self.dir / "mosquitto.conf"
        self.conf.write_text(
            f"listener {self.port} 127.0.0.1\n"
            "allow_anonymous true\n"
            "persistence true\n"
            f"persistence_location {self.dir}/\n"
            "autosave_interval 1\n"
            "max_queued_messages 0\n"
            f"user {getpass.getuser()}\n"
            f"log_dest file {self.dir / 'mosquitto.log'}\n"
        )
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The broker URL."""
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start and wait until it accepts connections."""
        self.proc = subprocess.Popen([self.binary, "-c", str(self.conf)])
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"mosquitto exited: {self.log()}") from None
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start listening")

    def stop(self) -> None:
        """Stop gracefully (SIGTERM: it saves its persistence file first)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(15)
        self.proc = None

    def log(self) -> str:
        """The broker's log so far."""
        path = self.dir / "mosquitto.log"
        return path.read_text(errors="replace") if path.exists() else ""


# -- twins and devices ---------------------------------------------------------------------------------


def register_meters(store: Any, tenant: str, n: int) -> list[str]:
    """Register ``n`` water meters of Futian bound to the Civic Center in ``tenant``; returns their codes."""
    from citytwin.ingest.iot.registry import DeviceRegistry
    from tests.ingest.iot.conftest import BUILDING, twins

    store.tenant(tenant).upsert_many(twins())
    result = DeviceRegistry(store).register(
        tenant, [{"type": "water-meter", "district": "440304", "twin": BUILDING} for _ in range(n)]
    )
    assert not result.errors, result.errors
    return [c for c in result.codes if c is not None]


T_BASE_S = 1_748_764_800  # 2025-06-01T08:00:00Z


def meter_reading(seq: int) -> dict[str, Any]:
    """Reading ``seq`` of a meter: its own second and a volume that grows with it."""
    return {"ts": T_BASE_S + seq, "values": {"volume": 1000.0 + seq}}


def reading_id(code: str, seq: int) -> str:
    """The instance id the pipeline gives that reading's volume in history."""
    return f"urn:ngsi-ld:Reading:{code}:{(T_BASE_S + seq) * 1_000_000}:volume"


def history_ids(store: Any, tenant: str) -> list[str]:
    """Instance ids of every water volume in the tenant's history (duplicates kept, to be counted)."""
    from citytwin.core.query import HistoryQuery
    from tests.ingest.iot.conftest import BUILDING

    rows = store.tenant(tenant).read_history(HistoryQuery(entity_ids=(BUILDING,), attrs=("waterVolume",)))
    return [str(r.instance_id) for r in rows]
