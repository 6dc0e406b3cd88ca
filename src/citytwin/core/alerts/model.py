"""Alert rule definitions (declared as data, like indicators) and the alerts they raise.

Rule kinds:

* ``threshold`` — ``attr op value`` raises; it clears only when the value is back past ``clear`` (hysteresis;
  default: the raising bound itself);
* ``rate`` — ``attr`` changed by more than ``max_change`` within ``window`` (``direction`` up, down or any);
* ``absence`` — no update of ``attr`` (or of the entity) for ``silent_for``; with ``min_value`` only updates
  above it count as presence, and with ``active_hours`` the silence is counted only inside those local hours,
  and only for entities that normally report such values (one seen within ``baseline``) — the rule for the
  water meter of an elderly person living alone whose usual use stops;
* ``geofence`` — a vehicle's location enters, exits or dwells (for ``dwell``) in ``polygon``;
* ``composite`` — rules ``all_of`` fire for the same entity (or any entity with ``same_entity: false``)
  within ``within`` seconds of each other;
* rules on indicators are threshold or rate rules over ``CityIndicator`` entities.

Every rule has a severity, an event ``category`` (what the grid-management event is filed as), and a
``suppress`` period: after an alert resolves, the same rule does not raise again for the same entity within
it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from citytwin.core.indicators.model import EntitySet, Severity, parse_duration, parse_entity_set
from citytwin.errors import BadRequestData


class RuleKind(StrEnum):
    """The condition a rule watches."""

    THRESHOLD = "threshold"
    RATE = "rate"
    ABSENCE = "absence"
    GEOFENCE = "geofence"
    COMPOSITE = "composite"


_OPS = (">", ">=", "<", "<=")


@dataclass(frozen=True, slots=True)
class RuleDef:
    """One declared alert rule."""

    id: str
    kind: RuleKind
    entities: EntitySet
    name_zh: str = ""
    name_en: str = ""
    severity: Severity = Severity.WARNING
    category: str = "alert"
    attr: str | None = None
    op: str = ">"
    value: float = 0.0
    clear: float | None = None
    max_change: float = 0.0
    window: float = 0.0
    direction: str = "any"
    silent_for: float = 0.0
    min_value: float | None = None
    active_hours: tuple[int, int] | None = None
    utc_offset_hours: float = 8.0
    baseline: float = 7 * 86400.0
    polygon: tuple[tuple[float, float], ...] = ()
    trigger: str = "enter"
    dwell: float = 0.0
    all_of: tuple[str, ...] = ()
    within: float = 0.0
    same_entity: bool = True
    suppress: float = 0.0

    def crossed(self, value: float) -> bool:
        """Threshold rules: whether ``value`` is past the raising bound."""
        return _compare(value, self.op, self.value)

    def cleared(self, value: float) -> bool:
        """Threshold rules: whether ``value`` is back past the clearing bound (hysteresis)."""
        bound = self.value if self.clear is None else self.clear
        return not _compare(value, self.op, bound)


def _compare(value: float, op: str, bound: float) -> bool:
    if op == ">":
        return value > bound
    if op == ">=":
        return value >= bound
    if op == "<":
        return value < bound
    return value <= bound


class AlertState(StrEnum):
    """Where an alert is in its life."""

    RAISED = "raised"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class Alert:
    """A transition of one (rule, entity) alert: raised or resolved, with why."""

    rule_id: str
    entity_id: str
    state: AlertState
    severity: Severity
    category: str
    at: datetime
    value: Any
    message: str

    @property
    def key(self) -> str:
        """The de-duplication key: one open alert per rule and entity."""
        return f"{self.rule_id}|{self.entity_id}"


def _float(raw: Mapping[str, Any], key: str, where: str, default: float | None = None) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadRequestData(f"{where}: '{key}' must be a number")
    return float(value)


def parse_rule(raw: Mapping[str, Any]) -> RuleDef:
    """Validate one rule mapping (YAML) into a :class:`RuleDef`; errors name the rule and the field."""
    where = f"rule {raw.get('id', '?')!r}"
    ident = raw.get("id")
    if not isinstance(ident, str) or not ident:
        raise BadRequestData(f"{where}: 'id' is required")
    try:
        kind = RuleKind(str(raw.get("kind")))
    except ValueError as err:
        raise BadRequestData(f"{where}: kind must be one of {', '.join(RuleKind)}") from err
    try:
        severity = Severity(raw.get("severity", "warning"))
    except ValueError as err:
        raise BadRequestData(f"{where}: severity must be one of {', '.join(Severity)}") from err
    name = raw.get("name") or {}
    fields: dict[str, Any] = {
        "id": ident,
        "kind": kind,
        "severity": severity,
        "category": str(raw.get("category", "alert")),
        "name_zh": str(name.get("zh", ident)),
        "name_en": str(name.get("en", ident)),
        "attr": raw.get("attr"),
        "suppress": parse_duration(raw["suppress"], f"{where}.suppress") if raw.get("suppress") else 0.0,
        "entities": parse_entity_set(raw.get("entities"), where)
        if kind is not RuleKind.COMPOSITE
        else EntitySet(()),
    }
    if kind in (RuleKind.THRESHOLD, RuleKind.RATE) and not fields["attr"]:
        raise BadRequestData(f"{where}: a {kind.value} rule needs 'attr'")
    if kind is RuleKind.THRESHOLD:
        if raw.get("op", ">") not in _OPS:
            raise BadRequestData(f"{where}: op must be one of {' '.join(_OPS)}")
        fields["op"] = raw.get("op", ">")
        fields["value"] = _float(raw, "value", where)
        if raw.get("clear") is not None:
            fields["clear"] = _float(raw, "clear", where)
            if _compare(fields["clear"], fields["op"], fields["value"]):
                raise BadRequestData(f"{where}: 'clear' must lie on the normal side of 'value' (hysteresis)")
    elif kind is RuleKind.RATE:
        fields["max_change"] = _float(raw, "max_change", where)
        fields["window"] = parse_duration(raw.get("window"), f"{where}.window")
        if raw.get("direction", "any") not in ("up", "down", "any"):
            raise BadRequestData(f"{where}: direction must be up, down or any")
        fields["direction"] = raw.get("direction", "any")
    elif kind is RuleKind.ABSENCE:
        fields["silent_for"] = parse_duration(raw.get("silent_for"), f"{where}.silent_for")
        if raw.get("min_value") is not None:
            fields["min_value"] = _float(raw, "min_value", where)
        hours = raw.get("active_hours")
        if hours is not None:
            if not (
                isinstance(hours, list | tuple) and len(hours) == 2 and all(0 <= int(h) <= 24 for h in hours)
            ):
                raise BadRequestData(f"{where}: active_hours must be [start, end] local hours (0..24)")
            fields["active_hours"] = (int(hours[0]), int(hours[1]))
        if raw.get("baseline") is not None:
            fields["baseline"] = parse_duration(raw["baseline"], f"{where}.baseline")
        fields["utc_offset_hours"] = float(raw.get("utc_offset_hours", 8.0))
    elif kind is RuleKind.GEOFENCE:
        try:
            fields["polygon"] = tuple((float(x), float(y)) for x, y in raw.get("polygon") or ())
        except (TypeError, ValueError) as err:
            raise BadRequestData(f"{where}: polygon must be a list of [lng, lat] pairs") from err
        if len(fields["polygon"]) < 3:
            raise BadRequestData(f"{where}: a geofence needs a polygon of at least 3 points")
        if raw.get("trigger", "enter") not in ("enter", "exit", "dwell"):
            raise BadRequestData(f"{where}: trigger must be enter, exit or dwell")
        fields["trigger"] = raw.get("trigger", "enter")
        if fields["trigger"] == "dwell":
            fields["dwell"] = parse_duration(raw.get("dwell"), f"{where}.dwell")
    else:
        parts = raw.get("all_of")
        if not (isinstance(parts, list) and len(parts) >= 2 and all(isinstance(p, str) for p in parts)):
            raise BadRequestData(f"{where}: a composite rule needs 'all_of' with at least two rule ids")
        fields["all_of"] = tuple(parts)
        fields["within"] = parse_duration(raw.get("within"), f"{where}.within")
        fields["same_entity"] = bool(raw.get("same_entity", True))
    return RuleDef(**fields)
