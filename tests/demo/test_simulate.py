"""The live simulator: diurnal patterns, and scripted incidents driving real alerts through real ingest."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from citytwin.analytics.alerts import ALERT_TYPE, AlertService, load_rules
from citytwin.core.query import EntityQuery, types_of
from citytwin.demo.simulate import Incident, SimDevice, distance_m, due, rain_at, reading
from citytwin.demo.simulate_run import (
    PipelineSink,
    fleet,
    load_devices,
    positions,
    run,
    script,
    vehicle_entities,
)
from citytwin.ingest.iot.pipeline import IngestPipeline
from citytwin.storage.registry import open_store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore

# 2026-06-01 is a Monday; 00:00 UTC is 08:00 in Beijing.
MONDAY_8AM = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_diurnal_and_weekly_patterns() -> None:
    meter = SimDevice("440304W010000001H", "water-meter", 900, 114.05, 22.54)
    road = SimDevice("440304T010000001X", "traffic-flow", 60, 114.05, 22.54)
    night = MONDAY_8AM - timedelta(hours=5)  # 03:00 Beijing
    morning = reading(meter, MONDAY_8AM)
    assert morning is not None and reading(meter, night) is not None
    assert morning["flowRate"] > 3 * reading(meter, night)["flowRate"]  # type: ignore[index]
    rush, calm = reading(road, MONDAY_8AM + timedelta(minutes=20)), reading(road, night)
    assert rush is not None and calm is not None and rush["averageSpeed"] < calm["averageSpeed"]
    saturday = MONDAY_8AM + timedelta(days=5, minutes=20)
    assert reading(road, saturday)["averageSpeed"] > rush["averageSpeed"]  # type: ignore[index]


def test_every_device_reports_once_per_interval() -> None:
    dev = SimDevice("440304E010000001Q", "rain-gauge", 300, 114.05, 22.54)
    ticks = [MONDAY_8AM + timedelta(seconds=5 * i) for i in range(721)]
    sent = sum(due(dev, a, b) for a, b in itertools.pairwise(ticks))
    assert sent == 12


def test_rainstorm_cell_moves_from_nanshan_to_futian() -> None:
    cell = Incident(
        "rainstorm",
        MONDAY_8AM,
        timedelta(minutes=20),
        params=(("lng0", 113.90), ("lat0", 22.53), ("lng1", 114.08), ("lat1", 22.54), ("peak", 90.0)),
    )
    nanshan, futian = (113.92, 22.53), (114.06, 22.54)
    early, late = MONDAY_8AM + timedelta(minutes=2), MONDAY_8AM + timedelta(minutes=18)
    assert rain_at([cell], early, nanshan) > 50 > rain_at([cell], early, futian)
    assert rain_at([cell], late, futian) > 50 > rain_at([cell], late, nanshan)
    assert rain_at([cell], MONDAY_8AM + timedelta(minutes=21), futian) == 0


def test_taxi_trips_replay_with_a_tagged_subset() -> None:
    f = fleet()
    assert len(f.ids) == 381
    kinds = set(f.kinds)
    assert {"taxi", "hazardous-goods", "muck-truck"} <= kinds
    at = MONDAY_8AM + timedelta(hours=2)  # 10:00 Beijing
    pos = positions(f, at)
    assert any(moving for _, _, moving in pos.values())
    later = positions(f, at + timedelta(minutes=1))
    moved = [v for v, p in pos.items() if p[2] and v in later and later[v][:2] != p[:2]]
    assert moved
    entities = vehicle_entities(f, at)
    assert all(113.5 < e["location"]["value"]["coordinates"][0] < 114.8 for e in entities)


@pytest.fixture
def live(tiny_db: str):  # type: ignore[no-untyped-def]
    clock = Clock(MONDAY_8AM)
    bus = EventBus()
    with open_store(tiny_db) as raw:
        store = ObservedStore(raw, bus)
        pipeline = IngestPipeline(store, clock=clock)
        alerts = AlertService(store, bus, load_rules(), clock=clock)
        alerts.start(background=False)
        yield store, pipeline, alerts, clock


def _open_alerts(store: ObservedStore) -> dict[str, set[str]]:
    found = store.tenant().query(EntityQuery(types=types_of(ALERT_TYPE), limit=1000)).entities
    out: dict[str, set[str]] = {}
    for a in found:
        out.setdefault(str(a.value("subCategory")), set()).add(str(a.value("alertSource")))
    return out


class Recording:
    def __init__(self, inner: PipelineSink) -> None:
        self.inner = inner
        self.name = "recording"
        self.sent: list[dict[str, Any]] = []

    def send(self, payloads: Sequence[dict[str, Any]]) -> int:
        self.sent.extend(payloads)
        return self.inner.send(payloads)


def test_incidents_drive_alerts_through_real_ingest(live) -> None:  # type: ignore[no-untyped-def]
    store, pipeline, alerts, clock = live
    devices = load_devices(store)
    incidents = {i.kind: i for i in script(devices, clock())}
    sink = Recording(PipelineSink(pipeline))

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        alerts.step()

    stats = run(
        devices, sink, clock=clock, step_s=60, duration_s=25 * 60, progress=lambda _: None, sleep=sleep
    )
    alerts.step()
    assert stats["accepted"] == stats["readings"] > 0
    raised = _open_alerts(store)
    # Rainstorm over Futian: flood points past the warning level.
    assert raised.get("waterlogging"), raised
    # Gas-pressure drop on one pipe segment: a leak alert at exactly that pipe.
    gas_code = next(iter(incidents["gas-pressure-drop"].targets))
    gas_twin = next(d.twin for d in devices if d.code == gas_code)
    assert raised.get("gas-leak") == {gas_twin}
    # Elevator fault escalating to people trapped.
    lift_code = next(iter(incidents["elevator-fault"].targets))
    lift_twin = next(d.twin for d in devices if d.code == lift_code)
    assert lift_twin in raised.get("elevator-trapped", set())
    # Congestion wave: the road nearest its origin is slow after the front passed.
    roads = {d.code for d in devices if d.kind == "traffic-flow"}
    speeds = [(p["ts"], p["values"]["averageSpeed"]) for p in sink.sent if p["device"] in roads]
    wave = incidents["congestion"]
    during = [v for ts, v in speeds if wave.active(datetime.fromisoformat(ts))]
    before = [v for ts, v in speeds if datetime.fromisoformat(ts) < wave.start]
    assert min(during) < 10 < min(before)
    # Parking filling around the event: the spots near it end up nearly all occupied.
    fill = incidents["parking-filling"]
    spots = {
        d.code
        for d in devices
        if d.kind == "parking-space"
        and distance_m((d.lng, d.lat), (fill.param("lng0"), fill.param("lat0"))) < 1_500
    }
    last = {p["device"]: p["values"]["status"] for p in sink.sent if p["device"] in spots}
    assert spots and sum(v == "occupied" for v in last.values()) >= 0.8 * len(last)


def test_elderly_water_meter_going_silent_raises_the_elderly_alert(live) -> None:  # type: ignore[no-untyped-def]
    store, pipeline, alerts, clock = live
    meters = [d for d in load_devices(store) if d.kind == "water-meter"]
    start = clock()
    # A day of normal use first: the rule needs to have seen the flow (its baseline).
    clock.now = start - timedelta(days=1)
    run(
        meters,
        PipelineSink(pipeline),
        clock=clock,
        step_s=900,
        duration_s=6 * 3600,
        incidents=[],
        progress=lambda _: None,
        sleep=lambda s: (clock.sleep(s), alerts.step()),
    )
    assert not _open_alerts(store).get("elderly-no-water")
    clock.now = start
    silent = next(i for i in script(meters, start) if i.kind == "meter-silent")
    elderly_twin = next(d.twin for d in meters if d.code in silent.targets)
    run(
        meters,
        PipelineSink(pipeline),
        clock=clock,
        step_s=900,
        duration_s=6 * 3600,
        progress=lambda _: None,
        sleep=lambda s: (clock.sleep(s), alerts.step()),
    )
    alerts.step()
    raised = _open_alerts(store)
    assert raised.get("elderly-no-water") == {elderly_twin}
