"""Street and community codes on the demo's devices and vehicles, and per-street indicators that see them."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from shapely.geometry import Point

from citytwin.analytics.indicators import load_catalogue
from citytwin.core.indicators.engine import IndicatorEngine
from citytwin.core.query import EntityQuery, types_of
from citytwin.demo import areas
from citytwin.demo.partitions import community_partitions, street_partitions
from citytwin.demo.simulate_run import OUTSIDE_CITY, PipelineSink, fleet, load_devices, tick, vehicle_entities
from citytwin.ingest.iot.pipeline import IngestPipeline
from citytwin.storage.registry import open_store
from tests.demo.conftest import TinyCity

MONDAY_8AM = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)


def test_locator_finds_the_area_holding_a_point_and_the_nearest_just_outside() -> None:
    streets = street_partitions()
    yuehai = streets["440305007"]  # 粤海街道
    inside = yuehai.representative_point()
    assert areas.streets().locate([inside.x], [inside.y]) == ["440305007"]
    community = areas.communities().locate([inside.x], [inside.y])[0]
    assert community is not None and community.startswith("440305007")
    assert community_partitions()[community].covers(inside)
    # Out in the South China Sea: nothing within reach.
    assert areas.streets().locate([114.0], [21.5]) == [None]


def test_every_device_row_carries_its_community(tiny_city: TinyCity) -> None:
    with (tiny_city.generated.folder / "devices.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    polygons = community_partitions()
    assert all(len(r["adminCode"]) == 12 for r in rows)
    for row in rows[::7]:
        point = Point(float(row["lon"]), float(row["lat"]))
        assert polygons[row["adminCode"]].distance(point) < 0.005  # inside, or just off the coast
    # Registration requires the community to lie in the device's district: a device bound to a road that
    # straddles a border is numbered in the district it stands in.
    assert all(r["adminCode"].startswith(r["district"]) for r in rows)
    assert len({(r["district"], r["type"], r["sequence"]) for r in rows}) == len(rows)


def test_per_street_device_health_indicator_counts_the_street_devices(tiny_db: str) -> None:
    now = MONDAY_8AM
    with open_store(tiny_db) as store:
        twin = store.tenant()
        devices = twin.query(EntityQuery(types=types_of("Device"), limit=5000)).entities
        assert all(len(str(d.value("adminCode"))) == 12 for d in devices)
        # The street with the most cameras: cameras never report, so the indicator leaves them out.
        street, cameras = Counter(
            str(d.value("adminCode"))[:9] for d in devices if d.value("deviceType") == "camera"
        ).most_common(1)[0]
        in_street = {
            str(d.value("deviceCode"))
            for d in devices
            if str(d.value("adminCode")).startswith(street) and d.value("deviceType") != "camera"
        }
        expected = len(in_street)
        assert cameras > 0 and expected > 0
        # Half the street's telemetry devices report (the real ingest path marks them online).
        reporting = [d for d in load_devices(store) if d.code in in_street][::2]
        assert reporting
        sent = PipelineSink(IngestPipeline(store, clock=lambda: now)).send(
            tick(reporting, now - timedelta(days=1), now, [])
        )
        assert sent == len(reporting)
        defn = next(d for d in load_catalogue() if d.id == f"devices-online-{street}")
        engine = IndicatorEngine([defn])
        members = twin.query(EntityQuery(types=types_of("Device"), admin_code=street, limit=5000)).entities
        engine.load(members, now)
        (value,) = engine.tick(now)
    assert len(members) == expected + cameras
    assert value.members == expected
    assert value.value == pytest.approx(100.0 * len(reporting) / expected)


def test_vehicles_carry_the_street_they_are_in_as_they_move() -> None:
    f = fleet()
    streets = street_partitions()
    codes: dict[str, list[str]] = {}
    for minutes in (0, 30, 60):
        for entity in vehicle_entities(f, MONDAY_8AM + timedelta(hours=2, minutes=minutes)):
            code = entity["adminCode"]["value"]
            codes.setdefault(entity["id"], []).append(code)
            if code != OUTSIDE_CITY:
                lng, lat = entity["location"]["value"]["coordinates"]
                assert len(code) == 9 and streets[code].distance(Point(lng, lat)) < 0.005
    located = [c for cs in codes.values() for c in cs]
    assert sum(c != OUTSIDE_CITY for c in located) >= 0.95 * len(located)
    assert sum(len(set(cs)) > 1 for cs in codes.values()) >= 10  # cabs change street as they drive
