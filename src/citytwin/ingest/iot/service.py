"""The IoT side of one process: registry, dead letters, health and the pipeline over one store.

The API server builds one :class:`IoTService` over its observed store (so ingest raises change events) and
hands its pipeline to in-server MQTT ingest too; the CLI builds one over a plain store. ``start_sweeper``
runs the health sweep on a background thread until ``close``.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from citytwin.core.timeutil import Clock, utc_now
from citytwin.ingest.iot.deadletter import DeadLetterStore
from citytwin.ingest.iot.health import DeviceHealth
from citytwin.ingest.iot.pipeline import IngestPipeline
from citytwin.ingest.iot.registry import DeviceRegistry
from citytwin.storage.base import Store

log = logging.getLogger(__name__)

SWEEP_INTERVAL_S = 30.0


@dataclass(slots=True)
class IoTService:
    """Registry, dead letters, device health and the ingest pipeline sharing one store and index."""

    store: Store
    registry: DeviceRegistry
    dead_letters: DeadLetterStore
    health: DeviceHealth
    pipeline: IngestPipeline
    _stop: threading.Event = field(default_factory=threading.Event)
    _sweeper: threading.Thread | None = None

    @classmethod
    def create(cls, store: Store, *, clock: Clock = utc_now, long_lived: bool = False) -> IoTService:
        """Everything over ``store``; the registry index loads on first use (``long_lived``: a process that
        keeps the service for its lifetime, see :attr:`IngestPipeline.long_lived`)."""
        registry = DeviceRegistry(store, clock=clock)
        dead_letters = DeadLetterStore(store, clock=clock)
        health = DeviceHealth(store, registry, clock=clock)
        pipeline = IngestPipeline(
            store,
            registry=registry,
            clock=clock,
            dead_letters=dead_letters,
            health=health,
            long_lived=long_lived,
        )
        return cls(store, registry, dead_letters, health, pipeline)

    def ensure_loaded(self) -> None:
        """Load the registry index if nothing did yet."""
        self.pipeline.ensure_loaded()

    def start_sweeper(self, interval_s: float = SWEEP_INTERVAL_S) -> None:
        """Sweep device health every ``interval_s`` seconds (once the registry is loaded) until ``close``."""

        def loop() -> None:
            while not self._stop.wait(interval_s):
                if not self.registry.loaded:
                    continue  # nobody used IoT yet: nothing to sweep, and no reason to load 300k devices
                try:
                    self.health.sweep()
                except Exception:  # the store may be briefly unavailable; the next sweep catches up
                    log.exception("device health sweep failed")

        self._sweeper = threading.Thread(target=loop, name="citytwin-health-sweep", daemon=True)
        self._sweeper.start()

    def close(self) -> None:
        """Stop the sweeper (the store belongs to the caller)."""
        self._stop.set()
        if self._sweeper is not None:
            self._sweeper.join(10)
