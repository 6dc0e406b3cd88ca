"""NGSI-LD temporal parameters and representations (ETSI GS CIM 009 clauses 4.5.7-4.5.9, 4.5.19, 4.11).

Pure: no I/O. :func:`parse_temporal` reads ``timerel`` / ``timeAt`` / ``endTimeAt`` / ``lastN`` /
``timeproperty`` / ``aggrMethods`` / ``aggrPeriodDuration`` and the representation; the builders turn
attribute history into the normalized temporal representation (instances with ``instanceId`` and
``observedAt``), the simplified one (``temporalValues``: ``[[value, time], ...]``) and the aggregated one
(``aggregatedValues``: per method ``[[value, start, end], ...]``).

History keeps three times per instance: ``observedAt`` (or the write time when the instance had none),
``createdAt`` (when the attribute instance was created in the broker) and ``modifiedAt`` (when this value
was written); a deletion is kept at the time it happened (:mod:`citytwin.ngsild.temporal_window`).
``timeproperty`` (clause 4.11) chooses the time the window, ``lastN``, paging and aggregation periods are
on: ``observedAt`` (the default), ``createdAt``, ``modifiedAt``, or ``deletedAt`` (the deletions in the
window).
``aggrPeriodDuration`` takes ISO 8601 durations down to weeks, days and clock time (``PT1H``, ``P1D``,
``P1W``); calendar years and months (``P1M``) have no fixed length, so they are refused with 422 instead of
being approximated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import msgspec

from citytwin.core.entities import Attribute, AttrType, Entity, check_name
from citytwin.core.geometry import GEOMETRY_TYPES
from citytwin.core.instance_ids import instance_id
from citytwin.core.query import (
    Aggregate,
    AggregateBucket,
    AttributeInstance,
    HistoryQuery,
    TimeProperty,
    TimeRel,
)
from citytwin.core.timeutil import format_instant, parse_instant
from citytwin.errors import BadRequestData, InvalidRequest, OperationNotSupported
from citytwin.ngsild.representation import (
    NGSI_LD_NULL,
    RESERVED_PREFIX,
    NameMap,
    entity_types,
    instance_from_body,
    pick_language,
    scope_of,
)
from citytwin.ngsild.temporal_window import (
    SCOPE_SERIES,
    base_name,
    is_marker,
    marker_kind,
    null_value,
    scopes_of,
)

TEMPORAL_VALUES = "temporalValues"
AGGREGATED_VALUES = "aggregatedValues"
TIME_PROPERTIES = ("observedAt", "createdAt", "modifiedAt", "deletedAt")
NONE_DATASET = "@none"
"""``datasetId=@none`` selects the default instance (the one without a datasetId)."""

_COUNTS = frozenset({Aggregate.TOTAL_COUNT, Aggregate.DISTINCT_COUNT})
_DURATION = re.compile(
    r"^P(?!$)(?:(?P<Y>\d+(?:[.,]\d+)?)Y)?(?:(?P<M>\d+(?:[.,]\d+)?)M)?(?:(?P<W>\d+(?:[.,]\d+)?)W)?"
    r"(?:(?P<D>\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<m>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$"
)
_CANONICAL = msgspec.json.Encoder(order="sorted")
# The member that carries the instances in the simplified temporal representation (clause 4.5.9).
_SERIES_KEYS = {
    AttrType.PROPERTY: "values",
    AttrType.GEOPROPERTY: "values",
    AttrType.RELATIONSHIP: "objects",
    AttrType.LANGUAGE_PROPERTY: "languageMaps",
    AttrType.VOCAB_PROPERTY: "vocabs",
    AttrType.JSON_PROPERTY: "jsons",
    AttrType.LIST_PROPERTY: "valueLists",
    AttrType.LIST_RELATIONSHIP: "objectLists",
}
# Kinds whose simplified values are wrapped in an object named after the value member.
_WRAPPED = frozenset({AttrType.LANGUAGE_PROPERTY, AttrType.VOCAB_PROPERTY, AttrType.JSON_PROPERTY})


class Representation(StrEnum):
    """The temporal representations an endpoint can answer with."""

    NORMALIZED = "normalized"
    TEMPORAL_VALUES = TEMPORAL_VALUES
    AGGREGATED = AGGREGATED_VALUES


@dataclass(frozen=True, slots=True)
class TemporalParams:
    """A parsed temporal request: the history window, the representation and the aggregation asked for."""

    history: HistoryQuery
    representation: Representation = Representation.NORMALIZED
    methods: tuple[Aggregate, ...] = ()
    period: timedelta | None = None
    """Aggregation period; None spans the whole time range (``PT0S`` or no ``aggrPeriodDuration``)."""
    dataset_ids: frozenset[str | None] | None = None
    """Instances to keep by datasetId (None in the set: the default instance); None keeps all."""
    deleted: bool = False
    """``timeproperty=deletedAt``: the window selects deletions, and only deletions are returned."""

    @property
    def time_property(self) -> TimeProperty:
        """The instance time the window is on (``timeproperty``)."""
        return TimeProperty.DELETED_AT if self.deleted else self.history.time_property

    def wants_dataset(self, dataset_id: str | None) -> bool:
        """Whether instances with ``dataset_id`` are selected by the ``datasetId`` parameter."""
        return self.dataset_ids is None or dataset_id in self.dataset_ids


# -- parameters -------------------------------------------------------------------------------------------


def parse_duration(text: str) -> timedelta | None:
    """An ``aggrPeriodDuration`` as a timedelta; None for a zero duration (the whole time range)."""
    match = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise BadRequestData(
            f"aggrPeriodDuration {text!r} is not an ISO 8601 duration such as PT1H, P1D, P1W or P1DT12H"
        )
    parts = {k: float(v.replace(",", ".")) for k, v in match.groupdict().items() if v is not None}
    if parts.get("Y") or parts.get("M"):
        raise OperationNotSupported(
            f"aggrPeriodDuration {text!r}: calendar years and months have no fixed length and are not"
            " supported; use days or weeks (P30D, P52W)"
        )
    period = timedelta(
        weeks=parts.get("W", 0),
        days=parts.get("D", 0),
        hours=parts.get("h", 0),
        minutes=parts.get("m", 0),
        seconds=parts.get("s", 0),
    )
    return period if period > timedelta(0) else None


def parse_methods(text: str | None) -> tuple[Aggregate, ...]:
    """``aggrMethods=avg,max`` as aggregation methods, in the order given, without repeats."""
    names = [n.strip() for n in (text or "").split(",") if n.strip()]
    if not names:
        raise BadRequestData("aggregatedValues needs aggrMethods (totalCount, distinctCount, sum, avg, ...)")
    out: list[Aggregate] = []
    for name in names:
        try:
            method = Aggregate(name)
        except ValueError:
            known = ", ".join(m.value for m in Aggregate)
            raise BadRequestData(f"aggrMethods: unknown aggregation method {name!r}; use {known}") from None
        if method not in out:
            out.append(method)
    return tuple(out)


def _instant(params: Mapping[str, Any], *names: str) -> datetime | None:
    for name in names:
        raw = params.get(name)
        if raw is not None:
            if not isinstance(raw, str) or "T" not in raw.upper():
                # 4.11: timeAt / endTimeAt are DateTimes (4.6.3); a Date alone is refused (TP 021_26_09)
                raise BadRequestData(f"{name} must be an ISO 8601 date-time string, got {raw!r}")
            return parse_instant(raw)
    return None


def _last_n(raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, (bool, float)):  # a JSON temporalQ: 5.2.21 types lastN as a positive integer
        raise BadRequestData(f"lastN must be a positive integer, got {raw!r}")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise BadRequestData(f"lastN must be a positive integer, got {raw!r}") from None
    if value < 1:
        raise BadRequestData(f"lastN must be a positive integer, got {raw!r}")
    return value


def parse_dataset_ids(raw: str | None) -> frozenset[str | None] | None:
    """``datasetId=urn:a,@none`` as the set of datasetIds to keep (None: every instance)."""
    if raw is None:
        return None
    items = [i.strip() for i in raw.split(",") if i.strip()]
    if not items:
        raise BadRequestData("datasetId must name at least one datasetId or @none")
    for item in items:
        if item != NONE_DATASET and ":" not in item:
            raise BadRequestData(f"datasetId {item!r} must be a URI or @none")
    return frozenset(None if i == NONE_DATASET else i for i in items)


def parse_temporal(
    params: Mapping[str, Any],
    *,
    flags: Iterable[str] = (),
    entity_ids: Sequence[str] = (),
    attrs: Sequence[str] = (),
    require_timerel: bool = False,
) -> TemporalParams:
    """Temporal parameters of a request; ``flags`` are its ``options`` (``temporalValues`` ...).

    ``params`` holds URL parameters, or the members of a POST query's ``temporalQ`` (same names). The
    ``format`` parameter (NGSI-LD 1.8) may name the representation instead of ``options``. Query
    operations require ``timerel`` (``require_timerel``), retrieving one entity does not.
    """
    prop = params.get("timeproperty", "observedAt")
    if prop not in TIME_PROPERTIES:
        raise BadRequestData(f"timeproperty must be one of {', '.join(TIME_PROPERTIES)}, got {prop!r}")
    # deletedAt windows the deletions, which history keeps at their time (the observedAt column)
    on = TimeProperty.OBSERVED_AT if prop == "deletedAt" else TimeProperty(prop)
    rel_raw = params.get("timerel")
    time_at = _instant(params, "timeAt", "time")
    end_at = _instant(params, "endTimeAt", "endTime")
    timerel = None
    if rel_raw is not None:
        try:
            timerel = TimeRel(rel_raw)
        except ValueError:
            raise BadRequestData(f"timerel must be before, after or between, got {rel_raw!r}") from None
        if time_at is None:
            raise BadRequestData(f"timerel={rel_raw} needs timeAt")
        if timerel is TimeRel.BETWEEN:
            if end_at is None:
                raise BadRequestData("timerel=between needs endTimeAt")
            if end_at <= time_at:
                raise BadRequestData("endTimeAt must be later than timeAt")
    elif time_at is not None:
        raise BadRequestData("timeAt needs timerel (before, after or between)")
    elif require_timerel:
        raise BadRequestData("a temporal query needs timerel and timeAt (e.g. timerel=after&timeAt=...)")
    history = HistoryQuery(
        entity_ids=tuple(entity_ids),
        attrs=tuple(attrs),
        timerel=timerel,
        time_at=time_at,
        end_time_at=end_at if timerel is TimeRel.BETWEEN else None,
        last_n=_last_n(params.get("lastN")),
        time_property=on,
    )
    rep = _representation(set(flags), params.get("format"))
    methods: tuple[Aggregate, ...] = ()
    period = None
    if rep is Representation.AGGREGATED:
        methods = parse_methods(params.get("aggrMethods"))
        raw_period = params.get("aggrPeriodDuration")
        period = None if raw_period is None else parse_duration(raw_period)
    deleted = prop == "deletedAt"
    if deleted and rep is Representation.AGGREGATED:
        raise OperationNotSupported("aggregatedValues aggregates values: it does not apply to deletedAt")
    datasets = parse_dataset_ids(params.get("datasetId"))
    return TemporalParams(history, rep, methods, period, datasets, deleted)


def _representation(flags: set[str], fmt: Any) -> Representation:
    wanted = {f for f in flags if f in (TEMPORAL_VALUES, AGGREGATED_VALUES)}
    if fmt in (TEMPORAL_VALUES, AGGREGATED_VALUES, "normalized"):
        # 6.3.12: with both format and options, the format parameter takes precedence (TP 021_19_02)
        return Representation(fmt) if fmt != "normalized" else Representation.NORMALIZED
    if fmt is not None:
        raise InvalidRequest(
            f"format {fmt!r} is not a temporal representation:"
            " use normalized, temporalValues or aggregatedValues"
        )
    if len(wanted) > 1:
        raise InvalidRequest("temporalValues and aggregatedValues cannot be asked for together")
    return Representation(wanted.pop()) if wanted else Representation.NORMALIZED


# -- attribute kinds --------------------------------------------------------------------------------------


def infer_kind(value: Any) -> AttrType:
    """The kind of a history value whose attribute is no longer on the entity: GeoJSON or Property."""
    if isinstance(value, dict) and value.get("type") in GEOMETRY_TYPES and len(value) <= 3:
        return AttrType.GEOPROPERTY
    return AttrType.PROPERTY


def kinds_of(entity: Entity | None) -> dict[tuple[str, str | None], AttrType]:
    """(attribute, datasetId) → kind of the entity's current instances (history keeps values only)."""
    if entity is None:
        return {}
    return {(name, inst.dataset_id): inst.type for name, inst in entity.iter_instances()}


def kind_for(
    kinds: Mapping[tuple[str, str | None], AttrType], attr: str, dataset: str | None, value: Any
) -> AttrType:
    """The kind of one history series: from the entity's instance, another of its instances, or the value."""
    kind = kinds.get((attr, dataset))
    if kind is not None:
        return kind
    for (name, _), other in kinds.items():
        if name == attr:
            return other
    return infer_kind(value)


# -- representations --------------------------------------------------------------------------------------


def temporal_entity(entity_id: str, types: Sequence[str], names: NameMap) -> dict[str, Any]:
    """The ``id`` and ``type`` members of a temporal representation, types compacted."""
    compact = [names.from_store(t) for t in types]
    return {"id": entity_id, "type": compact[0] if len(compact) == 1 else compact}


def _value(kind: AttrType, value: Any, names: NameMap) -> Any:
    if kind is AttrType.VOCAB_PROPERTY:
        return [names.from_store(v) for v in value] if isinstance(value, list) else names.from_store(value)
    return value


def _in_language(kind: AttrType, value: Any, lang: str | None) -> tuple[AttrType, Any, str | None]:
    """With ``lang``, a LanguageProperty value is its best-matching string (a Property) and its tag."""
    if lang is None or kind is not AttrType.LANGUAGE_PROPERTY or not isinstance(value, dict) or not value:
        return kind, value, None
    tag, text = pick_language(value, lang)
    return AttrType.PROPERTY, text, tag


def system_times(
    item: dict[str, Any], inst: AttributeInstance, prop: TimeProperty, sys_attrs: bool
) -> dict[str, Any]:
    """``item`` with the instance's ``createdAt`` / ``modifiedAt``: the one ``timeproperty`` names, or both
    with ``options=sysAttrs``."""
    for name in (TimeProperty.CREATED_AT, TimeProperty.MODIFIED_AT):
        if sys_attrs or prop is name:
            item[name.value] = format_instant(inst.time_of(name))
    return item


def normalized_attrs(
    instances: Iterable[AttributeInstance],
    kinds: Mapping[tuple[str, str | None], AttrType],
    names: NameMap,
    lang: str | None = None,
    *,
    prop: TimeProperty = TimeProperty.OBSERVED_AT,
    sys_attrs: bool = False,
) -> dict[str, list[dict[str, Any]]]:
    """Attribute name → its instances in time order, each with ``instanceId`` and ``observedAt`` (and the
    ``createdAt`` / ``modifiedAt`` that ``prop`` names, or both with ``sys_attrs``).

    A deletion is the NGSI-LD Null of the deleted kind with ``deletedAt``; with ``lang`` a LanguageProperty
    instance is a Property holding the best-matching string, and its ``lang``.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    for inst in instances:
        attr = base_name(inst.attr)
        item: dict[str, Any]
        if attr != inst.attr:
            kind = marker_kind(inst.value)
            item = {"type": kind.value, kind.value_key: null_value(kind)}
            item["deletedAt"] = format_instant(inst.observed_at)
        else:
            stored_kind = kind_for(kinds, attr, inst.dataset_id, inst.value)
            kind, value, tag = _in_language(stored_kind, inst.value, lang)
            item = {"type": kind.value, kind.value_key: _value(kind, value, names)}
            if tag is not None:
                item["lang"] = tag
            item["observedAt"] = format_instant(inst.observed_at)
            system_times(item, inst, prop, sys_attrs)
        if inst.instance_id is not None:
            item["instanceId"] = inst.instance_id
        if inst.dataset_id is not None:
            item["datasetId"] = inst.dataset_id
        if inst.unit_code is not None:
            item["unitCode"] = inst.unit_code
        out.setdefault(names.from_store(attr), []).append(item)
    return out


def temporal_values_attrs(
    instances: Iterable[AttributeInstance],
    kinds: Mapping[tuple[str, str | None], AttrType],
    names: NameMap,
    lang: str | None = None,
    *,
    prop: TimeProperty = TimeProperty.OBSERVED_AT,
    sys_attrs: bool = False,
) -> dict[str, Any]:
    """The simplified representation: one object per (attribute, datasetId) with ``[value, time]`` pairs,
    the time being the one ``prop`` (``timeproperty``) names (clause 4.5.9).

    A deletion is ``[<NGSI-LD Null>, deletedAt]``; with ``lang`` a LanguageProperty series is a Property
    series of the best-matching strings.
    """
    series: dict[tuple[str, str | None], dict[str, Any]] = {}
    for inst in instances:
        attr = base_name(inst.attr)
        deleted = attr != inst.attr
        key = (attr, inst.dataset_id)
        entry = series.get(key)
        if entry is None:
            kind = marker_kind(inst.value) if deleted else kind_for(kinds, attr, inst.dataset_id, inst.value)
            if lang is not None and kind is AttrType.LANGUAGE_PROPERTY:
                kind = AttrType.PROPERTY
            entry = {"type": kind.value, _SERIES_KEYS[kind]: []}
            if inst.dataset_id is not None:
                entry["datasetId"] = inst.dataset_id
            series[key] = entry
        kind = AttrType(entry["type"])
        if deleted:
            value = null_value(kind)
        elif lang is not None and isinstance(inst.value, dict) and kind is AttrType.PROPERTY:
            value = _in_language(AttrType.LANGUAGE_PROPERTY, inst.value, lang)[1]
        else:
            value = _value(kind, inst.value, names)
        if kind in _WRAPPED:
            value = {kind.value_key: value}
        entry[_SERIES_KEYS[kind]].append([value, format_instant(inst.time_of(prop))])
    return _by_attribute(series, names)


def scope_member(
    instances: Sequence[AttributeInstance],
    representation: Representation,
    *,
    prop: TimeProperty = TimeProperty.OBSERVED_AT,
    sys_attrs: bool = False,
) -> Any:
    """The temporal representation of the Scope (clause 4.5.6): a Property whose value is the scope (one
    scope as a string, several as an array), observedAt the time it was set; a removal is the empty scope
    ``[]`` with ``deletedAt`` (TP 020_19, 020_20)."""
    if representation is Representation.TEMPORAL_VALUES:
        pairs = [
            [[] if is_marker(i.attr) else _scope_value(i.value), format_instant(i.time_of(prop))]
            for i in instances
        ]
        return {"type": AttrType.PROPERTY.value, "values": pairs}
    out = []
    for inst in instances:
        item: dict[str, Any] = {"type": AttrType.PROPERTY.value}
        if is_marker(inst.attr):
            item["value"] = []
            item["deletedAt"] = format_instant(inst.observed_at)
        else:
            item["value"] = _scope_value(inst.value)
            item["observedAt"] = format_instant(inst.observed_at)
            system_times(item, inst, prop, sys_attrs)
        if inst.instance_id is not None:
            item["instanceId"] = inst.instance_id
        out.append(item)
    return out


def _scope_value(value: Any) -> Any:
    scopes = scopes_of(value)
    return scopes[0] if len(scopes) == 1 else list(scopes)


def empty_attribute(kind: AttrType, representation: Representation) -> Any:
    """An attribute whose instances in the window were all paged out: no instance (clause 6.3.10)."""
    if representation is Representation.TEMPORAL_VALUES:
        return {"type": kind.value, _SERIES_KEYS[kind]: []}
    return []


def _by_attribute(series: Mapping[tuple[str, str | None], dict[str, Any]], names: NameMap) -> dict[str, Any]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for (attr, _), entry in series.items():
        grouped.setdefault(names.from_store(attr), []).append(entry)
    return {name: items[0] if len(items) == 1 else items for name, items in grouped.items()}


@dataclass(frozen=True, slots=True)
class Bucket:
    """Aggregated values of one (attribute, datasetId) series over ``[start, end)``."""

    attr: str
    dataset_id: str | None
    start: datetime
    end: datetime
    values: Mapping[Aggregate, Any]


def from_store_buckets(buckets: Iterable[AggregateBucket]) -> list[Bucket]:
    """Buckets of the store (which aggregates every datasetId of an attribute together)."""
    return [Bucket(b.attr, None, b.start, b.end, b.values) for b in buckets]


def aggregated_attrs(
    buckets: Iterable[Bucket],
    methods: Sequence[Aggregate],
    kinds: Mapping[tuple[str, str | None], AttrType],
    names: NameMap,
) -> dict[str, Any]:
    """The aggregated representation: per attribute and datasetId, per method ``[[value, start, end]]``."""
    series: dict[tuple[str, str | None], dict[str, Any]] = {}
    for b in buckets:
        key = (b.attr, b.dataset_id)
        entry = series.get(key)
        if entry is None:
            kind = kind_for(kinds, b.attr, b.dataset_id, None)
            entry = {"type": kind.value, **{m.value: [] for m in methods}}
            if b.dataset_id is not None:
                entry["datasetId"] = b.dataset_id
            series[key] = entry
        start, end = format_instant(b.start), format_instant(b.end)
        for m in methods:
            entry[m.value].append([b.values.get(m), start, end])
    return _by_attribute(series, names)


# -- aggregation semantics of clause 4.5.19 ---------------------------------------------------------------


def _distinct_key(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return _CANONICAL.encode(value)


def aggregate_values(
    values: Sequence[Any], methods: Sequence[Aggregate], kind: AttrType = AttrType.PROPERTY
) -> dict[Aggregate, Any]:
    """Clause 4.5.19 over one period's values (InvalidRequest where a method does not apply).

    Numbers as themselves and booleans as 1 / 0: every method (``stddev`` is the population one, as the
    stores compute it). Strings: ``min`` / ``max`` in lexicographic order. Arrays: ``sum``, ``avg``,
    ``min``, ``max`` of their sizes. Objects, mixed values and Relationships: the two counts only.
    """
    out: dict[Aggregate, Any] = {}
    for method in methods:
        if method is Aggregate.TOTAL_COUNT:
            out[method] = len(values)
        elif method is Aggregate.DISTINCT_COUNT:
            out[method] = len({_distinct_key(v) for v in values})
        else:
            out[method] = _measure(values, method, kind)
    return out


def _measure(values: Sequence[Any], method: Aggregate, kind: AttrType) -> Any:
    if not values:
        return None
    if kind is AttrType.PROPERTY:
        if all(isinstance(v, int | float) for v in values):  # bool is an int: 1 / 0 as the spec says
            return _numeric([float(v) for v in values], method)
        if all(isinstance(v, str) for v in values) and method in (Aggregate.MIN, Aggregate.MAX):
            return min(values) if method is Aggregate.MIN else max(values)
        if all(isinstance(v, list) for v in values) and method not in (Aggregate.STDDEV, Aggregate.SUMSQ):
            return _numeric([float(len(v)) for v in values], method)
    raise InvalidRequest(f"aggregation method {method.value} does not apply to these {kind.value} values")


def _numeric(nums: list[float], method: Aggregate) -> float:
    n = len(nums)
    if method is Aggregate.SUM:
        return math.fsum(nums)
    if method is Aggregate.MIN:
        return min(nums)
    if method is Aggregate.MAX:
        return max(nums)
    if method is Aggregate.SUMSQ:
        return math.fsum(x * x for x in nums)
    mean = math.fsum(nums) / n
    if method is Aggregate.AVG:
        return mean
    return math.sqrt(math.fsum((x - mean) ** 2 for x in nums) / n)


def check_methods(kind: AttrType, methods: Iterable[Aggregate], attr: str) -> None:
    """InvalidRequest when a method cannot apply to an attribute of this kind at all (clause 5.7.4.4)."""
    if kind is AttrType.PROPERTY:
        return
    bad = [m.value for m in methods if m not in _COUNTS]
    if bad:
        raise InvalidRequest(
            f"aggregation method(s) {', '.join(bad)} do not apply to {kind.value} {attr!r};"
            " only totalCount and distinctCount do"
        )


def bucket_instances(
    instances: Iterable[AttributeInstance],
    methods: Sequence[Aggregate],
    kind: AttrType,
    *,
    origin: datetime,
    period: timedelta | None,
    end: datetime,
    prop: TimeProperty = TimeProperty.OBSERVED_AT,
) -> list[Bucket]:
    """Aggregate one attribute's instances per datasetId into the stores' buckets (periods on ``prop``).

    Buckets are ``[origin + k·period, origin + (k+1)·period)`` and only non-empty ones are returned; without
    a period one bucket spans ``[origin, end)``, as the stores do.
    """
    groups: dict[tuple[str, str | None, int], list[Any]] = {}
    for inst in instances:
        k = 0 if period is None else (inst.time_of(prop) - origin) // period
        groups.setdefault((inst.attr, inst.dataset_id, k), []).append(inst.value)
    out = []
    for (attr, dataset, k), values in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or "", g[0][2])):
        lo, hi = (origin, end) if period is None else (origin + k * period, origin + (k + 1) * period)
        out.append(Bucket(attr, dataset, lo, hi, aggregate_values(values, methods, kind)))
    return out


# -- temporal provision (EntityTemporal bodies, clause 5.2.20) ----------------------------------------------


@dataclass(slots=True)
class TemporalPayload:
    """What a temporal provision body holds: the instances to append and the newest one per series."""

    entity_id: str
    types: tuple[str, ...]
    instances: list[AttributeInstance]
    latest: dict[str, list[Attribute]]
    """The newest instance of each (attribute, datasetId): what the entity shows when it is created."""
    scope: tuple[str, ...] = ()
    """The body's ``scope`` (clause 4.18), kept on the entity that provision creates."""


def new_instance_id() -> str:
    """A fresh attribute instance id (a URN)."""
    return instance_id()


def payload_from_body(
    data: Any,
    names: NameMap,
    *,
    now: datetime,
    entity_id: str | None = None,
    types: tuple[str, ...] = (),
) -> TemporalPayload:
    """An EntityTemporal (fragment): each attribute an instance or an array of instances of any datasetId.

    Instances without ``observedAt`` are stamped ``now``; a given ``instanceId`` (a URI) is kept, so that
    re-sending a body does not duplicate history. ``entity_id`` / ``types`` come from the path and the stored
    entity for fragments; a body that names them must agree on the id.
    """
    if not isinstance(data, dict):
        raise BadRequestData(f"a temporal entity must be a JSON object, got {type(data).__name__}")
    raw_id = data.get("id", entity_id)
    if not isinstance(raw_id, str) or not _URI.match(raw_id):
        raise BadRequestData(f"entity id must be a URI, got {raw_id!r}")
    if entity_id is not None and raw_id != entity_id:
        raise BadRequestData(f"the body's id {raw_id!r} differs from the id in the path {entity_id!r}")
    if "type" in data:
        types = tuple(dict.fromkeys((*types, *entity_types(data["type"], names, raw_id))))
    if not types:
        raise BadRequestData(f"temporal entity {raw_id!r} has no 'type'")
    given = _provided_scopes(data, raw_id, now)
    scope = max(given, key=lambda g: g[0])[1] if given else ()
    out = TemporalPayload(raw_id, types, [], {}, scope)
    for at, scopes in given:  # the scope's temporal evolution (clause 4.5.6)
        out.instances.append(
            AttributeInstance(
                raw_id, SCOPE_SERIES, at, list(scopes), None, types[0], None, new_instance_id(), now, now
            )
        )
    newest: dict[tuple[str, str | None], tuple[datetime, Attribute]] = {}
    for term, raw in data.items():
        if term in _NOT_ATTRIBUTES:
            continue
        name = names.to_store(check_name(term))
        check_name(name)
        if name.startswith(RESERVED_PREFIX):
            raise BadRequestData(f"attribute {term!r}: names starting {RESERVED_PREFIX} are reserved")
        if raw == NGSI_LD_NULL:
            # 5.5.4: the NGSI-LD Null as a first-level member value is only for update Fragments; in a
            # temporal body it may stand as an instance's value (a deletion), never for a whole member.
            raise BadRequestData(f"member {term!r}: {NGSI_LD_NULL} is not a value a temporal entity can have")
        items = raw if isinstance(raw, list) and raw and all(isinstance(i, dict) for i in raw) else [raw]
        for item in items:
            inst = instance_from_body(term, item, names)
            instance_id = inst.extra.pop("instanceId", None)
            if instance_id is None:
                instance_id = new_instance_id()
            elif not (isinstance(instance_id, str) and _URI.match(instance_id)):
                raise BadRequestData(f"attribute {term!r}: instanceId must be a URI, got {instance_id!r}")
            observed = now if inst.observed_at is None else parse_instant(inst.observed_at)
            out.instances.append(
                AttributeInstance(
                    raw_id,
                    name,
                    observed,
                    inst.value,
                    inst.dataset_id,
                    types[0],
                    inst.unit_code,
                    instance_id,
                    now,
                    now,
                )
            )
            key = (name, inst.dataset_id)
            if key not in newest or observed >= newest[key][0]:
                newest[key] = (observed, inst)
    for (name, _), (_, inst) in newest.items():
        out.latest.setdefault(name, []).append(inst)
    return out


def _provided_scopes(
    data: Mapping[str, Any], entity_id: str, now: datetime
) -> list[tuple[datetime, tuple[str, ...]]]:
    """The scopes a temporal body gives, with the time each was set: the member as on /entities (set now),
    or, in the temporal form of clause 4.5.6 (instances of a Property whose value is the scope), each
    instance's value at its observedAt (now without one). The newest is the entity's scope."""
    raw = data.get("scope")
    items = raw if isinstance(raw, list) else [raw]
    if raw is None or not items or not all(isinstance(i, dict) for i in items):
        scope = scope_of(data, entity_id)
        return [(now, scope)] if scope else []
    out = []
    for item in items:
        assert isinstance(item, dict)  # checked above
        at = item.get("observedAt")
        scope = scope_of({"scope": item.get("value")}, entity_id)
        if scope:
            out.append((parse_instant(at) if isinstance(at, str) else now, scope))
    return out


_NOT_ATTRIBUTES = frozenset({"id", "type", "scope", "@context", "createdAt", "modifiedAt", "deletedAt"})
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
