"""Indicator definitions: what a live city indicator measures, over which twins, in which window.

An indicator is data (DESIGN.md, habit 10). :func:`parse_indicator` turns one mapping (from YAML) into a
validated, frozen :class:`IndicatorDef`; every mistake names the indicator and the field. The
catalogue (:mod:`citytwin.core.indicators.catalogue`) expands templates over the real district / street /
community codes.

Measures:

* ``count`` — members of the entity set (instant) or matching changes in the window;
* ``sum`` / ``avg`` / ``min`` / ``max`` / ``percentile`` — of ``attr`` over the members' current values
  (instant) or over every reported value in the window;
* ``rate`` — changes of ``attr`` (or of the members, when no attr) per ``per_seconds`` over the window;
* ``ratio`` — ``numerator`` / ``denominator``, two other indicators (× ``scale``);
* ``online_share`` — share of members whose ``attr`` (default ``deviceState``) is one of ``online_values``;
* ``time_above`` — seconds within the window during which the members' ``aggregate`` (default max) of ``attr``
  exceeded ``threshold``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from citytwin.core.codes import admin
from citytwin.core.levels import ModelLevel
from citytwin.errors import BadRequestData, InvalidRequest


class MeasureKind(StrEnum):
    """How an indicator's value is computed."""

    COUNT = "count"
    SUM = "sum"
    AVG = "avg"
    MIN = "min"
    MAX = "max"
    PERCENTILE = "percentile"
    RATE = "rate"
    RATIO = "ratio"
    ONLINE_SHARE = "online_share"
    TIME_ABOVE = "time_above"


AGGREGATES = frozenset({MeasureKind.SUM, MeasureKind.AVG, MeasureKind.MIN, MeasureKind.MAX})
NEEDS_ATTR = frozenset({*AGGREGATES, MeasureKind.PERCENTILE, MeasureKind.TIME_ABOVE})


class WindowKind(StrEnum):
    """Instant values, values over the last N seconds (sliding), or the current N-second bucket (tumbling)."""

    INSTANT = "instant"
    SLIDING = "sliding"
    TUMBLING = "tumbling"


class Severity(StrEnum):
    """Threshold severities, mildest first."""

    INFO = "info"
    WARNING = "warning"
    MAJOR = "major"
    CRITICAL = "critical"


SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}
_OPS = {">", ">=", "<", "<="}


@dataclass(frozen=True, slots=True)
class EntitySet:
    """The twins an indicator reads: by type, level, area (admin code, polygon, grid prefix) and filters."""

    types: tuple[str, ...]
    levels: tuple[ModelLevel, ...] = ()
    admin_code: str | None = None
    """Canonical GB/T 2260 code (``440305``, ``440305001``): members' ``adminCode`` lies in that area."""
    polygon: tuple[tuple[float, float], ...] | None = None
    """A WGS84 ring (lng, lat): members' location lies inside it."""
    grid_prefix: str | None = None
    q: str | None = None
    """An NGSI-LD q expression over the members' attributes (e.g. ``category=="hospital"``)."""


@dataclass(frozen=True, slots=True)
class Measure:
    """What is computed over the entity set."""

    kind: MeasureKind
    attr: str | None = None
    percentile: float | None = None
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    per_seconds: float = 3600.0
    online_values: tuple[str, ...] = ("online",)
    threshold: float | None = None
    aggregate: MeasureKind = MeasureKind.MAX


@dataclass(frozen=True, slots=True)
class Window:
    """The time window; ``seconds`` is 0 for instant values."""

    kind: WindowKind = WindowKind.INSTANT
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Threshold:
    """A value bound with a severity: ``value op bound`` means the indicator is at that severity."""

    op: str
    value: float
    severity: Severity

    def holds(self, value: float) -> bool:
        """Whether ``value`` crosses this threshold."""
        if self.op == ">":
            return value > self.value
        if self.op == ">=":
            return value >= self.value
        if self.op == "<":
            return value < self.value
        return value <= self.value


@dataclass(frozen=True, slots=True)
class IndicatorDef:
    """One declared indicator."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    domain: str
    entities: EntitySet
    measure: Measure
    window: Window = field(default_factory=Window)
    thresholds: tuple[Threshold, ...] = ()
    owner: str = ""
    area_code: str | None = None
    """The area the indicator describes (for querying indicators by area); defaults to the set's area."""
    template: str | None = None

    def severity(self, value: float | None) -> Severity | None:
        """The most severe threshold the value crosses (None when none, or no value)."""
        if value is None:
            return None
        hit = [t.severity for t in self.thresholds if t.holds(value)]
        return max(hit, key=SEVERITY_ORDER.__getitem__) if hit else None


_NUM = r"(\d+(?:\.\d+)?)"
_ISO = re.compile(rf"P(?:{_NUM}D)?(?:T(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?")
_DURATIONS = {"s": 1.0, "min": 60.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(raw: Any, where: str) -> float:
    """Seconds from ``300``, ``"5min"``, ``"1h"``, ``"1d"`` or ISO-8601 ``"PT1H"``."""
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw > 0:
        return float(raw)
    if isinstance(raw, str):
        text = raw.strip()
        iso = _ISO.fullmatch(text.upper())
        if iso and any(iso.groups()):
            d, h, m, sec = (float(g) if g else 0.0 for g in iso.groups())
            if d * 86400 + h * 3600 + m * 60 + sec > 0:
                return d * 86400 + h * 3600 + m * 60 + sec
        for suffix in sorted(_DURATIONS, key=len, reverse=True):
            number = text.removesuffix(suffix)
            if number != text:
                try:
                    value = float(number)
                except ValueError:
                    break
                if value > 0:
                    return value * _DURATIONS[suffix]
    raise BadRequestData(f"{where}: {raw!r} is not a duration (use seconds, '5min', '1h', '1d' or 'PT1H')")


def _need(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise BadRequestData(f"{where}: '{key}' is required")
    return data[key]


def _names(raw: Any, where: str) -> tuple[str, ...]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not items or not all(isinstance(i, str) and i for i in items):
        raise BadRequestData(f"{where}: expected a name or a list of names, got {raw!r}")
    return tuple(items)


def parse_entity_set(raw: Any, where: str) -> EntitySet:
    if not isinstance(raw, Mapping):
        raise BadRequestData(f"{where}: 'entities' must be a mapping with at least 'type'")
    levels = tuple(ModelLevel.parse(v) for v in raw.get("levels", ()) or ())
    area = raw.get("admin_code")
    if area is not None:
        area = admin.normalize(str(area))
    polygon = raw.get("polygon")
    ring: tuple[tuple[float, float], ...] | None = None
    if polygon is not None:
        try:
            ring = tuple((float(x), float(y)) for x, y in polygon)
        except (TypeError, ValueError) as err:
            raise BadRequestData(f"{where}: polygon must be a list of [lng, lat] pairs") from err
        if len(ring) < 3:
            raise BadRequestData(f"{where}: polygon needs at least 3 points")
    q = raw.get("q")
    if q is not None:
        from citytwin.core.qlang import parse_q

        try:
            parse_q(str(q))  # fail on load, not on the first change
        except InvalidRequest as err:
            raise BadRequestData(f"{where}: entities.{err}") from err
    return EntitySet(
        types=_names(_need(raw, "type", where), f"{where}.type"),
        levels=levels,
        admin_code=area,
        polygon=ring,
        grid_prefix=raw.get("grid_prefix"),
        q=None if q is None else str(q),
    )


def _measure(raw: Any, where: str) -> Measure:
    if isinstance(raw, str):
        raw = {"kind": raw}
    if not isinstance(raw, Mapping):
        raise BadRequestData(f"{where}: 'measure' must be a kind or a mapping")
    try:
        kind = MeasureKind(_need(raw, "kind", where))
    except ValueError as err:
        kinds = ", ".join(k.value for k in MeasureKind)
        raise BadRequestData(f"{where}: measure kind {raw['kind']!r} is not one of {kinds}") from err
    attr = raw.get("attr")
    if kind in NEEDS_ATTR and not attr:
        raise BadRequestData(f"{where}: measure {kind.value} needs 'attr'")
    pct = raw.get("percentile")
    if kind is MeasureKind.PERCENTILE and not (isinstance(pct, int | float) and 0 <= pct <= 100):
        raise BadRequestData(f"{where}: percentile needs 'percentile' between 0 and 100")
    if kind is MeasureKind.RATIO and not (raw.get("numerator") and raw.get("denominator")):
        raise BadRequestData(f"{where}: ratio needs 'numerator' and 'denominator' indicator ids")
    threshold = raw.get("threshold")
    if kind is MeasureKind.TIME_ABOVE and not isinstance(threshold, int | float):
        raise BadRequestData(f"{where}: time_above needs a numeric 'threshold'")
    aggregate = MeasureKind(raw.get("aggregate", "max"))
    if aggregate not in AGGREGATES:
        raise BadRequestData(f"{where}: aggregate must be one of sum, avg, min, max")
    return Measure(
        kind=kind,
        attr=attr,
        percentile=None if pct is None else float(pct),
        numerator=raw.get("numerator"),
        denominator=raw.get("denominator"),
        scale=float(raw.get("scale", 1.0)),
        per_seconds=parse_duration(raw.get("per", 3600), f"{where}.per"),
        online_values=_names(raw.get("online_values", ["online"]), f"{where}.online_values"),
        threshold=None if threshold is None else float(threshold),
        aggregate=aggregate,
    )


def _window(raw: Any, kind: MeasureKind, where: str) -> Window:
    if raw in (None, "instant"):
        if kind in (MeasureKind.RATE, MeasureKind.TIME_ABOVE):
            raise BadRequestData(f"{where}: measure {kind.value} needs a sliding or tumbling window")
        return Window()
    if not isinstance(raw, Mapping):
        raise BadRequestData(f"{where}: 'window' must be 'instant' or {{kind: sliding|tumbling, size: 1h}}")
    try:
        wkind = WindowKind(raw.get("kind", "sliding"))
    except ValueError as err:
        raise BadRequestData(f"{where}: window kind must be instant, sliding or tumbling") from err
    if wkind is WindowKind.INSTANT:
        return _window(None, kind, where)
    return Window(wkind, parse_duration(_need(raw, "size", f"{where}.window"), f"{where}.window.size"))


def _thresholds(raw: Any, where: str) -> tuple[Threshold, ...]:
    out = []
    for i, item in enumerate(raw or ()):
        here = f"{where}.thresholds[{i}]"
        if not isinstance(item, Mapping) or item.get("op") not in _OPS:
            raise BadRequestData(f"{here}: needs op (one of > >= < <=), value and severity")
        try:
            out.append(Threshold(item["op"], float(item["value"]), Severity(item.get("severity", "warning"))))
        except (KeyError, TypeError, ValueError) as err:
            raise BadRequestData(f"{here}: needs a numeric value and a severity of {list(Severity)}") from err
    return tuple(out)


def parse_indicator(data: Mapping[str, Any]) -> IndicatorDef:
    """Validate one indicator mapping (YAML) into an :class:`IndicatorDef`."""
    where = f"indicator {data.get('id', '?')!r}"
    ident = _need(data, "id", where)
    if not isinstance(ident, str) or not ident.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise BadRequestData(f"{where}: id must be letters, digits, '-', '_' or '.'")
    name = data.get("name") or {}
    if (
        not isinstance(name, Mapping)
        or not set(name) <= {"zh", "en"}
        or not all(isinstance(v, str) and v for v in name.values())
    ):
        raise BadRequestData(f"{where}: 'name' must be {{zh: text, en: text}}, got {name!r}")
    measure = _measure(_need(data, "measure", where), where)
    if measure.kind is MeasureKind.RATIO:
        entities = EntitySet(types=())  # a ratio reads two other indicators, not twins
    else:
        entities = parse_entity_set(data.get("entities"), where)
    return IndicatorDef(
        id=ident,
        name_zh=str(name.get("zh") or data.get("name_zh") or ident),
        name_en=str(name.get("en") or data.get("name_en") or ident),
        unit=str(data.get("unit", "")),
        domain=str(_need(data, "domain", where)),
        entities=entities,
        measure=measure,
        window=_window(data.get("window"), measure.kind, where),
        thresholds=_thresholds(data.get("thresholds"), where),
        owner=str(data.get("owner", "")),
        area_code=admin.normalize(str(data["area_code"])) if data.get("area_code") else entities.admin_code,
        template=data.get("template"),
    )
