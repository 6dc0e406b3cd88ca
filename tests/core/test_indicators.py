"""Indicator definitions and their incremental evaluation, checked against direct recomputation."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.indicators.engine import IndicatorEngine
from citytwin.core.indicators.model import IndicatorDef, MeasureKind, Severity, WindowKind, parse_indicator
from citytwin.errors import BadRequestData

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
NANSHAN_YUEHAI = "440305007"  # a real street code of 南山区


def gauge(n: int, admin: str, **attrs: Any) -> Entity:
    values = {"adminCode": [prop(admin)]}
    for name, value in attrs.items():
        values[name] = [prop(value)]
    return Entity(id=f"urn:ngsi-ld:Device:rg{n:04d}", types=("Device",), attrs=values)


seq = iter(range(1, 10**9))


def change(entity: Entity, at: datetime, kind: ChangeKind = ChangeKind.UPDATED) -> EntityChange:
    return EntityChange(
        seq=next(seq),
        tenant="",
        kind=kind,
        entity_id=entity.id,
        types=entity.types,
        entity=None if kind is ChangeKind.DELETED else entity,
        previous=entity if kind is ChangeKind.DELETED else None,
        attrs=tuple(entity.attrs),
        at=at,
    )


def define(**fields: Any) -> IndicatorDef:
    base: dict[str, Any] = {"id": "x", "domain": "water", "entities": {"type": "Device"}, "measure": "count"}
    base.update(fields)
    return parse_indicator(base)


@pytest.mark.parametrize("kind", ["sum", "avg", "min", "max", "percentile"])
def test_instant_aggregates_match_numpy_after_random_updates(kind: str) -> None:
    rng = random.Random(7)
    measure: dict[str, Any] = {"kind": kind, "attr": "pressure"}
    if kind == "percentile":
        measure["percentile"] = 95
    engine = IndicatorEngine(
        [define(id="p", measure=measure, entities={"type": "Device", "admin_code": "440305"})]
    )
    current: dict[int, float] = {}
    for step in range(400):
        n = rng.randrange(40)
        district = rng.choice(["440305", "440304"])  # only 南山 devices count
        value = round(rng.uniform(0.1, 0.6), 3)
        engine.apply(change(gauge(n, f"{district}001001", pressure=value), T0 + timedelta(seconds=step)))
        if district == "440305":
            current[n] = value
        else:
            current.pop(n, None)  # it moved out of the area
        if step % 37 == 0 and current:
            engine.tick(T0 + timedelta(seconds=step))
            values = np.array(list(current.values()))
            expected = {
                "sum": values.sum(),
                "avg": values.mean(),
                "min": values.min(),
                "max": values.max(),
                "percentile": np.percentile(values, 95),
            }[kind]
            assert engine.value("p") == pytest.approx(expected, rel=1e-12)


def test_membership_follows_area_prefixes_filters_and_deletion() -> None:
    engine = IndicatorEngine(
        [
            define(id="city", entities={"type": "Device"}),
            define(id="street", entities={"type": "Device", "admin_code": NANSHAN_YUEHAI}),
            define(id="hospitals", entities={"type": "Device", "q": 'category=="hospital"'}),
        ]
    )
    a = gauge(1, f"{NANSHAN_YUEHAI}001", category="hospital")
    b = gauge(2, "440304001001", category="school")
    for e in (a, b):
        engine.apply(change(e, T0, ChangeKind.CREATED))
    engine.tick(T0)
    assert (engine.value("city"), engine.value("street"), engine.value("hospitals")) == (2, 1, 1)
    engine.apply(change(gauge(1, f"{NANSHAN_YUEHAI}001", category="school"), T0))
    engine.tick(T0 + timedelta(seconds=1))
    assert engine.value("hospitals") == 0
    engine.apply(change(a, T0, ChangeKind.DELETED))
    engine.tick(T0 + timedelta(seconds=2))
    assert (engine.value("city"), engine.value("street")) == (1, 0)


def test_a_patch_keeps_the_cached_area_of_the_entity() -> None:
    engine = IndicatorEngine(
        [
            define(
                id="s",
                measure={"kind": "sum", "attr": "flow"},
                entities={"type": "Device", "admin_code": "440305"},
            )
        ]
    )
    engine.load([gauge(1, "440305001001", flow=2.0)], T0)
    patch = Entity(id=gauge(1, "x").id, types=("Device",), attrs={"flow": [prop(5.0)]})  # no adminCode in it
    engine.apply(change(patch, T0))
    engine.tick(T0)
    assert engine.value("s") == 5.0


def test_sliding_window_max_and_count_age_out() -> None:
    engine = IndicatorEngine(
        [
            define(
                id="max1h", measure={"kind": "max", "attr": "rain"}, window={"kind": "sliding", "size": "1h"}
            ),
            define(
                id="n1h",
                measure={"kind": "count", "attr": "rain"},
                window={"kind": "sliding", "size": "PT1H"},
            ),
        ]
    )
    engine.apply(change(gauge(1, "440305001001", rain=30.0), T0))
    engine.apply(change(gauge(2, "440305001001", rain=12.0), T0 + timedelta(minutes=30)))
    engine.tick(T0 + timedelta(minutes=31))
    assert (engine.value("max1h"), engine.value("n1h")) == (30.0, 2)
    out = engine.tick(T0 + timedelta(minutes=61))  # the 30 mm reading left the window
    assert (engine.value("max1h"), engine.value("n1h")) == (12.0, 1)
    assert {v.id for v in out} == {"max1h", "n1h"}
    engine.tick(T0 + timedelta(minutes=91))
    assert (engine.value("max1h"), engine.value("n1h")) == (None, 0)


def test_observed_at_of_the_reading_places_it_in_the_window() -> None:
    engine = IndicatorEngine(
        [define(id="m", measure={"kind": "max", "attr": "rain"}, window={"size": "5min"})]
    )
    late = gauge(1, "440305001001")
    late.attrs["rain"] = [prop(9.0, observed_at="2026-06-01T07:00:00Z")]  # an hour old, replayed now
    engine.apply(change(late, T0))
    engine.tick(T0)
    assert engine.value("m") is None


def test_tumbling_window_resets_on_the_bucket_boundary() -> None:
    engine = IndicatorEngine(
        [
            define(
                id="sum", measure={"kind": "sum", "attr": "flow"}, window={"kind": "tumbling", "size": "5min"}
            )
        ]
    )
    for i in range(4):
        engine.apply(change(gauge(i, "440305001001", flow=1.5), T0 + timedelta(minutes=i)))
    engine.tick(T0 + timedelta(minutes=4))
    assert engine.value("sum") == 6.0
    engine.tick(T0 + timedelta(minutes=5))
    assert engine.value("sum") == 0.0


def test_rate_online_share_ratio_and_time_above() -> None:
    engine = IndicatorEngine(
        [
            define(
                id="rate", measure={"kind": "rate", "attr": "flow", "per": "1h"}, window={"size": "10min"}
            ),
            define(id="online", measure={"kind": "online_share", "attr": "deviceState", "scale": 100}),
            define(id="all", measure="count"),
            define(id="on", entities={"type": "Device", "q": 'deviceState=="online"'}),
            define(
                id="share", measure={"kind": "ratio", "numerator": "on", "denominator": "all", "scale": 100}
            ),
            define(
                id="above",
                measure={"kind": "time_above", "attr": "level", "threshold": 1.0},
                window={"size": "1h"},
            ),
        ]
    )
    states = ["online", "online", "offline", "online"]
    for i, s in enumerate(states):
        engine.apply(change(gauge(i, "440305001001", deviceState=s, level=0.5), T0))
    for k in range(5):
        engine.apply(
            change(gauge(0, "440305001001", deviceState="online", flow=float(k)), T0 + timedelta(minutes=k))
        )
    engine.tick(T0 + timedelta(minutes=5))
    assert engine.value("rate") == pytest.approx(5 / 600 * 3600)
    assert engine.value("online") == engine.value("share") == 75.0
    engine.apply(change(gauge(3, "440305001001", level=1.4), T0 + timedelta(minutes=5)))
    engine.tick(T0 + timedelta(minutes=5))
    engine.tick(T0 + timedelta(minutes=15))
    assert engine.value("above") == 600.0
    engine.apply(change(gauge(3, "440305001001", level=0.2), T0 + timedelta(minutes=15)))
    engine.tick(T0 + timedelta(minutes=15))
    engine.tick(T0 + timedelta(minutes=40))
    assert engine.value("above") == 600.0
    engine.tick(T0 + timedelta(minutes=70))  # the high spell (5–15 min) is leaving the 1 h window
    assert engine.value("above") == 300.0


def test_thresholds_give_the_most_severe_crossing_and_ticks_report_only_changes() -> None:
    d = define(
        id="lvl",
        measure={"kind": "max", "attr": "level"},
        thresholds=[
            {"op": ">", "value": 0.3, "severity": "warning"},
            {"op": ">=", "value": 0.5, "severity": "critical"},
        ],
    )
    engine = IndicatorEngine([d])
    engine.apply(change(gauge(1, "440305001001", level=0.4), T0))
    first = engine.tick(T0)
    assert [(v.value, v.severity) for v in first] == [(0.4, Severity.WARNING)]
    assert engine.tick(T0 + timedelta(seconds=1)) == []  # nothing changed
    engine.apply(change(gauge(1, "440305001001", level=0.5), T0))
    assert engine.tick(T0 + timedelta(seconds=2))[0].severity is Severity.CRITICAL


def test_explain_shows_set_inputs_and_calculation() -> None:
    engine = IndicatorEngine(
        [
            define(
                id="p95",
                measure={"kind": "percentile", "attr": "noise", "percentile": 95},
                entities={"type": "Device", "admin_code": "440305"},
            )
        ]
    )
    engine.apply(change(gauge(1, "440305001001", noise=61.0), T0))
    engine.tick(T0)
    explained = engine.explain("p95")
    assert explained["entitySet"]["adminCode"] == "440305"
    assert explained["inputs"] == [{"entity": gauge(1, "x").id, "value": 61.0}]
    assert explained["calculation"] == "p95(noise) over members" and explained["value"] == 61.0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"measure": "avg"}, "needs 'attr'"),
        ({"measure": {"kind": "median"}}, "is not one of"),
        ({"measure": {"kind": "percentile", "attr": "a", "percentile": 120}}, "between 0 and 100"),
        ({"measure": {"kind": "rate"}}, "sliding or tumbling"),
        ({"window": {"size": "soon"}}, "not a duration"),
        ({"entities": {"type": "Device", "q": "a=="}}, "entities.q: expected a value"),
        ({"thresholds": [{"op": "=", "value": 1}]}, "needs op"),
        ({"measure": {"kind": "ratio", "numerator": "a"}}, "numerator"),
    ],
)
def test_bad_definitions_are_rejected_with_the_field_named(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(BadRequestData, match=message):
        define(**fields)


def test_unknown_ratio_reference_and_duplicate_ids_are_rejected() -> None:
    with pytest.raises(BadRequestData, match="unknown indicator"):
        IndicatorEngine([define(id="r", measure={"kind": "ratio", "numerator": "a", "denominator": "b"})])
    with pytest.raises(BadRequestData, match="declared twice"):
        IndicatorEngine([define(), define()])


def test_parsed_definition_fields() -> None:
    d = define(
        id="rg-max-1h-440305007",
        name={"zh": "粤海街道雨量计1小时最大雨量", "en": "Max 1 h rainfall"},
        unit="MMT",
        window={"kind": "tumbling", "size": "1d"},
        measure={"kind": "max", "attr": "rain"},
        entities={"type": ["Device"], "admin_code": "440305007", "levels": ["CIM5"]},
        owner="深圳市气象局",
    )
    assert d.window.kind is WindowKind.TUMBLING and d.window.seconds == 86400
    assert d.measure.kind is MeasureKind.MAX and d.area_code == "440305007" and d.name_zh.startswith("粤海")


def test_names_are_checked_so_a_yaml_comma_cannot_split_them() -> None:
    # `{zh: 全市…, en: Max rain, Shenzhen}` parses as three keys in YAML flow style.
    with pytest.raises(BadRequestData, match="'name' must be"):
        define(name={"zh": "全市", "en": "Max rain", "Shenzhen": None})
