"""The shipped Shenzhen indicator catalogue: size, coverage of domains and areas, and that it evaluates."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from citytwin.analytics.indicators import load_catalogue
from citytwin.core.codes import admin
from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.indicators.engine import IndicatorEngine

DOMAINS = {
    "water",
    "gas",
    "power",
    "traffic",
    "parking",
    "environment",
    "elevators",
    "buildings",
    "population",
    "enterprises",
    "events",
}


def test_the_demo_city_ships_more_than_1178_indicators_over_every_domain_and_real_area() -> None:
    defs = load_catalogue()
    assert len(defs) >= 1178
    assert {d.domain for d in defs} >= DOMAINS
    assert len({d.id for d in defs}) == len(defs)
    per_level = Counter(admin.level_of(d.area_code) for d in defs if d.area_code)
    assert per_level["community"] == 788 and per_level["street"] >= 79 * 10 and per_level["district"] >= 9
    for d in defs:
        assert d.area_code is not None and admin.lookup(d.area_code).code == d.area_code
        assert d.name_zh and d.name_en and d.owner
        if d.area_code != "4403" and d.measure.kind.value != "ratio":
            assert d.entities.admin_code == d.area_code


def test_a_rain_reading_moves_exactly_its_street_and_the_city() -> None:
    engine = IndicatorEngine(load_catalogue())
    at = datetime(2026, 6, 1, 8, tzinfo=UTC)
    engine.tick(at)
    station = Entity(
        id="urn:ngsi-ld:WeatherStation:ws1",
        types=("WeatherStation",),
        attrs={"adminCode": [prop("440305007001")], "rainIntensity": [prop(55.0)]},
    )
    engine.apply(
        EntityChange(
            1, "", ChangeKind.UPDATED, station.id, station.types, station, None, ("rainIntensity",), at
        )
    )
    moved = {v.id: v for v in engine.tick(at)}
    assert moved["rain-intensity-max-1h-440305007"].value == 55.0
    assert moved["rain-intensity-max-1h-440305007"].severity.value == "major"  # type: ignore[union-attr]
    assert moved["rain-intensity-max-1h-city"].value == 55.0
    assert all(not k.startswith("rain-intensity-max-1h-4403") or k.endswith("440305007") for k in moved)
