"""Paths of the engine that the random streams reach rarely: leaving an area, odd values, inputs shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.indicators.engine import IndicatorEngine
from citytwin.core.indicators.model import IndicatorDef, parse_indicator

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
STREET = "440305007"


def define(ident: str, measure: Any, **entities: Any) -> IndicatorDef:
    return parse_indicator(
        {"id": ident, "domain": "test", "measure": measure, "entities": {"type": "Device", **entities}}
    )


def update(name: str, attrs: dict[str, Any], touched: tuple[str, ...] | None = None) -> EntityChange:
    ident = f"urn:ngsi-ld:Device:{name}"
    entity = Entity(id=ident, types=("Device",), attrs={k: [prop(v)] for k, v in attrs.items()})
    touched = tuple(attrs) if touched is None else touched
    return EntityChange(1, "", ChangeKind.UPDATED, ident, ("Device",), entity, None, touched, T0)


def test_removing_the_area_takes_a_twin_out_of_the_area_indicators() -> None:
    engine = IndicatorEngine(
        [define("street", {"kind": "sum", "attr": "flow"}, admin_code=STREET), define("all", "count")]
    )
    engine.apply(update("d1", {"adminCode": f"{STREET}001", "flow": 2.0}))
    engine.tick(T0)
    assert (engine.value("street"), engine.value("all")) == (2.0, 1.0)
    engine.apply(update("d1", {}, touched=("adminCode",)))  # an explicit removal of adminCode
    engine.tick(T0 + timedelta(seconds=1))
    assert (engine.value("street"), engine.value("all")) == (0.0, 1.0)
    engine.apply(update("d1", {"flow": 3.0}))  # still counted where no area is asked for
    engine.apply(update("d1", {"adminCode": f"{STREET}002"}))
    engine.tick(T0 + timedelta(seconds=2))
    assert engine.value("street") == 3.0


def test_values_that_are_no_finite_number_leave_sums_and_extrema() -> None:
    engine = IndicatorEngine(
        [define("sum", {"kind": "sum", "attr": "v"}), define("max", {"kind": "max", "attr": "v"})]
    )
    engine.apply(update("a", {"v": 1.5}))
    engine.apply(update("b", {"v": 4}))
    engine.tick(T0)
    assert (engine.value("sum"), engine.value("max")) == (5.5, 4.0)
    for i, odd in enumerate([10**400, float("nan"), float("inf"), True, "4", None]):
        engine.apply(update("b", {"v": odd}))
        engine.tick(T0 + timedelta(seconds=i + 1))
        assert (engine.value("sum"), engine.value("max")) == (1.5, 1.5), odd
    engine.apply(update("b", {"v": 2.0}))
    engine.tick(T0 + timedelta(seconds=9))
    assert (engine.value("sum"), engine.value("max")) == (3.5, 2.0)


def test_explain_lists_the_members_of_an_unfiltered_indicator_with_their_values() -> None:
    engine = IndicatorEngine([define("p50", {"kind": "percentile", "attr": "v", "percentile": 50})])
    for i, v in enumerate([3.0, "x", 1.0]):
        engine.apply(update(f"d{i}", {"adminCode": f"{STREET}00{i + 1}", "v": v}))
    engine.tick(T0)
    explained = engine.explain("p50")
    assert explained["members"] == 3 and engine.value("p50") == 2.0
    assert sorted((i["entity"].rsplit(":", 1)[1], i["value"]) for i in explained["inputs"]) == [
        ("d0", 3.0),
        ("d1", None),
        ("d2", 1.0),
    ]
    assert len(engine.explain("p50", limit=2)["inputs"]) == 2


def test_a_batch_gives_what_the_same_changes_one_by_one_give() -> None:
    changes = [update(f"d{i % 5}", {"adminCode": f"{STREET}00{i % 3 + 1}", "v": float(i)}) for i in range(40)]
    defs = [define("avg", {"kind": "avg", "attr": "v"}, admin_code=STREET), define("n", "count")]
    one, many = IndicatorEngine(defs), IndicatorEngine(defs)
    for change in changes:
        one.apply(change)
    many.apply_many(iter(changes))
    assert [(v.id, v.value, v.members) for v in one.tick(T0)] == [
        (v.id, v.value, v.members) for v in many.tick(T0)
    ]
