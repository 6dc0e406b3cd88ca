"""MQTT publishing for notifications (``mqtt://[user[:password]@]host[:port]/topic``, ``mqtts://``).

One paho client per broker and credentials, started on first use and kept connected (paho reconnects on its
own network thread). :meth:`MqttPublishers.publish` waits for the publication to complete: for QoS 0 until
the message is written to the socket, for QoS 1 until the broker's PUBACK, for QoS 2 until PUBCOMP. paho
exceptions never escape: they become a failed :class:`~citytwin.stream.delivery.Outcome`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from citytwin.stream.delivery import MQTT_QOS, MQTT_VERSION, Endpoint, Outcome

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Broker:
    """Where an MQTT endpoint publishes: broker address, credentials, TLS and protocol version."""

    host: str
    port: int
    username: str | None
    password: str | None
    tls: bool
    version: str

    @classmethod
    def of(cls, endpoint: Endpoint) -> tuple[Broker, str]:
        """The broker and the topic of an ``mqtt(s)://`` endpoint."""
        parts = urlsplit(endpoint.uri)
        tls = parts.scheme == "mqtts"
        broker = cls(
            parts.hostname or "",
            parts.port or (8883 if tls else 1883),
            unquote(parts.username) if parts.username else None,
            unquote(parts.password) if parts.password else None,
            tls,
            endpoint.notifier(MQTT_VERSION, "mqtt3.1.1"),
        )
        return broker, unquote(parts.path.lstrip("/"))


class _Client:
    """One connected paho client; completions are handed to the waiting event loop thread-safely."""

    def __init__(self, broker: Broker) -> None:
        self.broker = broker
        protocol = mqtt.MQTTv5 if broker.version == "mqtt5.0" else mqtt.MQTTv311
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=f"citytwin-notifier-{uuid.uuid4().hex[:12]}",
            protocol=protocol,
        )
        if broker.username is not None:
            self.client.username_pw_set(broker.username, broker.password)
        if broker.tls:
            self.client.tls_set()
        self.client.reconnect_delay_set(1, 30)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_publish = self._on_publish
        self.connected = threading.Event()
        self.last_error = "not connected yet"
        self._lock = threading.RLock()
        self._waiting: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = {}
        self._early: set[int] = set()
        self.client.connect_async(broker.host, broker.port, keepalive=30)
        self.client.loop_start()

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, props: Any = None) -> None:
        if getattr(reason, "is_failure", False):
            self.last_error = f"the broker refused the connection: {reason}"
            return
        self.connected.set()

    def _on_disconnect(self, client: Any, userdata: Any, flags: Any, reason: Any, props: Any = None) -> None:
        self.connected.clear()
        self.last_error = f"disconnected from the broker: {reason}"

    def _on_publish(
        self, client: Any, userdata: Any, mid: int, reason: Any = None, props: Any = None
    ) -> None:
        with self._lock:
            waiting = self._waiting.pop(mid, None)
            if waiting is None:
                self._early.add(mid)  # completed before publish() returned its mid
                return
        loop, future = waiting
        loop.call_soon_threadsafe(_resolve, future)

    def publish(
        self, topic: str, payload: bytes, qos: int, loop: asyncio.AbstractEventLoop
    ) -> asyncio.Future[None]:
        """Start a publication; the future completes when it has."""
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            info = self.client.publish(topic, payload, qos=qos)
            if info.rc != mqtt.MQTT_ERR_SUCCESS:
                future.set_exception(ConnectionError(mqtt.error_string(info.rc)))
                return future
            if info.mid in self._early:
                self._early.discard(info.mid)
                future.set_result(None)
            else:
                self._waiting[info.mid] = (loop, future)
        return future

    def forget(self, future: asyncio.Future[None]) -> None:
        """Stop waiting for a publication that timed out."""
        with self._lock:
            for mid, (_, waiting) in list(self._waiting.items()):
                if waiting is future:
                    del self._waiting[mid]

    def close(self) -> None:
        """Disconnect and stop the network thread."""
        with contextlib.suppress(Exception):
            self.client.disconnect()
        self.client.loop_stop()


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class MqttPublishers:
    """The MQTT clients of one deliverer, one per broker and credentials."""

    def __init__(self) -> None:
        self._clients: dict[Broker, _Client] = {}

    async def publish(self, endpoint: Endpoint, payload: bytes, timeout: float) -> Outcome:
        """Publish on the endpoint's topic with its QoS; a failed Outcome when it did not complete in time."""
        broker, topic = Broker.of(endpoint)
        qos = int(endpoint.notifier(MQTT_QOS, "0"))
        client = self._clients.get(broker)
        if client is None:
            client = self._clients[broker] = await asyncio.to_thread(_Client, broker)
        loop = asyncio.get_running_loop()
        if not client.connected.is_set():
            waited = await asyncio.to_thread(client.connected.wait, timeout)
            if not waited:
                return Outcome(False, None, f"MQTT broker {broker.host}:{broker.port}: {client.last_error}")
        future = client.publish(topic, payload, qos, loop)
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            client.forget(future)
            return Outcome(False, None, f"MQTT publication not acknowledged within {timeout:g} s")
        except ConnectionError as err:
            return Outcome(False, None, f"MQTT publication failed: {err}")
        return Outcome(True)

    async def aclose(self) -> None:
        """Disconnect every client."""
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await asyncio.to_thread(client.close)
