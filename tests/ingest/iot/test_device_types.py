"""Device types as data: every shipped type accepts good readings and rejects bad ones; units convert."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from citytwin.core.devices import (
    HEALTH_FIELDS,
    UNITS,
    DeviceType,
    FieldSpec,
    ReadingProblem,
    Reason,
    check_catalog,
    convert,
    reading_time_us,
)
from citytwin.core.timeutil import to_micros
from citytwin.errors import BadRequestData
from citytwin.ingest.iot.catalog import by_prefix, load_types, shipped_types

TYPES = shipped_types()
REQUIRED = {
    "water-meter",
    "water-pressure",
    "gas-pressure",
    "water-level",
    "rain-gauge",
    "air-quality",
    "noise",
    "traffic-flow",
    "parking-space",
    "elevator-monitor",
    "smoke-detector",
    "structural-tilt",
    "ev-charger",
    "camera",
}
TELEMETRY = sorted(t for t in TYPES if TYPES[t].telemetry)


def good_value(spec: FieldSpec) -> Any:
    """A value inside the field's range, of its kind."""
    if spec.kind == "boolean":
        return True
    if spec.kind == "string":
        return sorted(spec.choices)[0] if spec.choices else "ok"
    lo = spec.minimum if spec.minimum is not None else 0.0
    hi = spec.maximum if spec.maximum is not None else lo + 100
    middle = (lo + hi) / 2
    return int(middle) if spec.kind == "integer" else middle


def test_every_required_type_ships_with_a_unique_code() -> None:
    assert set(TYPES) >= REQUIRED
    assert len(by_prefix(TYPES)) == len(TYPES)


def test_units_are_un_cefact_codes_the_catalogue_knows() -> None:
    for kind in TYPES.values():
        for spec in kind.fields.values():
            if spec.kind in ("number", "integer") and spec.unit is not None:
                assert spec.unit in UNITS, (kind.id, spec.name)
                assert set(spec.inputs) <= set(UNITS)
        assert kind.twin_types or kind.id == "camera"
        assert kind.reporting_interval_s or not kind.telemetry


@pytest.mark.parametrize("type_id", TELEMETRY)
def test_each_type_accepts_a_full_good_reading(type_id: str) -> None:
    kind = TYPES[type_id]
    values = {name: good_value(spec) for name, spec in kind.fields.items()}
    values["batteryLevel"] = 0.5
    values["rssi"] = -80
    out = kind.normalise(values)
    assert set(out) == set(values)
    for name, spec in kind.fields.items():
        if spec.kind in ("number", "integer"):
            assert out[name] == pytest.approx(values[name])
        else:
            assert out[name] == values[name]


@pytest.mark.parametrize("type_id", TELEMETRY)
def test_each_type_rejects_out_of_range_wrong_fields_and_wrong_kinds(type_id: str) -> None:
    kind = TYPES[type_id]
    for name, spec in kind.fields.items():
        if spec.maximum is not None:
            with pytest.raises(ReadingProblem) as high:
                kind.normalise({name: spec.maximum + abs(spec.maximum) * 0.5 + 1})
            assert high.value.reason is Reason.OUT_OF_RANGE
        if spec.minimum is not None:
            with pytest.raises(ReadingProblem) as low:
                kind.normalise({name: spec.minimum - abs(spec.minimum) * 0.5 - 1})
            assert low.value.reason is Reason.OUT_OF_RANGE
        wrong = "high" if spec.kind in ("number", "integer", "boolean") else 12.5
        with pytest.raises(ReadingProblem) as bad:
            kind.normalise({name: wrong})
        assert bad.value.reason is Reason.BAD_VALUE
    with pytest.raises(ReadingProblem) as foreign:
        kind.normalise({"notAField": 1})
    assert foreign.value.reason is Reason.WRONG_TYPE
    with pytest.raises(ReadingProblem) as empty:
        kind.normalise({})
    assert empty.value.reason is Reason.WRONG_TYPE


def test_a_field_of_another_type_is_wrong_type() -> None:
    with pytest.raises(ReadingProblem) as err:
        TYPES["water-pressure"].normalise({"pm25": 35})
    assert err.value.reason is Reason.WRONG_TYPE
    assert "pm25" in err.value.detail


def test_cameras_take_no_telemetry() -> None:
    camera = TYPES["camera"]
    assert not camera.telemetry
    assert camera.reporting_interval_s is None
    assert {"streamUrl", "viewDirection", "owner"} <= {n for n, s in camera.static.items() if s.required}
    with pytest.raises(ReadingProblem) as err:
        camera.normalise({"batteryLevel": 0.5})
    assert err.value.reason is Reason.WRONG_TYPE


@pytest.mark.parametrize(
    ("type_id", "field", "sent", "expected"),
    [
        ("water-pressure", "pressure", {"value": 0.32, "unitCode": "MPA"}, 320.0),
        ("water-pressure", "pressure", {"value": 3.2, "unitCode": "BAR"}, 320.0),
        ("water-pressure", "pressure", {"value": 320000, "unitCode": "PAL"}, 320.0),
        ("water-pressure", "pressure", {"value": 320, "unitCode": "KPA"}, 320.0),
        ("gas-pressure", "pressure", {"value": 35, "unitCode": "A97"}, 3.5),
        ("water-level", "level", {"value": 125, "unitCode": "CMT"}, 1.25),
        ("water-level", "level", {"value": 800, "unit": "MMT"}, 0.8),
        ("air-quality", "temperature", {"value": 68, "unitCode": "FAH"}, 20.0),
        ("air-quality", "temperature", {"value": 293.15, "unitCode": "KEL"}, 20.0),
        ("air-quality", "pm25", {"value": 0.035, "unitCode": "GP"}, 35.0),
        ("air-quality", "humidity", {"value": 0.65, "unitCode": "C62"}, 65.0),
        ("traffic-flow", "averageSpeed", {"value": 15, "unitCode": "MTS"}, 54.0),
        ("traffic-flow", "occupancy", {"value": 35, "unitCode": "P1"}, 0.35),
        ("water-meter", "volume", {"value": 1500, "unitCode": "LTR"}, 1.5),
        ("water-meter", "flowRate", {"value": 50, "unitCode": "L2"}, 3.0),
        ("ev-charger", "power", {"value": 7400, "unitCode": "WTT"}, 7.4),
        ("rain-gauge", "rainfall", {"value": 1.2, "unitCode": "CMT"}, 12.0),
        ("structural-tilt", "crackWidth", {"value": 0.05, "unitCode": "CMT"}, 0.5),
        ("water-pressure", "batteryLevel", {"value": 87, "unitCode": "P1"}, 0.87),
    ],
)
def test_input_units_convert_to_the_canonical_unit(
    type_id: str, field: str, sent: dict[str, Any], expected: float
) -> None:
    assert TYPES[type_id].normalise({field: sent})[field] == expected


def test_a_unit_the_field_does_not_accept_is_bad_unit() -> None:
    with pytest.raises(ReadingProblem) as err:
        TYPES["water-pressure"].normalise({"pressure": {"value": 3, "unitCode": "MTR"}})
    assert err.value.reason is Reason.BAD_UNIT
    with pytest.raises(ReadingProblem) as text_unit:
        TYPES["parking-space"].normalise({"status": {"value": "free", "unitCode": "C62"}})
    assert text_unit.value.reason is Reason.BAD_UNIT
    with pytest.raises(ReadingProblem) as no_value:
        TYPES["water-pressure"].normalise({"pressure": {"unitCode": "KPA"}})
    assert no_value.value.reason is Reason.BAD_VALUE


def test_range_applies_after_conversion() -> None:
    with pytest.raises(ReadingProblem) as err:
        TYPES["water-pressure"].normalise({"pressure": {"value": 2.6, "unitCode": "MPA"}})  # 2600 kPa
    assert err.value.reason is Reason.OUT_OF_RANGE
    assert "2600" in err.value.detail


def test_integers_and_enums() -> None:
    traffic = TYPES["traffic-flow"]
    assert traffic.normalise({"vehicleCount": 42.0})["vehicleCount"] == 42
    with pytest.raises(ReadingProblem) as frac:
        traffic.normalise({"vehicleCount": 4.5})
    assert frac.value.reason is Reason.BAD_VALUE
    with pytest.raises(ReadingProblem) as nan:
        traffic.normalise({"averageSpeed": float("nan")})
    assert nan.value.reason is Reason.BAD_VALUE
    with pytest.raises(ReadingProblem) as choice:
        TYPES["parking-space"].normalise({"status": "parked"})
    assert choice.value.reason is Reason.OUT_OF_RANGE
    with pytest.raises(ReadingProblem) as boolean:
        TYPES["smoke-detector"].normalise({"smoke": 1})
    assert boolean.value.reason is Reason.BAD_VALUE


def test_convert_between_units_of_one_dimension() -> None:
    assert convert(1, "MPA", "KPA") == pytest.approx(1000)
    assert convert(250, "KPA", "MPA") == pytest.approx(0.25)
    assert convert(1, "MTR", "MMT") == pytest.approx(1000)
    assert convert(36, "KMH", "MTS") == pytest.approx(10)
    assert convert(100, "CEL", "FAH") == pytest.approx(212)
    assert convert(1, "MQS", "MQH") == pytest.approx(3600)
    with pytest.raises(BadRequestData, match="cannot convert"):
        convert(1, "KPA", "MTR")
    with pytest.raises(BadRequestData, match="unknown unit"):
        convert(1, "PSI", "KPA")


def test_health_fields_are_shared_by_every_telemetry_type() -> None:
    assert set(HEALTH_FIELDS) == {"batteryLevel", "rssi"}
    assert all(spec.device for spec in HEALTH_FIELDS.values())
    with pytest.raises(ReadingProblem):
        TYPES["noise"].normalise({"rssi": -200})


RECEIVED = to_micros(datetime(2025, 6, 1, 8, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-06-01T07:59:00Z", RECEIVED - 60_000_000),
        ("2025-06-01T15:59:00+08:00", RECEIVED - 60_000_000),
        ("2025-06-01T07:59:00", RECEIVED - 60_000_000),
        (1748764740, RECEIVED - 60_000_000),
        (1748764740000, RECEIVED - 60_000_000),
        (1748764740.5, RECEIVED - 59_500_000),
        (None, RECEIVED),
    ],
)
def test_reading_times(raw: Any, expected: int) -> None:
    assert reading_time_us(raw, RECEIVED) == expected


@pytest.mark.parametrize(
    ("raw", "received", "reason"),
    [
        (None, None, Reason.MISSING_TIME),
        ("yesterday", RECEIVED, Reason.BAD_TIME),
        (True, RECEIVED, Reason.BAD_TIME),
        (0, RECEIVED, Reason.BAD_TIME),
        ("2025-06-01T08:10:00Z", RECEIVED, Reason.BAD_TIME),
    ],
)
def test_bad_reading_times(raw: Any, received: int | None, reason: Reason) -> None:
    with pytest.raises(ReadingProblem) as err:
        reading_time_us(raw, received)
    assert err.value.reason is reason


def test_declarations_are_checked() -> None:
    base = {"id": "probe", "domain": "water", "code": "9Z", "reportingInterval": 60, "fields": {"x": {}}}
    assert DeviceType.from_dict(base).fields["x"].kind == "number"
    cases = [
        ({**base, "colour": "red"}, "unknown keys"),
        ({**base, "id": "Probe"}, "lower-case"),
        ({**base, "domain": "sewage"}, "domain"),
        ({**base, "code": "00"}, "code"),
        ({**base, "reportingInterval": None}, "reportingInterval"),
        ({**base, "fields": {"x": {"unitCode": "PSI"}}}, "unknown unit"),
        ({**base, "fields": {"x": {"unitCode": "KPA", "inputUnits": ["MTR"]}}}, "cannot convert"),
        ({**base, "fields": {"x": {"range": [5, 1]}}}, "above the maximum"),
        ({**base, "fields": {"x": {"kind": "boolean", "unitCode": "KPA"}}}, "only numbers"),
        ({**base, "fields": {"batteryLevel": {}}}, "health fields"),
    ]
    for data, needle in cases:
        with pytest.raises(BadRequestData, match=needle):
            DeviceType.from_dict(data)
    with pytest.raises(BadRequestData, match="share the code"):
        check_catalog([DeviceType.from_dict(base), DeviceType.from_dict({**base, "id": "probe-2"})])


def test_extra_types_load_from_a_folder(tmp_path: Path) -> None:
    (tmp_path / "valve.yaml").write_text(
        "id: valve-actuator\ndomain: water\ncode: '09'\nreportingInterval: 600\n"
        "twinTypes: [Valve]\nfields:\n  opening: {unitCode: P1, range: [0, 100]}\n",
        encoding="utf-8",
    )
    types = load_types([tmp_path])
    assert "valve-actuator" in types and "water-pressure" in types
    assert types["valve-actuator"].normalise({"opening": 40}) == {"opening": 40}
    (tmp_path / "clash.yaml").write_text(
        "id: clash\ndomain: water\ncode: '02'\nreportingInterval: 60\n", encoding="utf-8"
    )
    with pytest.raises(BadRequestData, match="share the code"):
        load_types([tmp_path])


def test_describe_is_json_ready() -> None:
    described = TYPES["water-pressure"].describe()
    assert described["codePrefix"] == "W02"
    assert described["fields"]["pressure"]["unitCode"] == "KPA"
    assert described["fields"]["pressure"]["inputUnits"] == ["BAR", "MPA", "PAL"]
