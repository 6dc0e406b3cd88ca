"""The API server's MQTT side: device commands, and (``serve --ingest``) MQTT ingest in the server process.

Ingest inside the server writes through the server's observed store, so every reading's state change reaches
the server's change bus (subscriptions, WebSocket, indicators) like an API write does.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from citytwin.ingest.iot.commands import CommandService, registered
from citytwin.ingest.iot.mqtt_downlink import MqttCommandChannel
from citytwin.settings import Settings
from citytwin.storage.base import Store

if TYPE_CHECKING:  # the ingest worker (and its pipeline) load only when the server runs ingest
    from citytwin.ingest.iot.mqtt import MqttIngestWorker

log = logging.getLogger(__name__)

SWEEP_INTERVAL_S = 5.0


@dataclass(slots=True)
class MqttSide:
    """What the server runs against the broker; ``close()`` stops it."""

    commands: CommandService
    channel: MqttCommandChannel
    worker: MqttIngestWorker | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _sweeper: threading.Thread | None = None

    def _sweep_loop(self) -> None:
        while not self._stop.wait(SWEEP_INTERVAL_S):
            try:
                self.commands.sweep()
            except Exception:  # the store may be briefly unavailable; the next sweep catches up
                log.exception("command expiry sweep failed")

    def close(self) -> None:
        """Stop ingest (acknowledging what it wrote), the sweeper and the command channel."""
        self._stop.set()
        if self.worker is not None:
            self.worker.stop()
        if self._sweeper is not None:
            self._sweeper.join(10)
        self.channel.stop()


def start_mqtt(settings: Settings, store: Store, *, pipeline: Any = None) -> MqttSide | None:
    """Start the command channel (and ingest when ``settings.mqtt_ingest``); None without a broker URL.

    ``pipeline`` is the ingest pipeline to feed (default: a new one over ``store``).
    """
    if not settings.mqtt_url:
        return None
    commands = CommandService(store, default_timeout_s=settings.command_timeout_s)
    registry = getattr(pipeline, "registry", None)
    if registry is not None:  # commands go to registered devices only, named by their canonical code
        commands.resolve_device = registered(registry)
    channel = MqttCommandChannel(settings.mqtt_url, on_ack=commands.apply_ack, group=settings.mqtt_ack_group)
    commands.channel = channel
    channel.start()
    side = MqttSide(commands, channel)
    if settings.mqtt_ingest:
        from citytwin.ingest.iot.mqtt import MqttIngestConfig, MqttIngestWorker

        if pipeline is None:
            from citytwin.ingest.iot.pipeline import IngestPipeline

            pipeline = IngestPipeline(store)
        config = MqttIngestConfig(
            broker=settings.mqtt_url,
            client_id=settings.mqtt_client_id,
            tenant=settings.mqtt_tenant,
            share_group=settings.mqtt_share_group,
            ack_group=settings.mqtt_ack_group,
            # The channel already takes acknowledgements in this process.
            track_command_acks=False,
        )
        from citytwin.ingest.iot.mqtt_keys import DeviceKeys, KeyCheckedIngest

        # Payloads carrying a device key or signature are checked against the topic's device first.
        checked = KeyCheckedIngest(pipeline, DeviceKeys(store))
        side.worker = MqttIngestWorker(checked, config, commands=commands)
        side.worker.start()
    side._sweeper = threading.Thread(target=side._sweep_loop, name="command-sweeper", daemon=True)
    side._sweeper.start()
    return side
