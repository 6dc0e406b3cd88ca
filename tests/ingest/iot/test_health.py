"""Device health with a driven clock: online at once, stale and offline by sweep, coalesced writes."""

from __future__ import annotations

import random
from datetime import timedelta

from citytwin.core.codes import device_code
from citytwin.core.events import EntityChange
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery, HistoryQuery, types_of
from citytwin.ingest.iot.catalog import shipped_types
from citytwin.ingest.iot.registry import DeviceRecord
from citytwin.ingest.iot.service import IoTService
from citytwin.stream.bus import EventBus

from .conftest import ROAD, DrivenClock, message, register


def _state(iot: IoTService, code: str) -> str:
    return str(iot.store.tenant("").get(device_code.URN_PREFIX + code).value("deviceState"))


def _states(iot: IoTService, state: str) -> list[str]:
    """Device codes whose stored deviceState is ``state``, by the NGSI-LD q query."""
    query = EntityQuery(types=types_of("Device"), q=parse_q(f'deviceState=="{state}"'), limit=100)
    return sorted(str(e.value("deviceCode")) for e in iot.store.tenant("").query(query).entities)


def test_thresholds_follow_the_reporting_interval(iot: IoTService) -> None:
    traffic, smoke, camera = register(
        iot,
        [
            {"type": "traffic-flow", "district": "440304", "twin": ROAD},
            {"type": "smoke-detector", "district": "440304"},
            {
                "type": "camera",
                "district": "440304",
                "streamUrl": "rtsp://cam/1",
                "viewDirection": 0,
                "owner": "福田区城管局",
            },
        ],
    )
    records = {code: iot.registry.get("", code) for code in (traffic, smoke, camera)}
    limits = {code: iot.health.thresholds_us(r) for code, r in records.items() if r is not None}
    # 60 s interval: stale after max(3 x 60, 60 + 2 x 60 s flush) = 180 s, offline after max(600, 360).
    assert limits[traffic] == (180_000_000, 600_000_000)
    assert limits[smoke] == (10_800_000_000, 36_000_000_000)
    assert limits[camera] is None  # cameras are not expected to report


def test_online_stale_offline_and_back(iot: IoTService, clock: DrivenClock) -> None:
    code = register(iot, [{"type": "traffic-flow", "district": "440304", "twin": ROAD}])[0]
    quiet = register(iot, [{"type": "traffic-flow", "district": "440304"}])[0]
    assert _state(iot, code) == "unknown"
    iot.pipeline.ingest([message({"values": {"vehicleCount": 12}}, device=code, at=clock.now)])
    assert _state(iot, code) == "online"  # at once, in the write of the reading
    clock.advance(170)
    assert iot.health.sweep().changed == {}
    clock.advance(20)  # 190 s of silence
    result = iot.health.sweep()
    assert result.changed == {"stale": 1}
    assert _states(iot, "stale") == [code]
    clock.advance(420)  # 610 s: offline, and the device that never reported is offline since registration
    assert iot.health.sweep().changed == {"offline": 2}
    assert _states(iot, "offline") == sorted([code, quiet])
    device = iot.store.tenant("").get(device_code.URN_PREFIX + code)
    state = device.attr("deviceState")
    assert state is not None and state.observed_at == "2025-06-01T08:10:10Z"
    assert iot.health.summary("") == {"online": 0, "stale": 0, "offline": 2, "unknown": 0}
    iot.pipeline.ingest([message({"values": {"vehicleCount": 3}}, device=code, at=clock.now)])
    assert _states(iot, "online") == [code]
    assert iot.health.sweep().changed == {}


def test_last_seen_battery_and_signal_writes_are_coalesced(
    iot: IoTService, clock: DrivenClock, bus: EventBus
) -> None:
    code = register(iot, [{"type": "traffic-flow", "district": "440304", "twin": ROAD}])[0]
    device_id = device_code.URN_PREFIX + code
    writes: list[EntityChange] = []
    bus.subscribe(lambda change: writes.append(change) if change.entity_id == device_id else None)

    def report(count: int, battery: float) -> None:
        values = {"vehicleCount": count, "batteryLevel": battery, "rssi": -70 - count}
        iot.pipeline.ingest(
            [message({"ts": clock.now.isoformat(), "values": values}, device=code, at=clock.now)]
        )

    report(1, 0.91)  # first reading: state change, written at once with last seen and battery
    assert len(writes) == 1
    device = iot.store.tenant("").get(device_id)
    assert device.value("batteryLevel") == 0.91 and device.value("rssi") == -71
    for n in range(2, 7):  # five more readings within the flush interval: no Device writes
        clock.advance(10)
        report(n, 0.90)
    assert len(writes) == 1
    assert iot.store.tenant("").get(device_id).value("dateLastValueReported") == "2025-06-01T08:00:00Z"
    clock.advance(10)
    report(7, 0.89)  # 60 s after the last write: flushed with the newest values
    assert len(writes) == 2
    device = iot.store.tenant("").get(device_id)
    assert device.value("dateLastValueReported") == "2025-06-01T08:01:00Z"
    assert (device.value("batteryLevel"), device.value("rssi")) == (0.89, -77)
    clock.advance(10)
    report(8, 0.88)
    iot.health.sweep()  # 10 s after the last write: the sweep holds it back too
    assert len(writes) == 2
    clock.advance(50)
    iot.health.sweep()  # a flush interval after the last write: the sweep writes what ingest held back
    assert len(writes) == 3
    device = iot.store.tenant("").get(device_id)
    assert device.value("dateLastValueReported") == "2025-06-01T08:01:10Z"
    assert device.value("batteryLevel") == 0.88
    query = HistoryQuery(entity_ids=(device_id,), attrs=("batteryLevel",))
    history = [h.value for h in iot.store.tenant("").read_history(query)]
    assert history == [0.91, 0.90, 0.90, 0.90, 0.90, 0.90, 0.89, 0.88]  # every battery reading is in history


def test_a_device_heard_by_another_process_is_not_declared_stale(iot: IoTService, clock: DrivenClock) -> None:
    code = register(iot, [{"type": "traffic-flow", "district": "440304", "twin": ROAD}])[0]
    iot.pipeline.ingest([message({"values": {"vehicleCount": 1}}, device=code, at=clock.now)])
    other = IoTService.create(iot.store, clock=clock)  # e.g. an MQTT worker process on the same store
    other.ensure_loaded()
    for _ in range(4):
        clock.advance(60)
        other.pipeline.ingest([message({"values": {"vehicleCount": 2}}, device=code, at=clock.now)])
    clock.advance(timedelta(seconds=30).total_seconds())
    assert iot.health.sweep().changed == {}  # its own index has not heard from it for 270 s, the store has
    assert _state(iot, code) == "online"


def test_the_sweep_scan_finds_what_state_of_says(iot: IoTService) -> None:
    """The sweep's scan (slices, thresholds per type, a shortcut for the recently heard) picks exactly the
    records whose state at that instant is stale or offline and not yet recorded, and those heard since
    their last write; checked against ``state_of`` on 20,000 random records of every shipped type."""
    rng = random.Random(5)
    types = list(shipped_types().values())
    now = 1_800_000_000_000_000
    states = ("online", "stale", "offline", "unknown")
    records = []
    for i in range(20_000):
        seen = 0 if rng.random() < 0.2 else now - rng.randint(0, 30 * 86_400_000_000)
        records.append(
            DeviceRecord(
                f"C{i}",
                rng.choice(types),
                f"urn:ngsi-ld:Pipe:{i}",
                ("Pipe",),
                last_seen_us=seen,
                reported_us=seen - rng.choice((0, 0, 5_000_000)) if seen else 0,
                state=rng.choice(states),
                registered_us=0 if rng.random() < 0.05 else now - rng.randint(0, 60 * 86_400_000_000),
            )
        )
    health = iot.health
    overdue, held = health._scan(records, now)
    expected = [r for r in records if health.state_of(r, now) not in (r.state, "online", "unknown")]
    assert [r.code for r in overdue] == [r.code for r in expected]
    assert {health.state_of(r, now) for r in overdue} == {"stale", "offline"}
    assert [r.code for r in held] == [r.code for r in records if r.last_seen_us > r.reported_us]
