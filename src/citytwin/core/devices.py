"""Device types as data: telemetry fields with UN/CEFACT units and ranges, unit normalisation, validation.

A :class:`DeviceType` is declared in YAML (``citytwin/data/devices/*.yaml``, loaded by
:mod:`citytwin.ingest.iot.catalog`) and parsed here by :meth:`DeviceType.from_dict`, so the rules live in
the pure core and the files stay plain data. Each telemetry field names its canonical unit (a UN/CEFACT
Recommendation 20 common code, used as the NGSI-LD ``unitCode``), its valid range, the input units it
accepts (converted to the canonical one) and the twin attribute it updates.

Validation raises :class:`ReadingProblem` with a :class:`Reason`: the ingest pipeline turns those into dead
letters. The per-value path is a dictionary lookup, a multiply-add and two comparisons: it runs for every
value of every reading.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from citytwin.core.codes.device_code import DOMAINS, domain_letter
from citytwin.core.entities import check_name
from citytwin.errors import BadRequestData, CitytwinError

__all__ = [
    "HEALTH_FIELDS",
    "UNITS",
    "DeviceType",
    "FieldSpec",
    "ReadingProblem",
    "Reason",
    "StaticSpec",
    "Unit",
    "convert",
    "reading_time_us",
]


class Reason(StrEnum):
    """Why a reading went to the dead-letter store (a closed set: it is part of the API)."""

    UNPARSABLE = "unparsable"
    """Not JSON, or not the shape of a reading."""
    MISSING_DEVICE = "missing_device"
    """Neither the transport nor the payload names the device."""
    BAD_CODE = "bad_code"
    """The device code is malformed or fails its check character."""
    UNKNOWN_DEVICE = "unknown_device"
    """A well-formed code that is not registered (in this tenant)."""
    WRONG_TYPE = "wrong_type"
    """The reading has fields its device type does not declare (or none at all)."""
    BAD_VALUE = "bad_value"
    """A value of the wrong kind (text for a number ...)."""
    BAD_UNIT = "bad_unit"
    """A unit the field does not accept."""
    OUT_OF_RANGE = "out_of_range"
    """A number outside the field's valid range."""
    MISSING_TIME = "missing_time"
    """No time in the reading and none from the transport."""
    BAD_TIME = "bad_time"
    """An unparsable time, or one too far in the future or the past."""
    BAD_KEY = "bad_key"
    """The payload's device key or signature is not the one of the device its topic names (never replayed)."""


class ReadingProblem(CitytwinError):
    """A reading that cannot be accepted; ``reason`` says which rule it broke."""

    status = 400
    problem = "BadRequestData"
    title = "Rejected reading"

    def __init__(self, reason: Reason, detail: str, **extra: Any) -> None:
        super().__init__(detail, reason=reason.value, **extra)
        self.reason = reason


# -- units ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A UN/CEFACT Rec 20 unit: ``base = value * factor + offset`` in its dimension's base unit."""

    code: str
    name: str
    dimension: str
    factor: float
    offset: float = 0.0


# Every code below was checked against UN/CEFACT Recommendation 20 (Annex III, common codes).
_UNIT_LIST = (
    Unit("CEL", "degree Celsius", "temperature", 1.0, 273.15),
    Unit("KEL", "kelvin", "temperature", 1.0),
    Unit("FAH", "degree Fahrenheit", "temperature", 5 / 9, 459.67 * 5 / 9),
    Unit("PAL", "pascal", "pressure", 1.0),
    Unit("A97", "hectopascal", "pressure", 100.0),
    Unit("MBR", "millibar", "pressure", 100.0),
    Unit("KPA", "kilopascal", "pressure", 1e3),
    Unit("BAR", "bar [unit of pressure]", "pressure", 1e5),
    Unit("MPA", "megapascal", "pressure", 1e6),
    Unit("MMT", "millimetre", "length", 1e-3),
    Unit("CMT", "centimetre", "length", 1e-2),
    Unit("MTR", "metre", "length", 1.0),
    Unit("LTR", "litre", "volume", 1e-3),
    Unit("MTQ", "cubic metre", "volume", 1.0),
    Unit("E32", "litre per hour", "flow", 1e-3 / 3600),
    Unit("L2", "litre per minute", "flow", 1e-3 / 60),
    Unit("MQH", "cubic metre per hour", "flow", 1 / 3600),
    Unit("MQS", "cubic metre per second", "flow", 1.0),
    Unit("H67", "millimetre per hour", "rain rate", 1e-3 / 3600),
    Unit("GQ", "microgram per cubic metre", "mass concentration", 1e-9),
    Unit("GP", "milligram per cubic metre", "mass concentration", 1e-6),
    Unit("59", "part per million", "ratio", 1e-6),
    Unit("P1", "percent", "ratio", 1e-2),
    Unit("C62", "one", "ratio", 1.0),
    Unit("2N", "decibel", "level", 1.0),
    Unit("DD", "degree [unit of angle]", "angle", 1.0),
    Unit("MTS", "metre per second", "speed", 1.0),
    Unit("KMH", "kilometre per hour", "speed", 1 / 3.6),
    Unit("MSK", "metre per second squared", "acceleration", 1.0),
    Unit("KGM", "kilogram", "mass", 1.0),
    Unit("WTT", "watt", "power", 1.0),
    Unit("KWT", "kilowatt", "power", 1e3),
    Unit("KWH", "kilowatt hour", "energy", 3.6e6),
    Unit("VLT", "volt", "voltage", 1.0),
    Unit("AMP", "ampere", "current", 1.0),
    Unit("SEC", "second [unit of time]", "time", 1.0),
    Unit("MIN", "minute [unit of time]", "time", 60.0),
    Unit("HUR", "hour", "time", 3600.0),
)
UNITS: Mapping[str, Unit] = MappingProxyType({u.code: u for u in _UNIT_LIST})


def _unit(code: str, where: str) -> Unit:
    found = UNITS.get(code)
    if found is None:
        raise BadRequestData(f"{where}: unknown unit code {code!r}; known: {', '.join(sorted(UNITS))}")
    return found


def conversion(source: str, target: str) -> tuple[float, float]:
    """``(a, b)`` such that a value in ``source`` is ``value * a + b`` in ``target`` (same dimension)."""
    src, dst = _unit(source, "conversion"), _unit(target, "conversion")
    if src.dimension != dst.dimension:
        raise BadRequestData(f"cannot convert {source} ({src.dimension}) to {target} ({dst.dimension})")
    scale = src.factor / dst.factor
    return scale, (src.offset - dst.offset) / dst.factor


def convert(value: float, source: str, target: str) -> float:
    """``value`` in unit ``source`` expressed in unit ``target``."""
    a, b = conversion(source, target)
    return value * a + b


# -- fields ---------------------------------------------------------------------------------------------

_KINDS = frozenset({"number", "integer", "boolean", "string"})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One telemetry field: kind, canonical unit, valid range, accepted input units, target attribute."""

    name: str
    attribute: str
    kind: str = "number"
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    inputs: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """Accepted input unit → (scale, offset) to the canonical unit (the canonical unit maps to (1, 0))."""
    choices: frozenset[str] = frozenset()
    device: bool = False
    """Written to the Device entity (battery, signal) instead of the bound twin."""
    description: str = ""

    def normalise(self, raw: Any) -> Any:
        """The value in the canonical unit; raises ReadingProblem (bad_value, bad_unit, out_of_range)."""
        unit = None
        if type(raw) is dict:
            unit = raw.get("unitCode", raw.get("unit"))
            if "value" not in raw:
                raise ReadingProblem(Reason.BAD_VALUE, f"{self.name}: an object value needs a 'value' member")
            raw = raw["value"]
        kind = self.kind
        if kind in ("number", "integer"):
            if type(raw) is bool or not isinstance(raw, int | float):
                raise ReadingProblem(Reason.BAD_VALUE, f"{self.name}: expected a number, got {raw!r}")
            value: float | int = raw
            if unit is not None and unit != self.unit:
                rule = self.inputs.get(unit)
                if rule is None:
                    accepted = ", ".join(sorted(self.inputs)) or "none"
                    raise ReadingProblem(
                        Reason.BAD_UNIT, f"{self.name}: unit {unit!r} not accepted (accepted: {accepted})"
                    )
                # 12 significant digits: a conversion must not turn 68 °F into 20.000000000000007 °C.
                value = float(f"{raw * rule[0] + rule[1]:.12g}")
            if not math.isfinite(value):
                raise ReadingProblem(Reason.BAD_VALUE, f"{self.name}: {raw!r} is not a finite number")
            if kind == "integer":
                if value != int(value):
                    raise ReadingProblem(Reason.BAD_VALUE, f"{self.name}: expected an integer, got {raw!r}")
                value = int(value)
            lo, hi = self.minimum, self.maximum
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                raise ReadingProblem(
                    Reason.OUT_OF_RANGE,
                    f"{self.name}: {value:g} {self.unit or ''} outside [{_fmt(lo)}, {_fmt(hi)}]".replace(
                        "  ", " "
                    ),
                )
            return value
        if unit is not None:
            raise ReadingProblem(Reason.BAD_UNIT, f"{self.name}: a {kind} value takes no unit")
        if kind == "boolean":
            if type(raw) is not bool:
                raise ReadingProblem(Reason.BAD_VALUE, f"{self.name}: expected true or false, got {raw!r}")
            return raw
        if not isinstance(raw, str):
            raise ReadingProblem(Reason.BAD_VALUE, f"{self.name}: expected a string, got {raw!r}")
        if self.choices and raw not in self.choices:
            allowed = ", ".join(sorted(self.choices))
            raise ReadingProblem(Reason.OUT_OF_RANGE, f"{self.name}: {raw!r} is not one of {allowed}")
        return raw

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any], *, where: str) -> FieldSpec:
        """Parse one field declaration; raises BadRequestData naming the type and field."""
        here = f"{where} field {name!r}"
        check_name(name)
        unknown = set(data) - {
            "attribute", "kind", "unitCode", "range", "inputUnits", "enum", "device", "description"
        }  # fmt: skip
        if unknown:
            raise BadRequestData(f"{here}: unknown keys {sorted(unknown)}")
        unit = data.get("unitCode")
        kind = str(data.get("kind", "number"))
        if kind not in _KINDS:
            raise BadRequestData(f"{here}: kind must be one of {sorted(_KINDS)}, got {kind!r}")
        inputs: dict[str, tuple[float, float]] = {}
        if unit is not None:
            if kind not in ("number", "integer"):
                raise BadRequestData(f"{here}: only numbers carry a unitCode")
            _unit(str(unit), here)
            inputs[str(unit)] = (1.0, 0.0)
            for code in data.get("inputUnits", ()):
                inputs[str(code)] = conversion(str(code), str(unit))
        elif data.get("inputUnits"):
            raise BadRequestData(f"{here}: inputUnits need a unitCode to convert to")
        lo = hi = None
        if "range" in data:
            bounds = data["range"]
            if not (isinstance(bounds, list) and len(bounds) == 2):
                raise BadRequestData(f"{here}: range must be [min, max] (null for open)")
            lo, hi = (None if b is None else float(b) for b in bounds)
            if lo is not None and hi is not None and lo > hi:
                raise BadRequestData(f"{here}: range minimum {lo} is above the maximum {hi}")
        choices = frozenset(str(c) for c in data.get("enum", ()))
        if choices and kind != "string":
            raise BadRequestData(f"{here}: enum is for string fields")
        attribute = str(data.get("attribute", name))
        check_name(attribute)
        return cls(
            name=name,
            attribute=attribute,
            kind=kind,
            unit=None if unit is None else str(unit),
            minimum=lo,
            maximum=hi,
            inputs=MappingProxyType(inputs),
            choices=choices,
            device=bool(data.get("device", False)),
            description=str(data.get("description", "")),
        )


def _fmt(bound: float | None) -> str:
    return "-inf" if bound is None else f"{bound:g}"


HEALTH_FIELDS: Mapping[str, FieldSpec] = MappingProxyType(
    {
        "batteryLevel": FieldSpec.from_dict(
            "batteryLevel",
            {
                "unitCode": "C62",
                "range": [0, 1],
                "inputUnits": ["P1"],
                "device": True,
                "description": "battery charge, 1.0 full (Smart Data Models Device.batteryLevel)",
            },
            where="health",
        ),
        "rssi": FieldSpec.from_dict(
            "rssi",
            {"range": [-150, 0], "device": True, "description": "received signal strength in dBm"},
            where="health",
        ),
    }
)
"""Fields every telemetry device may report; they update the Device entity, not the bound twin."""


@dataclass(frozen=True, slots=True)
class StaticSpec:
    """A registration attribute a device type requires or allows (cameras: streamUrl, viewDirection ...)."""

    name: str
    kind: str = "string"
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False

    def check(self, value: Any, where: str) -> Any:
        """The value as stored (numbers as float); raises BadRequestData."""
        if self.kind in ("number", "integer"):
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise BadRequestData(f"{where}: {self.name} must be a number, got {value!r}") from None
            lo, hi = self.minimum, self.maximum
            if (
                not math.isfinite(number)
                or (lo is not None and number < lo)
                or (hi is not None and number > hi)
            ):
                raise BadRequestData(f"{where}: {self.name} {value!r} outside [{_fmt(lo)}, {_fmt(hi)}]")
            return int(number) if self.kind == "integer" else number
        if not isinstance(value, str) or not value.strip():
            raise BadRequestData(f"{where}: {self.name} must be a non-empty string")
        text = value.strip()
        if self.kind == "url" and not text.lower().startswith(("rtsp://", "rtsps://", "http://", "https://")):
            raise BadRequestData(
                f"{where}: {self.name} must be an rtsp(s):// or http(s):// URL, got {text!r}"
            )
        return text


# -- device types ---------------------------------------------------------------------------------------

_TYPE_KEYS = frozenset(
    {
        "id", "domain", "code", "name", "name_zh", "category", "controlledProperty", "reportingInterval",
        "twinTypes", "fields", "static", "description",
    }
)  # fmt: skip
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


@dataclass(frozen=True, slots=True)
class DeviceType:
    """One kind of device: its code in the device code scheme, fields, reporting interval and bindings."""

    id: str
    domain: str
    """The domain letter (``W`` ...) of the device code."""
    code: str
    """The two-character type code within the domain."""
    name: str
    name_zh: str = ""
    category: tuple[str, ...] = ("sensor",)
    """Smart Data Models ``deviceCategory`` values."""
    controlled_property: tuple[str, ...] = ()
    reporting_interval_s: float | None = None
    """Expected seconds between reports; None: the device is not expected to report (cameras)."""
    twin_types: tuple[str, ...] = ()
    """Entity types a device of this type may be bound to (empty: any)."""
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    static: Mapping[str, StaticSpec] = field(default_factory=dict)
    description: str = ""

    @property
    def telemetry(self) -> bool:
        """Whether the type reports telemetry at all (cameras do not)."""
        return bool(self.fields)

    @property
    def domain_name(self) -> str:
        """``water``, ``camera`` ..."""
        return DOMAINS[self.domain]

    def field_spec(self, name: str) -> FieldSpec | None:
        """The spec of a field this type accepts (its own or a health field), or None."""
        spec = self.fields.get(name)
        if spec is None and self.fields:
            spec = HEALTH_FIELDS.get(name)
        return spec

    def checked(self, values: Mapping[str, Any]) -> list[tuple[FieldSpec, Any]]:
        """(spec, value in the canonical unit) of every value; ReadingProblem for the first that fails.

        All or nothing: a reading with one bad value is rejected whole, so a replay re-runs all of it.
        """
        if not values:
            raise ReadingProblem(Reason.WRONG_TYPE, f"a {self.id} reading needs at least one value")
        out = []
        fields = self.fields
        for name, raw in values.items():
            spec = fields.get(name) or (HEALTH_FIELDS.get(name) if fields else None)
            if spec is None:
                known = ", ".join(sorted(fields)) or "none: this type takes no telemetry"
                raise ReadingProblem(
                    Reason.WRONG_TYPE, f"field {name!r} is not a {self.id} field (fields: {known})"
                )
            out.append((spec, spec.normalise(raw)))
        return out

    def normalise(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every value in its canonical unit, by field name; raises ReadingProblem."""
        return {spec.name: value for spec, value in self.checked(values)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeviceType:
        """Parse a declaration (one YAML document); raises BadRequestData naming what is wrong."""
        if not isinstance(data, Mapping):
            raise BadRequestData("a device type must be a mapping")
        type_id = str(data.get("id", ""))
        if not type_id or not set(type_id) <= _ID_CHARS:
            raise BadRequestData(f"device type id {type_id!r}: lower-case letters, digits and '-' only")
        where = f"device type {type_id!r}"
        unknown = set(data) - _TYPE_KEYS
        if unknown:
            raise BadRequestData(f"{where}: unknown keys {sorted(unknown)}")
        try:
            letter = domain_letter(str(data.get("domain", "")))
        except CitytwinError as err:
            raise BadRequestData(f"{where}: {err.detail}") from None
        code = str(data.get("code", ""))
        if len(code) != 2 or not code.isalnum() or code != code.upper() or code == "00":
            raise BadRequestData(f"{where}: code must be two of 0-9A-Z (not 00), got {code!r}")
        raw_fields = data.get("fields") or {}
        if not isinstance(raw_fields, Mapping):
            raise BadRequestData(f"{where}: fields must be a mapping")
        fields = {
            name: FieldSpec.from_dict(name, spec or {}, where=where) for name, spec in raw_fields.items()
        }
        clash = set(fields) & set(HEALTH_FIELDS)
        if clash:
            raise BadRequestData(f"{where}: {sorted(clash)} are health fields every device has")
        interval = data.get("reportingInterval")
        if fields and interval is None:
            raise BadRequestData(f"{where}: a type with telemetry needs a reportingInterval (seconds)")
        if interval is not None and (not isinstance(interval, int | float) or interval <= 0):
            raise BadRequestData(f"{where}: reportingInterval must be a positive number of seconds")
        static = {}
        for name, raw_spec in (data.get("static") or {}).items():
            spec = raw_spec or {}
            bounds = spec.get("range", [None, None])
            static[name] = StaticSpec(
                name=check_name(name),
                kind=str(spec.get("kind", "number" if "unitCode" in spec else "string")),
                unit=spec.get("unitCode"),
                minimum=None if bounds[0] is None else float(bounds[0]),
                maximum=None if bounds[1] is None else float(bounds[1]),
                required=bool(spec.get("required", False)),
            )
            if static[name].unit is not None:
                _unit(str(static[name].unit), f"{where} static {name!r}")
        for twin_type in data.get("twinTypes", ()):
            check_name(str(twin_type))
        return cls(
            id=type_id,
            domain=letter,
            code=code,
            name=str(data.get("name", type_id)),
            name_zh=str(data.get("name_zh", "")),
            category=_strings(data.get("category", ["sensor"])),
            controlled_property=_strings(data.get("controlledProperty", ())),
            reporting_interval_s=None if interval is None else float(interval),
            twin_types=_strings(data.get("twinTypes", ())),
            fields=MappingProxyType(fields),
            static=MappingProxyType(static),
            description=str(data.get("description", "")).strip(),
        )

    def describe(self) -> dict[str, Any]:
        """A JSON-ready description (``GET /iot/types``, ``citytwin devices types``)."""
        return {
            "id": self.id,
            "domain": self.domain_name,
            "codePrefix": f"{self.domain}{self.code}",
            "name": self.name,
            "name_zh": self.name_zh,
            "deviceCategory": list(self.category),
            "controlledProperty": list(self.controlled_property),
            "reportingInterval": self.reporting_interval_s,
            "twinTypes": list(self.twin_types),
            "fields": {
                name: {
                    "attribute": spec.attribute,
                    "kind": spec.kind,
                    "unitCode": spec.unit,
                    "range": [spec.minimum, spec.maximum],
                    "inputUnits": sorted(set(spec.inputs) - {spec.unit}),
                    **({"enum": sorted(spec.choices)} if spec.choices else {}),
                    **({"description": spec.description} if spec.description else {}),
                }
                for name, spec in self.fields.items()
            },
            "static": {
                name: {"kind": s.kind, "unitCode": s.unit, "required": s.required}
                for name, s in self.static.items()
            },
        }


def _strings(raw: Any) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else list(raw or ())
    return tuple(str(item) for item in items)


def check_catalog(types: Iterable[DeviceType]) -> dict[str, DeviceType]:
    """Types by id, checking that ids and (domain, code) pairs are unique."""
    by_id: dict[str, DeviceType] = {}
    by_code: dict[str, str] = {}
    for kind in types:
        if kind.id in by_id:
            raise BadRequestData(f"device type {kind.id!r} is declared twice")
        prefix = kind.domain + kind.code
        if prefix in by_code:
            raise BadRequestData(f"device types {by_code[prefix]!r} and {kind.id!r} share the code {prefix}")
        by_id[kind.id] = kind
        by_code[prefix] = kind.id
    return by_id


# -- reading times --------------------------------------------------------------------------------------

EARLIEST_US = int(datetime(2000, 1, 1, tzinfo=UTC).timestamp()) * 1_000_000
"""Readings before 2000 come from a device whose clock was never set."""
FUTURE_SKEW_US = 300 * 1_000_000
"""How far ahead of the receiver's clock a reading may be (device clocks drift)."""


def reading_time_us(raw: Any, received_us: int | None) -> int:
    """A reading's time in µs since the epoch: ISO 8601 text, or epoch seconds / milliseconds.

    Missing: the receive time; missing both, or out of bounds: raises ReadingProblem.
    """
    if raw is None:
        if received_us is None:
            raise ReadingProblem(Reason.MISSING_TIME, "the reading has no time (ts / observedAt)")
        return received_us
    if isinstance(raw, str):
        try:
            when = datetime.fromisoformat(raw)
        except ValueError:
            raise ReadingProblem(Reason.BAD_TIME, f"{raw!r} is not an ISO 8601 date-time") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        delta = when - _EPOCH
        ts = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    elif isinstance(raw, int | float) and type(raw) is not bool and math.isfinite(raw):
        # Seconds until 5138 AD, milliseconds after: no present-day reading is ambiguous.
        ts = round(raw * 1e6) if abs(raw) < 1e11 else round(raw * 1e3)
    else:
        raise ReadingProblem(Reason.BAD_TIME, f"time {raw!r} is neither ISO 8601 text nor an epoch number")
    if ts < EARLIEST_US:
        raise ReadingProblem(Reason.BAD_TIME, f"time {raw!r} is before 2000: the device clock is not set")
    if received_us is not None and ts > received_us + FUTURE_SKEW_US:
        raise ReadingProblem(Reason.BAD_TIME, f"time {raw!r} is more than 5 minutes in the future")
    return ts


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
