"""The ingest worker's paho client over the real Mosquitto: chunked reads deliver every publication whole and
in order (small ones many per read, large ones across reads, MQTT 5 properties skipped), and one bulk PUBACK
acknowledges exactly the message ids it names (the broker redelivers the others to the resumed session)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from citytwin.ingest.iot.mqtt_client import FAST_PATH, IngestClient
from tests.conftest import MQTT_HOST, MQTT_PORT, require_mosquitto
from tests.ingest.iot.mqtt_support import unique, wait_for


class Receiver:
    """An IngestClient with a persistent session that records publications and acknowledges on demand."""

    def __init__(self, client_id: str, topic: str) -> None:
        self.lock = threading.Lock()
        self.got: list[tuple[str, bytes, int, int]] = []
        self.subscribed = threading.Event()
        self.subacks: set[int] = set()
        self.client = IngestClient(
            CallbackAPIVersion.VERSION2,
            client_id=client_id,
            protocol=paho.MQTTv5,
            on_publication=self._on_publication,
        )
        self.client.manual_ack_set(True)
        self.client.on_connect = lambda c, u, f, rc, p: c.subscribe([(topic, SubscribeOptions(qos=1))])
        self.client.on_subscribe = self._on_subscribe
        props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        props.SessionExpiryInterval = 120
        props.ReceiveMaximum = 1000
        self.client.connect_async(MQTT_HOST, MQTT_PORT, clean_start=False, properties=props)
        self.client.loop_start()
        assert self.subscribed.wait(10), "receiver could not subscribe"

    def _on_subscribe(self, client: Any, userdata: Any, mid: int, codes: Any, props: Any) -> None:
        with self.lock:
            self.subacks.add(mid)
        self.subscribed.set()

    def sync(self) -> None:
        """Return once the broker has handled everything sent so far: it answers a connection's packets in
        order, so the SUBACK of a new subscription comes after the PUBACKs written before it are taken. (A
        session resumed sooner takes the old connection over, and its unread PUBACKs may be lost with it.)"""
        _, mid = self.client.subscribe(f"citytwin-test/{unique('sync')}", qos=1)
        assert wait_for(lambda: mid in self.subacks, timeout=10), "the broker did not answer"

    def _on_publication(self, topic: str, payload: bytes, mid: int, qos: int) -> None:
        with self.lock:
            self.got.append((topic, payload, mid, qos))

    def snapshot(self) -> list[tuple[str, bytes, int, int]]:
        with self.lock:
            return list(self.got)

    def payloads(self) -> set[bytes]:
        return {p for _, p, _, _ in self.snapshot()}

    def count(self) -> int:
        with self.lock:
            return len(self.got)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def publisher() -> Iterator[paho.Client]:
    require_mosquitto()
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=unique("pub-"), protocol=paho.MQTTv5)
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    client.connect(MQTT_HOST, MQTT_PORT)
    client.loop_start()
    yield client
    client.disconnect()
    client.loop_stop()


def _publish(client: paho.Client, topic: str, payloads: list[bytes], props: Any = None) -> None:
    infos = [client.publish(topic, p, qos=1, properties=props) for p in payloads]
    for info in infos:
        info.wait_for_publish(30)


def _props() -> Properties:
    """Properties that reach the subscriber (so the publications carry some to skip)."""
    props = Properties(PacketTypes.PUBLISH)  # type: ignore[no-untyped-call]
    props.MessageExpiryInterval = 600
    props.UserProperty = [("device-key", "k" * 200), ("source", "test")]
    props.ContentType = "application/json"
    return props


def test_fast_path_is_on_for_the_installed_paho() -> None:
    assert FAST_PATH


def test_every_publication_arrives_whole_and_in_order(publisher: paho.Client) -> None:
    topic = f"citytwin-test/{unique('c')}/telemetry"
    receiver = Receiver(unique("ingest-client-"), topic)
    try:
        small = [f'{{"n":{i},"values":{{"level":{i / 7:.3f}}}}}'.encode() for i in range(1500)]
        large = [os.urandom(300 * 1024), os.urandom(70 * 1024), b""]  # over one read, near it, empty
        payloads = small[:700] + large + small[700:]
        done = threading.Event()

        def ack_as_they_come() -> None:  # the worker's pattern: acknowledge what has been taken
            acked = 0
            while not done.wait(0.02):
                with receiver.lock:
                    fresh = receiver.got[acked:]
                receiver.client.ack_many([mid for _, _, mid, _ in fresh])
                acked += len(fresh)

        acker = threading.Thread(target=ack_as_they_come)
        acker.start()
        try:
            _publish(publisher, topic, payloads, _props())
            assert wait_for(lambda: receiver.count() >= len(payloads), timeout=30)
        finally:
            done.set()
            acker.join()
        assert [p for _, p, _, _ in receiver.got] == payloads
        assert {t for t, _, _, _ in receiver.got} == {topic}
        assert {q for _, _, _, q in receiver.got} == {1}
        assert all(mid > 0 for _, _, mid, _ in receiver.got)
    finally:
        receiver.close()


def test_bulk_puback_acknowledges_exactly_the_ids_it_names(publisher: paho.Client) -> None:
    topic = f"citytwin-test/{unique('c')}/telemetry"
    client_id = unique("ingest-client-")
    receiver = Receiver(client_id, topic)
    payloads = [f"m{i}".encode() for i in range(200)]
    try:
        _publish(publisher, topic, payloads)
        assert wait_for(lambda: receiver.payloads() >= set(payloads), timeout=30)
        kept = [mid for _, p, mid, _ in receiver.snapshot() if int(p[1:]) % 2 == 0]
        receiver.client.ack_many(kept)
        receiver.sync()
    finally:
        receiver.close()
    # The same session again: the broker redelivers what was not acknowledged, and only that. (QoS 1 is at
    # least once: a publication the publisher sent twice may come twice, as two messages.)
    again = Receiver(client_id, topic)
    try:
        odd = {p for p in payloads if int(p[1:]) % 2 == 1}
        assert wait_for(lambda: again.payloads() >= odd, timeout=30), sorted(odd - again.payloads())
        assert not wait_for(lambda: again.payloads() > odd, timeout=1.0), sorted(again.payloads() - odd)
        again.client.ack_many([mid for _, _, mid, _ in again.snapshot()])
        again.sync()
    finally:
        again.close()
    # All acknowledged now: a third connection of the session gets nothing.
    last = Receiver(client_id, topic)
    try:
        assert not wait_for(lambda: last.count() > 0, timeout=1.0)
    finally:
        last.close()
        cleanup = paho.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv5)
        cleanup.connect(MQTT_HOST, MQTT_PORT, clean_start=True)  # ends the session on the broker
        cleanup.disconnect()


def test_without_a_handler_paho_delivers_through_on_message(publisher: paho.Client) -> None:
    topic = f"citytwin-test/{unique('c')}/telemetry"
    got: list[bytes] = []
    ready = threading.Event()
    client = IngestClient(CallbackAPIVersion.VERSION2, client_id=unique("plain-"), protocol=paho.MQTTv5)
    client.on_connect = lambda c, u, f, rc, p: c.subscribe([(topic, SubscribeOptions(qos=1))])
    client.on_subscribe = lambda c, u, mid, rcs, p: ready.set()
    client.on_message = lambda c, u, msg: got.append(msg.payload)
    client.connect(MQTT_HOST, MQTT_PORT)
    client.loop_start()
    try:
        assert ready.wait(10)
        payloads = [f"p{i}".encode() for i in range(300)]
        _publish(publisher, topic, payloads)
        assert wait_for(lambda: len(got) >= len(payloads), timeout=30)
        assert got == payloads  # automatic PUBACKs (no manual ack): paho's own path, in order
    finally:
        client.disconnect()
        client.loop_stop()
