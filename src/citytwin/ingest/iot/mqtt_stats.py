"""Counters and progress records of one MQTT ingest worker (messages/s, batch latency, dead letters)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


@dataclass(slots=True)
class IngestStats:
    """What a worker did so far; ``progress()`` also reports rates since the previous progress record."""

    worker: str
    messages: int = 0
    """Messages handed to the pipeline or the command service."""
    readings: int = 0
    """Readings the pipeline accepted (history + live state written)."""
    dead_letters: int = 0
    duplicates: int = 0
    batches: int = 0
    acked: int = 0
    not_acked_stale: int = 0
    """Messages left unacknowledged because their connection was gone (the broker redelivers them)."""
    foreign: int = 0
    connects: int = 0
    resumed: int = 0
    """Connections that found the broker still holding this worker's session."""
    connect_failures: int = 0
    disconnects: int = 0
    write_failures: int = 0
    started: float = field(default_factory=time.monotonic)
    _latencies: list[float] = field(default_factory=list)
    _mark: tuple[float, int, int] = (0.0, 0, 0)

    def __post_init__(self) -> None:
        self._mark = (self.started, 0, 0)

    def record_batch(self, size: int, outcome: Any, seconds: float) -> None:
        """Count one written batch of ``size`` messages and the pipeline's outcome."""
        self.batches += 1
        self.messages += size
        self._latencies.append(seconds)
        if outcome is not None:
            self.readings += int(getattr(outcome, "accepted", 0))
            self.dead_letters += int(getattr(outcome, "rejected", 0))
            self.duplicates += int(getattr(outcome, "duplicates", 0))

    def _counters(self) -> dict[str, Any]:
        return {
            "worker": self.worker,
            "messages": self.messages,
            "readings": self.readings,
            "dead_letters": self.dead_letters,
            "duplicates": self.duplicates,
            "batches": self.batches,
            "acked": self.acked,
            "redelivery_pending": self.not_acked_stale,
            "foreign": self.foreign,
            "connects": self.connects,
            "sessions_resumed": self.resumed,
            "disconnects": self.disconnects,
            "write_failures": self.write_failures,
        }

    def progress(self) -> dict[str, Any]:
        """Counters plus messages/s, readings/s and batch latency (p50/p99) since the last call; ``at``: when
        (Unix time, s), so a reader can tell the counts at any instant between two records."""
        now = time.monotonic()
        then, messages, readings = self._mark
        span = max(now - then, 1e-9)
        lat = sorted(self._latencies)
        self._latencies = []
        self._mark = (now, self.messages, self.readings)
        return {
            "event": "mqtt-ingest-progress",
            "at": round(time.time(), 3),
            **self._counters(),
            "msg_per_s": round((self.messages - messages) / span, 1),
            "readings_per_s": round((self.readings - readings) / span, 1),
            "batch_ms_p50": round(_percentile(lat, 0.5) * 1000, 2),
            "batch_ms_p99": round(_percentile(lat, 0.99) * 1000, 2),
        }

    def summary(self, event: str) -> dict[str, Any]:
        """Totals since start (written when the worker stops)."""
        return {
            "event": f"mqtt-ingest-{event}",
            **self._counters(),
            "uptime_s": round(time.monotonic() - self.started, 3),
        }
