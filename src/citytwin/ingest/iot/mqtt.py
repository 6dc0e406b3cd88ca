"""MQTT ingest: a worker is one paho client and one store connection; QoS 1 is acked after the durable write.

The paho network thread only parses and enqueues (the client is
:class:`~citytwin.ingest.iot.mqtt_client.IngestClient`: chunked socket reads, no per-message paho objects); a
batcher thread hands batches (bounded by size and by delay) to the ingest pipeline and, once
``pipeline.ingest`` has returned (so every reading is durable, or dead-lettered durably), sends the batch's
QoS 1 PUBACKs in one write. A worker killed at any point therefore leaves every unacknowledged message in its
persistent broker session (``clean_start=False`` plus a session expiry), and the broker redelivers them when
the worker comes back with the same client id; redelivered readings carry the same reading ids, so history
does not grow twice.

Messages received on an earlier connection are never acknowledged on a later one: the broker has already
queued them for redelivery, and a stale packet id could acknowledge a different message.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode
from paho.mqtt.subscribeoptions import SubscribeOptions

from citytwin.core.timeutil import Clock, utc_now
from citytwin.ingest.iot.mqtt_client import IngestClient
from citytwin.ingest.iot.mqtt_stats import IngestStats
from citytwin.ingest.iot.mqtt_topics import (
    COMMAND_ACK_FILTER,
    COMMAND_ACK_GROUP,
    DEFAULT_BROKER,
    INGEST_GROUP,
    BrokerAddress,
    ingest_filters,
    parse_broker_url,
    parse_topic,
    shared,
)
from citytwin.ingest.iot.pipeline import RawMessage

log = logging.getLogger(__name__)


class Ingestor(Protocol):
    """What the worker feeds: the ingest pipeline (returns only after the durable write)."""

    def ingest(self, messages: Sequence[RawMessage]) -> Any:
        """Validate, store and dead-letter ``messages``; return an outcome."""


class AckSink(Protocol):
    """Who takes command acknowledgements (the command service); applied before the PUBACK is sent."""

    def apply_ack(self, tenant: str, device_code: str, payload: bytes) -> object:
        """Record one device acknowledgement."""


@dataclass(frozen=True, slots=True)
class MqttIngestConfig:
    """How one ingest worker connects, subscribes and batches."""

    broker: str = DEFAULT_BROKER
    client_id: str = "citytwin-ingest-0"
    """Stable per worker: the broker keeps this session's unacknowledged messages across a crash."""
    tenant: str | None = None
    """Only this tenant's topics (None: every tenant)."""
    share_group: str = INGEST_GROUP
    """Shared-subscription group: workers of one deployment share it; another deployment on the same
    broker (staging, a test run) uses its own so the two do not split each other's messages."""
    ack_group: str = COMMAND_ACK_GROUP
    batch_size: int = 1000
    """Most messages per pipeline call."""
    batch_delay_s: float = 0.05
    """Longest a received message waits for its batch to fill."""
    receive_maximum: int = 3000
    """Unacknowledged messages the broker may have in flight to this worker (MQTT 5 Receive Maximum).
    Room for the batch being written and the next ones; not much more, because Mosquitto counts what a
    stopped worker held against its queue limit (``max_queued_messages``, see docs/mqtt.md)."""
    session_expiry_s: int = 7 * 86_400
    """How long the broker keeps the session (and queues for it) while the worker is away."""
    keepalive_s: int = 30
    reconnect_min_s: int = 1
    reconnect_max_s: int = 30
    progress_interval_s: float = 10.0
    track_command_acks: bool = True
    """Also take a share of ``citytwin/+/+/command/ack`` (needs an ack sink)."""
    retry_delay_s: float = 1.0
    """Wait before retrying a batch whose durable write failed (the store is down): nothing is acked."""


@dataclass(slots=True)
class _Pending:
    generation: int
    mid: int
    qos: int
    message: RawMessage | None = None
    ack: tuple[str, str, bytes] | None = None


@dataclass(slots=True)
class _Queue:
    items: list[_Pending] = field(default_factory=list)
    first_at: float = 0.0


class MqttIngestWorker:
    """One MQTT ingest worker: ``start()``, then ``stop()`` (flushes and acknowledges what it holds)."""

    def __init__(
        self,
        pipeline: Ingestor,
        config: MqttIngestConfig | None = None,
        *,
        commands: AckSink | None = None,
        clock: Clock = utc_now,
        report: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.config = config or MqttIngestConfig()
        self.address: BrokerAddress = parse_broker_url(self.config.broker)
        self.commands = commands
        self.clock = clock
        self.stats = IngestStats(self.config.client_id)
        self._report = report or (lambda rec: log.info("%s", rec))
        self._lock = threading.Condition()
        self._queue = _Queue()
        self._generation = 0
        self._stopping = threading.Event()
        self._batcher: threading.Thread | None = None
        self.connected = threading.Event()
        self.subscribed = threading.Event()
        self._client: IngestClient = self._make_client()

    # -- lifecycle ----------------------------------------------------------------------------------------
    def _make_client(self) -> IngestClient:
        client = IngestClient(
            CallbackAPIVersion.VERSION2,
            client_id=self.config.client_id,
            protocol=paho.MQTTv5,
            reconnect_on_failure=True,
            on_publication=self._on_publication,
        )
        client.manual_ack_set(True)
        client.reconnect_delay_set(self.config.reconnect_min_s, self.config.reconnect_max_s)
        if self.address.username:
            client.username_pw_set(self.address.username, self.address.password)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        # What paho delivers itself: QoS 2, or everything when its internals lack the fast path.
        client.on_message = self._on_message
        client.on_subscribe = self._on_subscribe
        client.on_connect_fail = self._on_connect_fail
        return client

    def start(self) -> None:
        """Connect (retrying in the background until the broker answers) and start batching."""
        props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        props.SessionExpiryInterval = self.config.session_expiry_s
        props.ReceiveMaximum = max(1, min(self.config.receive_maximum, 65_535))
        self._client.connect_async(
            self.address.host,
            self.address.port,
            keepalive=self.config.keepalive_s,
            clean_start=False,
            properties=props,
        )
        self._batcher = threading.Thread(target=self._batch_loop, name=f"{self.config.client_id}-batcher")
        self._batcher.start()
        self._client.loop_start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ingest and acknowledge what is held, then disconnect; the session stays on the broker."""
        self._stopping.set()
        with self._lock:
            self._lock.notify_all()
        try:
            if self._batcher is not None:
                self._batcher.join(timeout)
            # Let the network thread write the last PUBACKs before the DISCONNECT that follows them.
            self._client.disconnect()
            self._client.loop_stop()
        finally:  # what the worker did is reported however its stop went
            self._report(self.stats.summary("stopped"))

    @property
    def client(self) -> paho.Client:
        """The paho client (for diagnostics; the worker owns its callbacks)."""
        return self._client

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """Block until connected and subscribed (or ``timeout``); True when ready."""
        return self.subscribed.wait(timeout)

    def __enter__(self) -> MqttIngestWorker:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- paho callbacks (network thread: parse and enqueue only) ------------------------------------------
    def _on_connect(
        self, client: paho.Client, userdata: Any, flags: Any, reason: ReasonCode, properties: Any
    ) -> None:
        if reason.is_failure:
            self.stats.connect_failures += 1
            log.warning("%s: %s refused the connection: %s", self.config.client_id, self.address, reason)
            return
        with self._lock:
            self._generation += 1
        self.stats.connects += 1
        self.stats.resumed += bool(flags.session_present)
        self.connected.set()
        # Subscribing again on a resumed session is harmless and covers a broker that lost its state.
        cfg = self.config
        topics = [(f, SubscribeOptions(qos=1)) for f in ingest_filters(cfg.tenant, cfg.share_group)]
        if cfg.track_command_acks and self.commands is not None:
            topics.append((shared(COMMAND_ACK_FILTER, cfg.ack_group), SubscribeOptions(qos=1)))
        client.subscribe(topics)
        log.info(
            "%s: connected to %s (session %s)",
            self.config.client_id,
            self.address,
            "resumed" if flags.session_present else "new",
        )

    def _on_connect_fail(self, client: paho.Client, userdata: Any) -> None:
        self.stats.connect_failures += 1
        # Users see why nothing arrives; paho retries with the configured backoff.
        attempts = self.stats.connect_failures
        event = {"event": "mqtt-ingest-unreachable", "broker": str(self.address), "attempts": attempts}
        self._report({**event, "worker": self.config.client_id})

    def _on_subscribe(
        self, client: paho.Client, userdata: Any, mid: int, reasons: list[ReasonCode], properties: Any
    ) -> None:
        failed = [str(r) for r in reasons if r.is_failure]
        if failed:
            log.error("%s: subscription refused: %s", self.config.client_id, ", ".join(failed))
            return
        self.subscribed.set()
        self._report(
            {"event": "mqtt-ingest-subscribed", "worker": self.config.client_id, "broker": str(self.address)}
        )

    def _on_disconnect(
        self, client: paho.Client, userdata: Any, flags: Any, reason: ReasonCode, properties: Any
    ) -> None:
        self.connected.clear()
        with self._lock:
            self._generation += 1  # what arrived on the lost connection is redelivered on the next one
        if not self._stopping.is_set():
            self.stats.disconnects += 1
            log.warning("%s: lost the broker (%s); reconnecting with backoff", self.config.client_id, reason)

    def _on_message(self, client: paho.Client, userdata: Any, msg: paho.MQTTMessage) -> None:
        payload = msg.payload if isinstance(msg.payload, bytes) else bytes(msg.payload)
        self._on_publication(msg.topic, payload, msg.mid, msg.qos)

    def _on_publication(self, topic: str, payload: bytes, mid: int, qos: int) -> None:
        parsed = parse_topic(topic)
        item = _Pending(self._generation, mid, qos)
        if parsed is None:
            # Only a tenant name outside the API's rules gets here (the filters match nothing else).
            self.stats.foreign += 1
            log.warning("%s: ignoring a message on %r", self.config.client_id, topic)
        elif parsed.kind == "ack":
            assert parsed.device_code is not None
            item.ack = (parsed.tenant, parsed.device_code, payload)
        elif parsed.kind in ("telemetry", "gateway"):
            item.message = RawMessage(
                payload=payload,
                tenant=parsed.tenant,
                device_code=parsed.device_code,
                transport="mqtt",
                received_at=self.clock(),
                ref=f"{topic}#{mid}",
            )
        with self._lock:
            queue = self._queue
            queue.items.append(item)
            n = len(queue.items)
            if n == 1:
                queue.first_at = time.monotonic()
                self._lock.notify()  # the batcher starts this batch's deadline
            elif n >= self.config.batch_size:
                self._lock.notify()

    # -- batching (batcher thread) -------------------------------------------------------------------------
    def _take(self) -> list[_Pending]:
        """Wait for a full batch or the oldest message's deadline; empty when stopping with nothing held."""
        size, delay = self.config.batch_size, self.config.batch_delay_s
        with self._lock:
            while True:
                queue = self._queue
                if queue.items:
                    wait = queue.first_at + delay - time.monotonic()
                    if len(queue.items) >= size or wait <= 0 or self._stopping.is_set():
                        batch, rest = queue.items[:size], queue.items[size:]
                        self._queue = _Queue(rest, time.monotonic() if rest else 0.0)
                        return batch
                    self._lock.wait(wait)
                elif self._stopping.is_set():
                    return []
                else:
                    self._lock.wait(0.5)
                    if not self._queue.items:
                        return []  # idle: the loop may owe a progress report

    def _batch_loop(self) -> None:
        next_report = time.monotonic() + self.config.progress_interval_s
        reported = 0
        while True:
            batch = self._take()
            if not batch:
                if self._stopping.is_set():
                    return
            elif not self._process(batch):
                return  # stopping while the store is down: the broker keeps the batch for redelivery
            now = time.monotonic()
            if now >= next_report and self.stats.messages != reported:  # quiet while nothing arrives
                reported = self.stats.messages
                self._report(self.stats.progress())
                next_report = now + self.config.progress_interval_s

    def _process(self, batch: list[_Pending]) -> bool:
        """Write the batch durably, then acknowledge it; False when it was given up (stopping)."""
        messages = [p.message for p in batch if p.message is not None]
        acks = [p.ack for p in batch if p.ack is not None]
        started = time.perf_counter()
        while True:
            try:
                outcome = self.pipeline.ingest(messages) if messages else None
                if acks and self.commands is not None:
                    for tenant, code, payload in acks:
                        self.commands.apply_ack(tenant, code, payload)
                break
            except Exception as err:  # the store is unavailable: keep the batch, ack nothing, retry
                self.stats.write_failures += 1
                log.error("%s: durable write failed, retrying: %s", self.config.client_id, err)
                if self._stopping.wait(self.config.retry_delay_s):
                    return False
        self.stats.record_batch(len(batch), outcome, time.perf_counter() - started)
        # Under the lock, so a disconnect (which bumps the generation first) cannot slip in between the check
        # and the PUBACK: stale packet ids must never reach a newer connection.
        with self._lock:
            # Only after the durable write, and only on the connection the message came on.
            generation = self._generation
            mids = [p.mid for p in batch if p.qos == 1 and p.generation == generation]
            self._client.ack_many(mids)
            acked = len(mids)
            for p in batch:
                if p.qos > 1 and p.generation == generation:
                    self._client.ack(p.mid, p.qos)
                    acked += 1
        self.stats.acked += acked
        self.stats.not_acked_stale += sum(1 for p in batch if p.qos > 0) - acked
        return True
