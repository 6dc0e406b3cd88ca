"""Alert rules: each kind raises and resolves when it should, once, with suppression and a driven clock."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from citytwin.core.alerts.engine import AlertEngine, active_seconds
from citytwin.core.alerts.model import AlertState, RuleDef, parse_rule
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.errors import BadRequestData

# 2026-06-01 00:00 Beijing time (UTC+8) is 2026-05-31 16:00 UTC.
MIDNIGHT_BJ = datetime(2026, 5, 31, 16, 0, tzinfo=UTC)
_seq = iter(range(1, 10**9))


def twin(ident: str, etype: str = "Device", admin: str = "440305007001", **attrs: Any) -> Entity:
    values = {"adminCode": [prop(admin)]}
    for name, value in attrs.items():
        values[name] = [value if hasattr(value, "type") else prop(value)]
    return Entity(id=f"urn:ngsi-ld:{etype}:{ident}", types=(etype,), attrs=values)


def change(entity: Entity, at: datetime) -> EntityChange:
    return EntityChange(
        next(_seq), "", ChangeKind.UPDATED, entity.id, entity.types, entity, None, tuple(entity.attrs), at
    )


def rule(**fields: Any) -> RuleDef:
    base: dict[str, Any] = {"id": "r", "entities": {"type": "Device"}}
    base.update(fields)
    return parse_rule(base)


def states(alerts: list[Any]) -> list[tuple[str, str]]:
    return [(a.rule_id, a.state.value) for a in alerts]


def test_threshold_with_hysteresis_raises_once_and_clears_below_the_clear_bound() -> None:
    engine = AlertEngine(
        [rule(kind="threshold", attr="level", op=">", value=1.5, clear=1.2, severity="major")]
    )
    t = MIDNIGHT_BJ
    seen = []
    for i, level in enumerate([1.0, 1.6, 1.8, 1.4, 1.3, 1.1, 1.7]):
        seen += engine.apply(change(twin("m1", level=level), t + timedelta(minutes=i)))
    assert states(seen) == [("r", "raised"), ("r", "resolved"), ("r", "raised")]
    assert seen[0].value == 1.6 and seen[0].severity.value == "major" and seen[1].value == 1.1


def test_suppression_keeps_a_flapping_condition_quiet() -> None:
    engine = AlertEngine([rule(kind="threshold", attr="level", value=1.0, suppress="10min")])
    t = MIDNIGHT_BJ
    out = engine.apply(change(twin("m1", level=2.0), t))
    out += engine.apply(change(twin("m1", level=0.5), t + timedelta(minutes=1)))
    out += engine.apply(change(twin("m1", level=2.0), t + timedelta(minutes=5)))  # suppressed
    out += engine.apply(change(twin("m1", level=0.5), t + timedelta(minutes=6)))
    out += engine.apply(change(twin("m1", level=2.0), t + timedelta(minutes=12)))  # quiet period over
    assert states(out) == [("r", "raised"), ("r", "resolved"), ("r", "raised")]


def test_area_and_filter_scope_the_rule() -> None:
    engine = AlertEngine(
        [
            rule(
                kind="threshold",
                attr="level",
                value=1.0,
                entities={"type": "Device", "admin_code": "440305", "q": 'kind=="manhole"'},
            )
        ]
    )
    t = MIDNIGHT_BJ
    assert engine.apply(change(twin("a", admin="440304001001", kind="manhole", level=3.0), t)) == []
    assert engine.apply(change(twin("b", kind="hydrant", level=3.0), t)) == []
    assert states(engine.apply(change(twin("c", kind="manhole", level=3.0), t))) == [("r", "raised")]


def test_rate_of_change_in_a_window_and_resolution_by_sweep() -> None:
    engine = AlertEngine([rule(kind="rate", attr="level", max_change=0.5, window="10min", direction="up")])
    t = MIDNIGHT_BJ
    out = engine.apply(change(twin("m", level=0.2), t))
    out += engine.apply(change(twin("m", level=0.4), t + timedelta(minutes=4)))
    out += engine.apply(change(twin("m", level=1.0), t + timedelta(minutes=8)))  # +0.8 in 8 min
    assert states(out) == [("r", "raised")]
    assert out[0].value == pytest.approx(0.8)
    assert engine.sweep(t + timedelta(minutes=13)) == []  # 0.4 → 1.0 (+0.6) still inside the window
    assert states(engine.sweep(t + timedelta(minutes=19))) == [("r", "resolved")]


def test_silent_device_past_its_interval() -> None:
    engine = AlertEngine(
        [rule(kind="absence", silent_for="15min", severity="warning", category="device-offline")]
    )
    t = MIDNIGHT_BJ
    engine.load([twin("g1"), twin("g2")], t)
    engine.apply(change(twin("g2"), t + timedelta(minutes=10)))
    raised = engine.sweep(t + timedelta(minutes=16))
    assert [(a.entity_id, a.state) for a in raised] == [(twin("g1").id, AlertState.RAISED)]
    assert raised[0].category == "device-offline"
    assert engine.sweep(t + timedelta(minutes=17)) == []  # de-duplicated
    back = engine.apply(change(twin("g1"), t + timedelta(minutes=20)))
    assert [(a.entity_id, a.state) for a in back] == [(twin("g1").id, AlertState.RESOLVED)]


def test_elderly_living_alone_water_meter_rule() -> None:
    """4 daytime hours (07–22 local) without flow from a meter in normal use raise; night is ignored."""
    elderly = rule(
        id="elderly-no-water",
        kind="absence",
        attr="flow",
        min_value=0.0,
        silent_for="4h",
        active_hours=[7, 22],
        baseline="7d",
        severity="critical",
        category="elderly-care",
        entities={"type": "WaterMeter", "q": "livesAlone==true"},
    )
    engine = AlertEngine([elderly])
    meter = lambda flow: twin("wm1", "WaterMeter", livesAlone=True, flow=flow)  # noqa: E731
    day = MIDNIGHT_BJ
    engine.apply(change(meter(0.02), day + timedelta(hours=21)))  # last use 21:00 local
    for h in range(22, 34):  # zero-flow readings through the night and next morning
        assert engine.apply(change(meter(0.0), day + timedelta(hours=h))) == []
    # 21:00→22:00 is 1 active hour; 07:00→10:00 next day is 3 more: exactly 4 h of daytime silence at 10:00.
    assert engine.sweep(day + timedelta(hours=33, minutes=59)) == []
    raised = engine.sweep(day + timedelta(hours=34))
    assert states(raised) == [("elderly-no-water", "raised")] and raised[0].severity.value == "critical"
    resolved = engine.apply(change(meter(0.05), day + timedelta(hours=35)))
    assert states(resolved) == [("elderly-no-water", "resolved")]
    # A meter that never had flow (empty flat) is not "normally in use": no alert however long it is silent.
    empty = AlertEngine([elderly])
    empty.apply(change(twin("wm2", "WaterMeter", livesAlone=True, flow=0.0), day))
    assert empty.sweep(day + timedelta(days=3)) == []


def test_active_seconds_against_brute_force() -> None:
    rng = random.Random(3)
    base = MIDNIGHT_BJ.timestamp()
    for _ in range(200):
        a = base + rng.uniform(0, 3 * 86400)
        b = a + rng.uniform(0, 2 * 86400)
        hours = (rng.randint(0, 12), rng.randint(12, 24))
        brute = sum(
            60
            for m in range(int(a // 60) + 1, int(b // 60) + 1)
            if hours[0] <= ((m * 60 + 8 * 3600) % 86400) / 3600 < hours[1]
        )
        assert active_seconds(a, b, hours, 8.0) == pytest.approx(brute, abs=120)


def test_geofence_enter_exit_and_dwell() -> None:
    fence = [[114.00, 22.50], [114.02, 22.50], [114.02, 22.52], [114.00, 22.52]]
    engine = AlertEngine(
        [
            rule(id="in", kind="geofence", polygon=fence, trigger="enter", entities={"type": "Vehicle"}),
            rule(id="out", kind="geofence", polygon=fence, trigger="exit", entities={"type": "Vehicle"}),
            rule(
                id="stay",
                kind="geofence",
                polygon=fence,
                trigger="dwell",
                dwell="10min",
                entities={"type": "Vehicle"},
            ),
        ]
    )
    at = lambda lng, lat: twin("hz1", "Vehicle", location=geo({"type": "Point", "coordinates": [lng, lat]}))  # noqa: E731
    t = MIDNIGHT_BJ
    assert engine.apply(change(at(113.99, 22.51), t)) == []
    assert states(engine.apply(change(at(114.01, 22.51), t + timedelta(minutes=1)))) == [("in", "raised")]
    assert engine.sweep(t + timedelta(minutes=5)) == []
    assert states(engine.sweep(t + timedelta(minutes=11))) == [("stay", "raised")]
    left = engine.apply(change(at(114.03, 22.51), t + timedelta(minutes=12)))
    assert sorted(states(left)) == [("in", "resolved"), ("out", "raised"), ("stay", "resolved")]


def test_composite_rule_needs_both_within_the_window() -> None:
    engine = AlertEngine(
        [
            rule(id="smoke", kind="threshold", attr="smoke", value=0.5),
            rule(id="heat", kind="threshold", attr="temperature", value=60),
            rule(id="fire", kind="composite", all_of=["smoke", "heat"], within="2min", severity="critical"),
        ]
    )
    t = MIDNIGHT_BJ
    out = engine.apply(change(twin("b1", smoke=0.8), t))
    out += engine.apply(change(twin("b1", temperature=70), t + timedelta(minutes=1)))
    assert states(out) == [("smoke", "raised"), ("heat", "raised"), ("fire", "raised")]
    assert states(engine.apply(change(twin("b1", smoke=0.1), t + timedelta(minutes=2)))) == [
        ("smoke", "resolved"),
        ("fire", "resolved"),
    ]
    late = engine.apply(change(twin("b2", smoke=0.8), t))
    late += engine.apply(change(twin("b2", temperature=70), t + timedelta(minutes=5)))
    assert states(late) == [("smoke", "raised"), ("heat", "raised")]


def test_rules_on_indicators() -> None:
    engine = AlertEngine(
        [
            rule(
                id="rain",
                kind="threshold",
                attr="value",
                value=50,
                entities={"type": "CityIndicator", "q": 'domain=="environment"'},
            )
        ]
    )
    indicator = twin(
        "rain-max-1h-440305007", "CityIndicator", admin="440305007", domain="environment", value=63.0
    )
    assert states(engine.apply(change(indicator, MIDNIGHT_BJ))) == [("rain", "raised")]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "spike"}, "kind must be one of"),
        ({"kind": "threshold"}, "needs 'attr'"),
        ({"kind": "threshold", "attr": "a", "value": 1, "clear": 2}, "normal side"),
        ({"kind": "rate", "attr": "a", "max_change": 1, "window": "x"}, "not a duration"),
        ({"kind": "absence", "silent_for": "1h", "active_hours": [7, 30]}, "active_hours"),
        ({"kind": "geofence", "polygon": [[1, 2]]}, "at least 3 points"),
        ({"kind": "composite", "all_of": ["a"], "within": "1min"}, "at least two"),
        ({"kind": "threshold", "attr": "a", "value": 1, "severity": "meh"}, "severity"),
    ],
)
def test_bad_rules_are_rejected(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(BadRequestData, match=message):
        rule(**fields)


def test_composite_with_unknown_parts_is_rejected() -> None:
    with pytest.raises(BadRequestData, match="unknown rule"):
        AlertEngine([rule(id="c", kind="composite", all_of=["a", "b"], within="1min")])


def test_filters_read_the_twin_state_when_a_reading_carries_only_its_values() -> None:
    """Readings update only what the device measures; the rule's filter reads what the twin said before."""
    engine = AlertEngine(
        [
            rule(
                id="elderly",
                kind="absence",
                attr="waterFlow",
                min_value=0.0,
                silent_for="1h",
                entities={"type": "BuildingUnit", "q": "livesAlone==true"},
            ),
            rule(
                id="hot",
                kind="threshold",
                attr="t",
                value=30,
                entities={"type": "BuildingUnit", "q": "livesAlone==true"},
            ),
        ]
    )
    t = MIDNIGHT_BJ
    engine.load(
        [
            twin("u1", "BuildingUnit", livesAlone=True, waterFlow=0.0),
            twin("u2", "BuildingUnit", livesAlone=False),
        ],
        t,
    )

    def patch(ident, **a):
        return Entity(
            id=f"urn:ngsi-ld:BuildingUnit:{ident}",
            types=("BuildingUnit",),
            attrs={k: [prop(v)] for k, v in a.items()},
        )

    engine.apply(change(patch("u1", waterFlow=0.2), t))
    assert states(engine.apply(change(patch("u1", t=35.0), t))) == [("hot", "raised")]
    assert engine.apply(change(patch("u2", t=35.0), t)) == []
    assert states(engine.sweep(t + timedelta(hours=1, minutes=1))) == [("elderly", "raised")]
    engine.apply(change(patch("u1", livesAlone=False), t + timedelta(hours=2)))  # no longer living alone
    assert engine.apply(change(patch("u1", t=36.0), t + timedelta(hours=2))) == []


def test_shipped_vehicle_geofences_watch_only_their_vehicle_kinds() -> None:
    from citytwin.analytics.alerts import load_rules

    engine = AlertEngine(load_rules())

    def vehicle(ident: str, kind: str, lng: float, lat: float) -> Entity:
        return Entity(
            id=f"urn:ngsi-ld:Vehicle:{ident}",
            types=("Vehicle",),
            attrs={
                "vehicleType": [prop(kind)],
                "location": [geo({"type": "Point", "coordinates": [lng, lat]})],
            },
        )

    t = MIDNIGHT_BJ
    for ident, kind in (("h1", "hazardous-goods"), ("m1", "muck-truck"), ("t1", "taxi")):
        assert engine.apply(change(vehicle(ident, kind, 114.02, 22.54), t)) == []  # west of the CBD
    inside = t + timedelta(minutes=1)
    raised = [
        a
        for k in ("h1", "m1", "t1")
        for a in engine.apply(
            change(
                vehicle(k, {"h1": "hazardous-goods", "m1": "muck-truck", "t1": "taxi"}[k], 114.058, 22.538),
                inside,
            )
        )
    ]
    assert states(raised) == [("hazardous-goods-in-cbd", "raised")]
    assert states(engine.sweep(t + timedelta(minutes=17))) == [("muck-truck-dwelling-in-cbd", "raised")]
