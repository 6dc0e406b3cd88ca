"""Reading → alert → event on both backends, with the shipped rules and a driven clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from shapely.geometry import box, mapping

from citytwin.analytics.alerts import ALERT_TYPE, AlertService, load_rules
from citytwin.analytics.workorders import EVENT_TYPE, WorkOrderDesk
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.query import EntityQuery, types_of
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)  # 08:00 Beijing time

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def city(store: Store) -> tuple[ObservedStore, AlertService, Clock]:
    bus = EventBus()
    observed = ObservedStore(store, bus)
    observed.tenant().upsert_many(
        [
            Entity(
                id="urn:ngsi-ld:Community:440305007001",
                types=("Community",),
                attrs={
                    "adminCode": [prop("440305007001")],
                    "location": [geo(mapping(box(113.94, 22.53, 113.95, 22.54)))],
                },
            ),
            Entity(
                id="urn:ngsi-ld:BuildingUnit:elderly-1",
                types=("BuildingUnit",),
                attrs={
                    "adminCode": [prop("440305007001")],
                    "livesAlone": [prop(True)],
                    "waterFlow": [prop(0.03)],
                    "location": [geo({"type": "Point", "coordinates": [113.945, 22.535]})],
                },
            ),
        ]
    )
    clock = Clock()
    desk = WorkOrderDesk(observed, clock=clock)
    service = AlertService(observed, bus, load_rules(), desk=desk, clock=clock)
    service.start(background=False)
    return observed, service, clock


def flow(value: float, at: datetime) -> Entity:
    return Entity(
        id="urn:ngsi-ld:BuildingUnit:elderly-1",
        types=("BuildingUnit",),
        attrs={"waterFlow": [prop(value, observed_at=at.isoformat().replace("+00:00", "Z"))]},
    )


def test_elderly_person_water_use_stops_alert_and_event(
    city: tuple[ObservedStore, AlertService, Clock],
) -> None:
    store, service, clock = city
    tenant = store.tenant()
    clock.now += timedelta(minutes=30)
    tenant.merge(flow(0.05, clock.now), history=True)  # 08:30 local: water used
    service.step()
    for _ in range(7):  # zero flow every 30 minutes until 12:00 local
        clock.now += timedelta(minutes=30)
        tenant.merge(flow(0.0, clock.now), history=True)
        assert service.step() == []
    clock.now += timedelta(minutes=31)  # 12:31: four daytime hours without flow
    raised = service.step()
    assert [(a.rule_id, a.state.value) for a in raised] == [("elderly-no-water", "raised")]
    alerts = tenant.query(EntityQuery(types=types_of(ALERT_TYPE), limit=10)).entities
    assert len(alerts) == 1 and alerts[0].value("severity") == "critical"
    assert alerts[0].value("alertSource") == "urn:ngsi-ld:BuildingUnit:elderly-1"
    events = tenant.query(EntityQuery(types=types_of(EVENT_TYPE), limit=10)).entities
    assert len(events) == 1
    event = events[0]
    assert event.value("category") == "elderly-care" and event.value("adminCode") == "440305007001"
    assert event.value("department") == "社区党群服务中心" and event.value("source") == "alert"

    clock.now += timedelta(minutes=5)
    tenant.merge(flow(0.04, clock.now), history=True)  # water again: the alert resolves, the event stays
    assert [a.state.value for a in service.step()] == ["resolved"]
    assert tenant.get(alerts[0].id).value("status") == "resolved"
    assert len(tenant.query(EntityQuery(types=types_of(EVENT_TYPE), limit=10)).entities) == 1


def test_rules_without_event_category_only_record_the_alert(
    city: tuple[ObservedStore, AlertService, Clock],
) -> None:
    store, service, clock = city
    tenant = store.tenant()
    tenant.create(
        Entity(
            id="urn:ngsi-ld:FloodPoint:fp1",
            types=("FloodPoint",),
            attrs={"adminCode": [prop("440305007001")], "waterLevel": [prop(0.05)]},
        )
    )
    service.step()
    clock.now += timedelta(minutes=5)
    tenant.merge(
        Entity(id="urn:ngsi-ld:FloodPoint:fp1", types=("FloodPoint",), attrs={"waterLevel": [prop(0.3)]})
    )
    rules = sorted(a.rule_id for a in service.step())
    assert rules == ["water-level-rising", "waterlogging"]
    events = tenant.query(EntityQuery(types=types_of(EVENT_TYPE), limit=10)).entities
    assert [e.value("category") for e in events] == ["waterlogging"]
    assert events[0].value("adminCode") == "440305007001"
