"""The command channel: publishes commands on the downlink topics (QoS 1) and takes device acknowledgements.

Acknowledgements arrive through the shared group ``citytwin-commands`` (every process that tracks commands,
the API and the ingest workers, takes a share), and are PUBACKed only after the command record is updated.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode
from paho.mqtt.subscribeoptions import SubscribeOptions

from citytwin.errors import StorageUnavailable
from citytwin.ingest.iot.mqtt_topics import (
    COMMAND_ACK_FILTER,
    COMMAND_ACK_GROUP,
    BrokerAddress,
    parse_broker_url,
    parse_topic,
    shared,
)

log = logging.getLogger(__name__)

Published = Callable[[int | None, str], None]
"""Told when the broker took a command: (reason code value or None when unknown, reason text)."""
AckHandler = Callable[[str, str, bytes], object]
"""Takes (tenant, device code, payload) of one acknowledgement."""

NO_MATCHING_SUBSCRIBERS = 0x10
"""MQTT 5 PUBACK reason: the broker accepted the message but no client was subscribed to its topic."""


class MqttCommandChannel:
    """A paho client that publishes commands and (optionally) takes a share of the acknowledgements."""

    def __init__(
        self,
        broker: str,
        *,
        on_ack: AckHandler | None = None,
        client_id: str | None = None,
        group: str = COMMAND_ACK_GROUP,
    ) -> None:
        self.address: BrokerAddress = parse_broker_url(broker)
        self.on_ack = on_ack
        self.group = group
        self._persistent = client_id is not None
        self.connected = threading.Event()
        self._lock = threading.Lock()
        self._waiting: dict[int, Published] = {}
        self._early: dict[int, tuple[int | None, str]] = {}
        client = paho.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id or f"citytwin-commands-{uuid.uuid4().hex[:12]}",
            protocol=paho.MQTTv5,
        )
        client.manual_ack_set(True)
        client.reconnect_delay_set(1, 30)
        if self.address.username:
            client.username_pw_set(self.address.username, self.address.password)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_publish = self._on_publish
        client.on_message = self._on_message
        client.on_subscribe = self._on_subscribe
        self._client = client
        self._subscribed = threading.Event()

    def start(self) -> None:
        """Connect in the background (retrying until the broker answers).

        A channel given a stable client id keeps a persistent session (unrecorded acknowledgements come
        back after a crash); an anonymous one starts clean.
        """
        props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        props.SessionExpiryInterval = 86_400 if self._persistent else 0
        self._client.connect_async(
            self.address.host,
            self.address.port,
            keepalive=30,
            clean_start=not self._persistent,
            properties=props,
        )
        self._client.loop_start()

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """True once connected (and subscribed to acknowledgements when tracking them)."""
        if not self.connected.wait(timeout):
            return False
        return self.on_ack is None or self._subscribed.wait(timeout)

    def stop(self) -> None:
        """Disconnect and stop the network thread."""
        self._client.disconnect()
        self._client.loop_stop()

    def publish(self, topic: str, payload: bytes, on_published: Published) -> None:
        """Queue a QoS 1 publication; ``on_published`` runs once the broker has acknowledged it.

        Raises BrokerUnavailable (503) when paho refuses the message outright (e.g. its queue is full).
        """
        info = self._client.publish(topic, payload, qos=1)
        if info.rc not in (paho.MQTT_ERR_SUCCESS, paho.MQTT_ERR_NO_CONN):
            # Not connected is fine: paho sends it after reconnecting. Anything else is a refusal.
            reason = paho.error_string(info.rc)
            raise BrokerUnavailable(f"the MQTT broker {self.address} refused the command: {reason}")
        with self._lock:
            early = self._early.pop(info.mid, None)
            if early is None:
                self._waiting[info.mid] = on_published
        if early is not None:
            on_published(*early)

    # -- paho callbacks --------------------------------------------------------------------------------
    def _on_connect(
        self, client: paho.Client, userdata: Any, flags: Any, reason: ReasonCode, properties: Any
    ) -> None:
        if reason.is_failure:
            log.warning("command channel: broker %s refused the connection: %s", self.address, reason)
            return
        self.connected.set()
        if self.on_ack is not None:
            client.subscribe(shared(COMMAND_ACK_FILTER, self.group), options=SubscribeOptions(qos=1))

    def _on_subscribe(
        self, client: paho.Client, userdata: Any, mid: int, reasons: list[ReasonCode], properties: Any
    ) -> None:
        if not any(r.is_failure for r in reasons):
            self._subscribed.set()

    def _on_disconnect(
        self, client: paho.Client, userdata: Any, flags: Any, reason: ReasonCode, properties: Any
    ) -> None:
        self.connected.clear()

    def _on_publish(
        self, client: paho.Client, userdata: Any, mid: int, reason: ReasonCode, properties: Any
    ) -> None:
        code = reason.value if isinstance(reason, ReasonCode) else None
        text = str(reason) if isinstance(reason, ReasonCode) else ""
        with self._lock:
            waiting = self._waiting.pop(mid, None)
            if waiting is None:
                self._early[mid] = (code, text)
        if waiting is not None:
            try:
                waiting(code, text)
            except Exception:  # a failed state update must not stop the network thread
                log.exception("command channel: recording a publication failed")

    def _on_message(self, client: paho.Client, userdata: Any, msg: paho.MQTTMessage) -> None:
        parsed = parse_topic(msg.topic)
        if parsed is None or parsed.kind != "ack" or parsed.device_code is None or self.on_ack is None:
            client.ack(msg.mid, msg.qos)
            return
        try:
            self.on_ack(parsed.tenant, parsed.device_code, bytes(msg.payload))
        except Exception:  # not recorded: leave it unacknowledged, so a persistent session gets it again
            log.exception("command channel: recording an acknowledgement failed")
            return
        client.ack(msg.mid, msg.qos)


class BrokerUnavailable(StorageUnavailable):
    """The MQTT broker cannot take the message (503)."""

    title = "MQTT broker unavailable"
