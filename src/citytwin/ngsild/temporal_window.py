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
from citytwin.core.query import AttributeInstance, Compare, Exists, Not, Predicate
from citytwin.core.query_eval import evaluate
from citytwin.core.timeutil import format_instant
from citytwin.ngsild.representation import RESERVED_PREFIX

DELETED_PREFIX = RESERVED_PREFIX
"""Names the deletion series of an attribute; reserved (request bodies may not name attributes so)."""
NGSI_LD_NULL = "urn:ngsi-ld:null"


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
    return [
        AttributeInstance(
            entity.id,
            marker_name(name),
            at,
            inst.type.value,
            inst.dataset_id,
            entity_type,
            None,
            instance_id(),
        )
        for name, inst in chosen
    ]


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


def in_series_order(instances: list[AttributeInstance]) -> list[AttributeInstance]:
    """Instances grouped per (entity, attribute) in time order, deletions merged into their attribute."""
    if not any(is_marker(i.attr) for i in instances):
        return instances  # the stores already order by (entity, attribute, time)
    return sorted(instances, key=lambda i: (i.entity_id, base_name(i.attr), i.observed_at))


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
) -> Page:
    """At most ``limit`` instances, cut at one timestamp (more only when one timestamp holds more).

    Forwards keeps the oldest instances, backwards (``lastN``) the newest. The range runs from the window's
    bound on the side paging starts from (else the first instance kept) to the last instance kept; its size
    is ``lastN`` when given, else unknown (``*``).
    """
    if len(instances) <= limit:
        return Page(instances)
    times = sorted((i.observed_at for i in instances), reverse=backwards)
    cut = times[limit]
    if backwards:
        kept = [i for i in instances if i.observed_at > cut] or [i for i in instances if i.observed_at >= cut]
    else:
        kept = [i for i in instances if i.observed_at < cut] or [i for i in instances if i.observed_at <= cut]
    first = min(i.observed_at for i in kept)
    last = max(i.observed_at for i in kept)
    start_bound, end_bound = window
    if backwards:
        start, end = (end_bound if end_bound is not None else last), first
    else:
        start, end = (start_bound if start_bound is not None else first), last
    size = str(last_n) if last_n is not None else "*"
    return Page(kept, f"date-time {format_instant(start)}-{format_instant(end)}/{size}")
