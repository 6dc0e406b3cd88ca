"""Progress records of an MQTT ingest worker: counts, rates since the previous record, and when."""

from __future__ import annotations

import time
from dataclasses import dataclass

from citytwin.ingest.iot.mqtt_stats import IngestStats


@dataclass
class _Outcome:
    accepted: int
    rejected: int = 0
    duplicates: int = 0


def test_progress_records_say_when_and_count_since_the_previous_one() -> None:
    stats = IngestStats("citytwin-ingest-0")
    stats.record_batch(100, _Outcome(99, rejected=1), 0.030)
    stats.record_batch(50, _Outcome(50, duplicates=2), 0.010)
    before = time.time()
    first = stats.progress()
    after = time.time()
    assert first["event"] == "mqtt-ingest-progress"
    assert before - 0.001 <= first["at"] <= after + 0.001  # Unix time: readers interpolate counts by it
    counts = (first["messages"], first["readings"], first["dead_letters"], first["duplicates"])
    assert counts == (150, 149, 1, 2)
    assert first["batch_ms_p50"] in (10.0, 30.0) and first["batch_ms_p99"] == 30.0

    time.sleep(0.05)
    stats.record_batch(10, _Outcome(10), 0.005)
    second = stats.progress()
    assert second["at"] > first["at"]
    assert second["readings"] == 159  # counts are totals; rates and latencies are since the last record
    span = second["at"] - first["at"]
    assert 10 / (span + 0.02) <= second["readings_per_s"] <= 10 / max(span - 0.02, 1e-3)
    assert second["batch_ms_p50"] == second["batch_ms_p99"] == 5.0
