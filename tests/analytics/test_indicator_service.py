"""The indicator service on both backends: loads state, follows the stream, writes CityIndicator twins."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citytwin.analytics.indicators import IndicatorService, indicator_id, load_catalogue
from citytwin.core.entities import Entity, prop
from citytwin.core.indicators.model import parse_indicator
from citytwin.core.query import EntityQuery, HistoryQuery, types_of
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def meter(n: int, community: str, flow: float) -> Entity:
    return Entity(
        id=f"urn:ngsi-ld:Device:wm{n:03d}",
        types=("Device",),
        attrs={"adminCode": [prop(community)], "category": [prop("waterMeter")], "flow": [prop(flow)]},
    )


DEFINITIONS = [
    parse_indicator(
        {
            "id": "water-flow-440305007",
            "name": {"zh": "粤海街道用水流量", "en": "Water flow, Yuehai"},
            "unit": "MQH",
            "domain": "water",
            "entities": {"type": "Device", "admin_code": "440305007", "q": 'category=="waterMeter"'},
            "measure": {"kind": "sum", "attr": "flow"},
            "thresholds": [{"op": ">", "value": 10, "severity": "warning"}],
            "owner": "深圳市水务局",
        }
    ),
    parse_indicator(
        {
            "id": "meters-440305",
            "domain": "water",
            "entities": {"type": "Device", "admin_code": "440305"},
            "measure": "count",
        }
    ),
]


@pytest.fixture
def running(store: Store) -> Iterator[tuple[ObservedStore, IndicatorService, Clock]]:
    bus = EventBus()
    observed = ObservedStore(store, bus)
    observed.tenant().upsert_many([meter(1, "440305007001", 2.5), meter(2, "440304001001", 9.0)])
    clock = Clock()
    service = IndicatorService(observed, bus, DEFINITIONS, clock=clock)
    service.start(background=False)
    yield observed, service, clock
    service.close()


def test_start_loads_current_state_and_publishes_indicator_twins(
    running: tuple[ObservedStore, IndicatorService, Clock],
) -> None:
    store, _, _ = running
    twin = store.tenant().get(indicator_id("water-flow-440305007"))
    assert twin.value("value") == 2.5 and twin.value("severity") == "normal"
    assert twin.value("adminCode") == "440305007" and twin.value("domain") == "water"
    assert twin.attr("value") is not None and twin.attr("value").unit_code == "MQH"  # type: ignore[union-attr]
    by_area = store.tenant().query(
        EntityQuery(types=types_of("CityIndicator"), admin_code="440305", limit=10)
    )
    assert sorted(e.id for e in by_area.entities) == sorted(indicator_id(d.id) for d in DEFINITIONS)


def test_changes_flow_into_values_history_and_severity(
    running: tuple[ObservedStore, IndicatorService, Clock],
) -> None:
    store, service, clock = running
    tenant = store.tenant()
    clock.now += timedelta(seconds=1)
    tenant.create(meter(3, "440305007002", 4.0))
    service.step()
    clock.now += timedelta(seconds=1)
    tenant.merge(Entity(id=meter(1, "x", 0).id, types=("Device",), attrs={"flow": [prop(7.5)]}))
    values = {v.id: v for v in service.step()}
    assert values["water-flow-440305007"].value == 11.5
    twin = tenant.get(indicator_id("water-flow-440305007"))
    assert twin.value("value") == 11.5 and twin.value("severity") == "warning"
    assert tenant.get(indicator_id("meters-440305")).value("value") == 2

    history = tenant.read_history(
        HistoryQuery(entity_ids=(indicator_id("water-flow-440305007"),), attrs=("value",))
    )
    assert [h.value for h in history] == [2.5, 6.5, 11.5]
    clock.now += timedelta(seconds=1)
    assert service.step() == []  # nothing changed: nothing written


def test_the_background_thread_ticks(store: Store) -> None:
    bus = EventBus()
    observed = ObservedStore(store, bus)
    service = IndicatorService(observed, bus, DEFINITIONS, interval=0.05)
    service.start()
    try:
        observed.tenant().create(meter(9, "440305007003", 1.0))
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while datetime.now(UTC) < deadline:
            if observed.tenant().get(indicator_id("water-flow-440305007")).value("value") == 1.0:
                break
            time.sleep(0.02)
        assert observed.tenant().get(indicator_id("water-flow-440305007")).value("value") == 1.0
    finally:
        service.close()


def test_extra_catalogue_files_are_validated(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("indicators:\n  - id: broken\n    domain: water\n    measure: avg\n", "utf-8")
    with pytest.raises(Exception, match="needs 'attr'"):
        load_catalogue([extra], shipped=False)
