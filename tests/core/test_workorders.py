"""Grid-management events: lifecycle, SLA escalation up the levels, and placement on real community codes."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import shapely
from shapely.geometry import box

from citytwin.core.codes import admin
from citytwin.core.workorders.lifecycle import (
    Action,
    CategoryPolicy,
    InvalidTransition,
    Status,
    apply_action,
    escalations_due,
    new_order,
    parse_policy,
)
from citytwin.core.workorders.placement import Placer
from citytwin.errors import BadRequestData

T0 = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
WATER = parse_policy(
    {
        "category": "water-leak",
        "name": "供水管网漏损",
        "departments": {
            "community": "社区工作站",
            "street": "街道城建办",
            "district": "区水务局",
            "city": "市水务局",
        },
        "accept_within": "30min",
        "resolve_within": "4h",
    }
)


def order(community: str | None = "440305007001") -> object:
    return new_order(
        ident="urn:ngsi-ld:GridEvent:e1",
        category="water-leak",
        source="citizen",
        description="科苑路15号门前水管破裂",
        lnglat=(113.95, 22.54),
        community=community,
        grid_code=None,
        at=T0,
        policy=WATER,
        reporter="citizen-001",
    )


def test_full_lifecycle_records_every_transition() -> None:
    o = order()
    assert (o.status, o.level, o.department, o.due_at) == (
        Status.REPORTED,
        "community",
        "社区工作站",
        T0 + timedelta(minutes=30),
    )
    steps = [
        (Action.ASSIGN, "dispatcher", {"assignee": "网格员张三"}),
        (Action.ACCEPT, "网格员张三", {}),
        (Action.START, "网格员张三", {}),
        (Action.RESOLVE, "网格员张三", {"note": "已关阀抢修"}),
        (Action.CLOSE, "dispatcher", {}),
    ]
    for i, (action, actor, extra) in enumerate(steps):
        o = apply_action(o, action, actor=actor, at=T0 + timedelta(minutes=i + 1), policy=WATER, **extra)
    assert o.status is Status.CLOSED and not o.open and o.assignee == "网格员张三"
    assert [(t.action.value, t.to_status.value) for t in o.history[1:]] == [
        ("assign", "assigned"),
        ("accept", "accepted"),
        ("start", "inProgress"),
        ("resolve", "resolved"),
        ("close", "closed"),
    ]
    assert o.history[4].note == "已关阀抢修" and o.history[4].actor == "网格员张三"
    reopened = apply_action(
        o, "reopen", actor="citizen-001", at=T0 + timedelta(hours=2), policy=WATER, note="又漏了"
    )
    assert reopened.status is Status.ASSIGNED and reopened.due_at == T0 + timedelta(hours=2, minutes=30)


@pytest.mark.parametrize(
    ("status_actions", "bad"),
    [((), Action.ACCEPT), ((Action.ASSIGN,), Action.RESOLVE), ((Action.ASSIGN, Action.ACCEPT), Action.CLOSE)],
)
def test_invalid_transitions_name_what_is_allowed(status_actions: tuple[Action, ...], bad: Action) -> None:
    o = order()
    for a in status_actions:
        o = apply_action(o, a, actor="x", at=T0, policy=WATER, assignee="w")
    with pytest.raises(InvalidTransition, match="allowed:"):
        apply_action(o, bad, actor="x", at=T0, policy=WATER)


def test_sla_escalates_community_street_district_city() -> None:
    o = apply_action(order(), Action.ASSIGN, actor="d", at=T0, policy=WATER, assignee="w1")
    now = T0
    levels = []
    while escalations_due(o, now + timedelta(minutes=31)) or o.level == "community":
        now += timedelta(minutes=31)
        assert escalations_due(o, now)
        o = apply_action(o, Action.ESCALATE, actor="sla-timer", at=now, policy=WATER, note="SLA overrun")
        levels.append((o.level, o.department, o.area_at(o.level)))
        if o.level == "city":
            break
    assert levels == [
        ("street", "街道城建办", "440305007"),
        ("district", "区水务局", "440305"),
        ("city", "市水务局", "4403"),
    ]
    assert not escalations_due(o, now + timedelta(days=9))
    with pytest.raises(InvalidTransition, match="city level"):
        apply_action(o, Action.ESCALATE, actor="sla-timer", at=now, policy=WATER)


def test_accepting_moves_the_deadline_to_resolution() -> None:
    o = apply_action(order(), Action.ASSIGN, actor="d", at=T0, policy=WATER, assignee="w1")
    o = apply_action(o, Action.ACCEPT, actor="w1", at=T0 + timedelta(minutes=10), policy=WATER)
    assert o.due_at == T0 + timedelta(hours=4, minutes=10)
    assert not escalations_due(o, T0 + timedelta(hours=4))
    assert escalations_due(o, T0 + timedelta(hours=4, minutes=10))


def test_policy_validation_and_department_fallback() -> None:
    with pytest.raises(BadRequestData, match="departments"):
        parse_policy({"category": "x", "departments": {"village": "a"}})
    with pytest.raises(BadRequestData, match="unknown action"):
        apply_action(order(), "teleport", actor="x", at=T0, policy=WATER)
    sparse = CategoryPolicy("noise", {"community": "社区", "district": "区生态环境局"})
    assert sparse.department("street") == "社区" and sparse.department("city") == "区生态环境局"


def test_placer_finds_the_containing_community_and_snaps_near_misses() -> None:
    cells = {
        "440305007001": box(113.94, 22.53, 113.95, 22.54),
        "440305007002": box(113.95, 22.53, 113.96, 22.54),
    }
    placer = Placer(cells.items(), max_snap_m=300)
    assert placer.place(113.945, 22.535) == "440305007001"
    assert placer.place(113.955, 22.535) == "440305007002"
    assert placer.place(113.955, 22.5415) == "440305007002"  # ~170 m north of the edge: snapped
    assert placer.place(114.5, 22.9) is None


def test_placement_on_the_real_community_partitions_matches_shapely_one_by_one() -> None:
    partitions = pytest.importorskip("citytwin.demo.partitions")
    communities = dict(partitions.community_partitions())
    assert len(communities) == 788
    placer = Placer(communities.items(), max_snap_m=0)
    rng = random.Random(11)
    minx, miny, maxx, maxy = shapely.total_bounds(list(communities.values()))
    lngs = [rng.uniform(minx, maxx) for _ in range(2000)]
    lats = [rng.uniform(miny, maxy) for _ in range(2000)]
    placed = placer.place_many(lngs, lats)
    for lng, lat, code in zip(lngs, lats, placed, strict=True):
        point = shapely.Point(lng, lat)
        containing = {c for c, g in communities.items() if g.covers(point)}
        if code is None:
            assert not containing
        else:
            assert code in containing
            assert admin.lookup(code).level == "community"
    assert sum(c is not None for c in placed) > 500
    grid = Placer.grid_codes(lngs[:3], lats[:3])
    assert all(len(g) == len(grid[0]) and g.startswith("N") for g in grid)
