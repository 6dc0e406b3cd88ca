"""What a temporal answer holds of its window: deletions, the window's ``q``, and paging (GS CIM 009 6.3.10).

Pure: no I/O.

**Deletions.** Removing an attribute instance through the core API (attribute delete, the merge Null, entity
delete, purge) records a deletion marker in attribute history, so the temporal evolution shows when the value
ended (clause 5.2.2: a deleted element is the NGSI-LD Null, with ``deletedAt``). Markers live in a companion
series named ``urn:citytwin:deleted:<attribute>``, a namespace request bodies may not use for attributes, so
aggregations and counts of the values never see them; the value of a marker is the kind of the deleted
instance, so it renders with the right ``type`` after the attribute is gone.

**The window's q.** A temporal query's ``q`` is evaluated on the instances inside the time window (each
attribute holds all its instances there; a comparison holds when any of them satisfies it), not on the
current state.

**Scope.** An entity's scope (clause 4.5.6) has a temporal evolution too: every write that sets or changes it
records the scope (a JSON array of scopes) in the history series ``scope`` at the write time, temporal
provision records the scope instances it is given, and removing the scope records a deletion. A scope is
valid from the time it was set until the next one replaces it or it is removed (clause 4.18), so a
temporal ``scopeQ`` holds over the scopes valid in the window, and only instances from the times a matching
scope was valid are returned (TP 5744_03).

**Paging.** An answer holding more instances than the server's limit is cut at one timestamp across every
attribute and entity: forwards (oldest first) without ``lastN``, backwards (newest first) with it, and
answered 206 with ``Content-Range: date-time <start>-<end>/<size>``; the client continues from the range's
end. Attributes whose instances were all cut stay in the answer, empty.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.instance_ids import instance_id
from citytwin.core.query import AttributeInstance, Compare, Exists, Not, Predicate, TimeProperty
from citytwin.core.query_eval import evaluate
from citytwin.core.scopeq import ScopeExpr, scope_matches
from citytwin.core.timeutil import format_instant
from citytwin.ngsild.representation import RESERVED_PREFIX

DELETED_PREFIX = RESERVED_PREFIX
"""Names the deletion series of an attribute; reserved (request bodies may not name attributes so)."""
NGSI_LD_NULL = "urn:ngsi-ld:null"
SCOPE_SERIES = "scope"
"""The history series of the entity's scope (``scope`` is an entity member, never an attribute name)."""
Period = tuple[datetime | None, datetime | None]
"""A half-open time interval ``[start, end)``; None is unbounded."""


# -- deletion markers -------------------------------------------------------------------------------------


def marker_name(attr: str) -> str:
    """The history series holding the deletions of ``attr``."""
    return DELETED_PREFIX + attr


def is_marker(attr: str) -> bool:
    """Whether a history series name is a deletion series."""
    return attr.startswith(DELETED_PREFIX)


def base_name(attr: str) -> str:
    """The attribute a history series belongs to (itself, or the one whose deletions it holds)."""
    return attr[len(DELETED_PREFIX) :] if attr.startswith(DELETED_PREFIX) else attr


def with_markers(attrs: Sequence[str]) -> tuple[str, ...]:
    """History series to read for ``attrs``: theirs and their deletion series (empty: every series)."""
    return (*attrs, *(marker_name(a) for a in attrs)) if attrs else ()


def deletion_markers(
    entity: Entity,
    at: datetime,
    deletes: Iterable[tuple[str, str | None]] | None = None,
    *,
    every: bool = False,
) -> list[AttributeInstance]:
    """Markers for the instances of ``entity`` that ``deletes`` names (None: all of them), at time ``at``.

    ``deletes`` holds (attribute, datasetId) pairs; with ``every`` a pair stands for every instance of the
    attribute. Pairs naming no instance of the entity give no marker.
    """
    if deletes is None:
        chosen = list(entity.iter_instances())
    else:
        chosen = []
        seen: set[int] = set()  # a pair named twice still ends its instance once
        for name, dataset_id in deletes:
            for inst in entity.instances(name):
                if (every or inst.dataset_id == dataset_id) and id(inst) not in seen:
                    seen.add(id(inst))
                    chosen.append((name, inst))
    entity_type = entity.types[0] if entity.types else None
    markers = [
        AttributeInstance(
            entity.id,
            marker_name(name),
            at,
            inst.type.value,
            inst.dataset_id,
            entity_type,
            None,
            instance_id(),
            at,
            at,
        )
        for name, inst in chosen
    ]
    if entity.scope and (deletes is None or any(name == SCOPE_SERIES for name, _ in deletes)):
        # Removing the entity, or its scope, ends the scope's temporal evolution too (clause 4.5.6).
        markers.append(
            AttributeInstance(
                entity.id,
                marker_name(SCOPE_SERIES),
                at,
                AttrType.PROPERTY.value,
                None,
                entity_type,
                None,
                instance_id(),
                at,
                at,
            )
        )
    return markers


def marker_kind(value: Any) -> AttrType:
    """The kind a marker records (a Property when it records none it knows)."""
    try:
        return AttrType(value)
    except ValueError:
        return AttrType.PROPERTY


def null_value(kind: AttrType) -> Any:
    """The NGSI-LD Null in the value member of a deleted instance of this kind."""
    if kind is AttrType.LANGUAGE_PROPERTY:
        return {"@none": NGSI_LD_NULL}
    if kind in (AttrType.LIST_PROPERTY, AttrType.LIST_RELATIONSHIP):
        return [NGSI_LD_NULL]
    return NGSI_LD_NULL


def in_series_order(
    instances: list[AttributeInstance], prop: TimeProperty = TimeProperty.OBSERVED_AT
) -> list[AttributeInstance]:
    """Instances grouped per (entity, attribute) in time order, deletions merged into their attribute."""
    if not any(is_marker(i.attr) for i in instances):
        return instances  # the stores already order by (entity, attribute, time)
    return sorted(instances, key=lambda i: (i.entity_id, base_name(i.attr), i.time_of(prop)))


# -- scope ------------------------------------------------------------------------------------------------


def is_scope_series(attr: str) -> bool:
    """Whether a history series holds the entity's scope (or its removals)."""
    return base_name(attr) == SCOPE_SERIES


def scope_series() -> tuple[str, str]:
    """The history series to read for the scope: its values and its removals."""
    return SCOPE_SERIES, marker_name(SCOPE_SERIES)


def scopes_of(value: Any) -> tuple[str, ...]:
    """The scopes a scope-series value holds (a JSON array of scopes, or one scope)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


@dataclass(frozen=True, slots=True)
class ScopePeriod:
    """A scope and when it was valid: from when it was set until replaced or removed (clause 4.18)."""

    scopes: tuple[str, ...]
    start: datetime
    end: datetime | None


def scope_periods(instances: Iterable[AttributeInstance]) -> list[ScopePeriod]:
    """The periods of one entity's scope series (values and removals, any order)."""
    events = sorted((i for i in instances if is_scope_series(i.attr)), key=lambda i: i.observed_at)
    out: list[ScopePeriod] = []
    for k, inst in enumerate(events):
        if is_marker(inst.attr):
            continue
        end = events[k + 1].observed_at if k + 1 < len(events) else None
        out.append(ScopePeriod(scopes_of(inst.value), inst.observed_at, end))
    return out


def _overlap(a: Period, b: Period) -> Period | None:
    start = a[0] if b[0] is None else b[0] if a[0] is None else max(a[0], b[0])
    end = a[1] if b[1] is None else b[1] if a[1] is None else min(a[1], b[1])
    if start is not None and end is not None and start >= end:
        return None
    return start, end


def matching_periods(periods: Iterable[ScopePeriod], expr: ScopeExpr, window: Period) -> list[Period]:
    """The parts of the window in which a scope matching ``expr`` was valid (empty: it never was)."""
    out = []
    for period in periods:
        if scope_matches(expr, period.scopes):
            part = _overlap((period.start, period.end), window)
            if part is not None:
                out.append(part)
    return out


def within(at: datetime, periods: Sequence[Period]) -> bool:
    """Whether an instant lies in one of the periods."""
    return any((s is None or s <= at) and (e is None or at < e) for s, e in periods)


def shown_scope(
    instances: Iterable[AttributeInstance], window: Period, *, deleted: bool
) -> list[AttributeInstance]:
    """The scope instances a temporal answer shows for its window, in time order: those in the window, and
    the scope valid at its start (set before it and not removed since: TP 5744_03_11). ``deleted``
    (``timeproperty=deletedAt``): the removals in the window only."""
    events = sorted((i for i in instances if is_scope_series(i.attr)), key=lambda i: i.observed_at)
    start, end = window
    inside = [
        i
        for i in events
        if (start is None or i.observed_at >= start) and (end is None or i.observed_at < end)
    ]
    if deleted:
        return [i for i in inside if is_marker(i.attr)]
    before = [i for i in events if start is not None and i.observed_at < start]
    if before and not is_marker(before[-1].attr):
        inside.insert(0, before[-1])
    return inside


def newest(instances: list[AttributeInstance], n: int) -> list[AttributeInstance]:
    """The newest ``n`` instances of each (entity, attribute), deletions counted (input in series order)."""
    out: list[AttributeInstance] = []
    group: list[AttributeInstance] = []
    key: tuple[str, str] | None = None
    for inst in instances:
        k = (inst.entity_id, base_name(inst.attr))
        if k != key:
            out.extend(group[-n:])
            group, key = [], k
        group.append(inst)
    out.extend(group[-n:])
    return out


# -- the window's q ---------------------------------------------------------------------------------------


def q_attributes(pred: Predicate) -> set[str]:
    """The attributes a q predicate refers to."""
    if isinstance(pred, Compare | Exists):
        return {pred.path[0]}
    if isinstance(pred, Not):
        return q_attributes(pred.item)
    return set().union(*(q_attributes(p) for p in pred.items))


def window_matches(
    pred: Predicate,
    entity_id: str,
    types: Sequence[str],
    instances: Iterable[AttributeInstance],
    kinds: Mapping[str, AttrType] | None = None,
) -> bool:
    """Whether ``pred`` holds over the entity's instances in the window (deletions are no values).

    ``kinds``: attribute → kind on the current entity; history keeps values only, and 4.9 lets a
    Relationship match no operator but equal and unequal (TP 5744_02_04). Others count as Properties.
    """
    attrs: dict[str, list[Attribute]] = {}
    for inst in instances:
        if is_marker(inst.attr):
            continue
        attrs.setdefault(inst.attr, []).append(
            Attribute(
                (kinds or {}).get(inst.attr, AttrType.PROPERTY),
                inst.value,
                observed_at=format_instant(inst.observed_at),
                unit_code=inst.unit_code,
                dataset_id=inst.dataset_id,
            )
        )
    return evaluate(pred, Entity(entity_id, tuple(types) or ("Thing",), attrs))


# -- paging -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """The instances one temporal answer holds, and its Content-Range when it holds only part."""

    instances: list[AttributeInstance]
    content_range: str | None = None
    """``date-time <start>-<end>/<size>`` for a partial answer (206); None when complete."""


def page(
    instances: list[AttributeInstance],
    limit: int,
    *,
    backwards: bool,
    window: tuple[datetime | None, datetime | None],
    last_n: int | None,
    prop: TimeProperty = TimeProperty.OBSERVED_AT,
) -> Page:
    """At most ``limit`` instances, cut at one timestamp (more only when one timestamp holds more).

    Forwards keeps the oldest instances, backwards (``lastN``) the newest, by the time ``prop`` names. The
    range runs from the window's bound on the side paging starts from (else the first instance kept) to the
    last instance kept; its size is ``lastN`` when given, else unknown (``*``).
    """
    if len(instances) <= limit:
        return Page(instances)
    at = {id(i): i.time_of(prop) for i in instances}
    times = sorted(at.values(), reverse=backwards)
    cut = times[limit]
    if backwards:
        kept = [i for i in instances if at[id(i)] > cut] or [i for i in instances if at[id(i)] >= cut]
    else:
        kept = [i for i in instances if at[id(i)] < cut] or [i for i in instances if at[id(i)] <= cut]
    first = min(at[id(i)] for i in kept)
    last = max(at[id(i)] for i in kept)
    start_bound, end_bound = window
    if backwards:
        start, end = (end_bound if end_bound is not None else last), first
    else:
        start, end = (start_bound if start_bound is not None else first), last
    size = str(last_n) if last_n is not None else "*"
    return Page(kept, f"date-time {format_instant(start)}-{format_instant(end)}/{size}")
