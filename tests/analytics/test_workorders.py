"""The grid-management desk on both backends: placement, lifecycle, SLA sweep, twins and temporal history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from shapely.geometry import box, mapping

from citytwin.analytics.workorders import EVENT_TYPE, Report, WorkOrderDesk, load_policies
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.query import EntityQuery, HistoryQuery, types_of
from citytwin.core.workorders.lifecycle import InvalidTransition, Status
from citytwin.storage.base import Store


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def community(code: str, cell: object) -> Entity:
    return Entity(
        id=f"urn:ngsi-ld:Community:{code}",
        types=("Community",),
        attrs={"adminCode": [prop(code)], "location": [geo(mapping(cell))]},
    )


@pytest.fixture
def desk(store: Store) -> tuple[WorkOrderDesk, Clock]:
    store.tenant().upsert_many(
        [
            community("440305007001", box(113.94, 22.53, 113.95, 22.54)),
            community("440305007002", box(113.95, 22.53, 113.96, 22.54)),
        ]
    )
    clock = Clock()
    return WorkOrderDesk(store, clock=clock), clock


def test_citizen_reports_are_placed_and_stored_as_twins(desk: tuple[WorkOrderDesk, Clock]) -> None:
    d, _ = desk
    orders = d.report_many(
        [
            Report(
                "water-leak",
                "科苑路15号门前水管破裂",
                113.945,
                22.535,
                photo_url="https://example.org/p/1.jpg",
            ),
            Report("noise-at-night", "深夜施工噪声", 113.955, 22.536),
        ]
    )
    assert [o.community for o in orders] == ["440305007001", "440305007002"]
    assert orders[0].department == "社区工作站" and orders[1].category == "noise-at-night"
    assert orders[1].department == load_policies()["other"].department("community")
    twin = d.store.tenant().get(orders[0].id)
    assert twin.value("status") == "reported" and twin.value("adminCode") == "440305007001"
    assert twin.value("photoUrl") == "https://example.org/p/1.jpg" and twin.value("gridCode").startswith("N")
    found = d.store.tenant().query(EntityQuery(types=types_of(EVENT_TYPE), admin_code="440305007", limit=10))
    assert len(found.entities) == 2


def test_lifecycle_persists_and_history_is_temporal(desk: tuple[WorkOrderDesk, Clock]) -> None:
    d, clock = desk
    o = d.report(Report("water-leak", "水管破裂", 113.945, 22.535))
    for action, actor, extra in [
        ("assign", "调度员", {"assignee": "网格员李四"}),
        ("accept", "网格员李四", {}),
        ("start", "网格员李四", {}),
        ("resolve", "网格员李四", {"note": "已修复"}),
        ("close", "调度员", {}),
    ]:
        clock.now += timedelta(minutes=5)
        o = d.act(o.id, action, actor=actor, **extra)
    stored = d.get(o.id)
    assert stored.status is Status.CLOSED and [t.actor for t in stored.history][-1] == "调度员"
    assert stored.history == o.history
    twin = d.store.tenant().get(o.id)
    assert twin.value("resolveSeconds") == 20 * 60 and twin.value("slaStatus") == "met"
    statuses = d.store.tenant().read_history(HistoryQuery(entity_ids=(o.id,), attrs=("status",)))
    assert [h.value for h in statuses] == [
        "reported",
        "assigned",
        "accepted",
        "inProgress",
        "resolved",
        "closed",
    ]
    with pytest.raises(InvalidTransition):
        d.act(o.id, "accept", actor="x")


def test_sla_sweep_escalates_overdue_events_only(desk: tuple[WorkOrderDesk, Clock]) -> None:
    d, clock = desk
    late = d.report(Report("gas-leak", "闻到燃气味", 113.945, 22.535))
    handled = d.report(Report("gas-leak", "燃气表异响", 113.955, 22.535))
    clock.now += timedelta(minutes=5)
    d.act(handled.id, "assign", actor="调度员", assignee="燃气抢修队")
    d.act(handled.id, "accept", actor="燃气抢修队")
    clock.now += timedelta(minutes=6)  # 11 min: past gas-leak's 10 min acceptance SLA
    escalated = d.sweep()
    assert [(o.id, o.level, o.department) for o in escalated] == [
        (late.id, "street", "街道安全生产监督管理办公室")
    ]
    assert d.sweep() == []
    clock.now += timedelta(minutes=11)
    assert [o.level for o in d.sweep()] == ["district"]
    twin = d.store.tenant().get(late.id)
    assert twin.value("slaStatus") == "breached" and twin.value("level") == "district"
    reopened = WorkOrderDesk(d.store, clock=clock)  # a restart reloads open deadlines
    clock.now += timedelta(minutes=11)
    assert [o.level for o in reopened.sweep()] == ["city"]


def test_reports_need_a_place_and_a_description(desk: tuple[WorkOrderDesk, Clock]) -> None:
    d, _ = desk
    with pytest.raises(Exception, match="location"):
        d.report(Report("water-leak", "somewhere"))
    with pytest.raises(Exception, match="description"):
        d.report(Report("water-leak", "", 113.9, 22.5))
