"""NGSI-LD temporal endpoints (ETSI GS CIM 009 clauses 5.6.11-5.6.16, 5.7.3, 5.7.4, 6.18-6.22, 6.24).

The temporal evolution of an entity is its attribute history: every write of the core API records the
written instances (and deletions), and temporal provision appends instances directly. Entities are selected
like the core query does (type, id, idPattern, geo-query, scopeQ on the current state), kept only when they
have history in the requested window (clause 5.7.4.4) and, with ``q``, when ``q`` holds over their
instances in the window; pages and counts are over the kept entities. An answer with more attribute
instances than the server's limit is paged in time (206 with ``Content-Range``, clause 6.3.10); see
:mod:`citytwin.ngsild.temporal_window`.

Temporal provision also keeps the current state in step: an entity that does not exist yet is created with
the newest provided instance of each attribute, and attributes it lacks are added, so the query endpoints
find what was provided. Existing current values are never overwritten by provision (history may be a
back-fill). Aggregation runs in the store's SQL; series the SQL cannot answer as clause 4.5.19 says
(booleans, strings, arrays, datasetIds), and the instances a ``datasetId`` selection or a temporal
``scopeQ`` keeps, are aggregated here from their instances.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.core.entities import AttrType, Entity
from citytwin.core.query import Aggregate, AggregateQuery, AttributeInstance, HistoryQuery, Predicate
from citytwin.core.scopeq import ScopeExpr, parse_scope_q, scope_matches
from citytwin.core.timeutil import format_instant, parse_instant
from citytwin.errors import AlreadyExists, BadRequestData, InvalidRequest, ResourceNotFound
from citytwin.federation import distributed
from citytwin.ngsild.representation import Projection, instance_from_body, projection
from citytwin.ngsild.request import (
    BASE,
    COUNT_HEADER,
    Call,
    begin,
    bool_param,
    csf_filter,
    no_content,
    paging,
    services,
    split_list,
)
from citytwin.ngsild.routes_query import Plan, plan_from_body, plan_from_params
from citytwin.ngsild.temporal import (
    AGGREGATED_VALUES,
    TEMPORAL_VALUES,
    Bucket,
    Representation,
    TemporalParams,
    aggregated_attrs,
    bucket_instances,
    check_methods,
    empty_attribute,
    from_store_buckets,
    kind_for,
    kinds_of,
    normalized_attrs,
    parse_duration,
    parse_temporal,
    payload_from_body,
    scope_member,
    temporal_entity,
    temporal_values_attrs,
)
from citytwin.ngsild.temporal_window import (
    Period,
    base_name,
    in_series_order,
    is_marker,
    is_scope_series,
    marker_name,
    matching_periods,
    newest,
    page,
    q_attributes,
    scope_periods,
    scope_series,
    shown_scope,
    window_matches,
    with_markers,
    within,
)
from citytwin.storage.base import TenantStore

TEMPORAL_OPTIONS = frozenset({TEMPORAL_VALUES, AGGREGATED_VALUES, "normalized", "sysAttrs"})
SCAN_CHUNK = 1000
"""Candidate entities read per store call while looking for ones with history in the window."""
NO_ATTR = "urn:citytwin:no-attribute"
"""Projects candidates onto no attribute, so that selecting them decodes as little as possible."""
_COUNTS = frozenset({Aggregate.TOTAL_COUNT, Aggregate.DISTINCT_COUNT})


@dataclass(slots=True)
class Target:
    """One entity of a temporal answer: its id, types and current state (None when only history is left)."""

    entity_id: str
    types: tuple[str, ...]
    entity: Entity | None = None
    periods: list[Period] | None = None
    """With a ``scopeQ``: when a matching scope was valid in the window; only instances of those times are
    returned (TP 5744_03_07). None: no scope restriction."""


# -- request pieces ---------------------------------------------------------------------------------------


def option_flags(request: Request) -> list[str]:
    """``options`` of a temporal request (400 InvalidRequest for options no temporal endpoint knows)."""
    flags = split_list(request.query_params.get("options"))
    for flag in flags:
        if flag not in TEMPORAL_OPTIONS:
            raise InvalidRequest(
                f"unknown option {flag!r}; known here: {', '.join(sorted(TEMPORAL_OPTIONS))}"
            )
    return flags


def _entity_id(request: Request) -> str:
    value: str = request.path_params["entity_id"]
    if not _URI.match(value):  # an id that is not a URI is BadRequestData, as on /entities (6.3.4)
        raise BadRequestData(f"entity id must be a URI, got {value!r}")
    return value


_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


def _project(call: Call) -> Projection:
    params = call.request.query_params
    attrs, pick, omit = (split_list(params.get(name)) for name in ("attrs", "pick", "omit"))
    if attrs and (pick or omit):  # clause 4.21 (V1.8.1): attrs is the older pick; never both (TP 020_22)
        raise BadRequestData("attrs cannot be combined with pick or omit")
    if any("{" in item for item in (*pick, *omit)):  # 5.7.3.4: no Linked Entity retrieval here (TP 5731)
        raise BadRequestData("pick and omit of a temporal request cannot select linked entities")
    return projection(call.ctx, attrs, pick, omit)


def temporal_location(entity_id: str) -> str:
    """The URL path of an entity's temporal evolution, for Location headers."""
    return f"{BASE}/temporal/entities/{quote(entity_id, safe=':')}"


def _now(request: Request) -> datetime:
    return services(request).store.clock()


# -- store steps (run on the thread pool) -----------------------------------------------------------------


def find(store: TenantStore, entity_id: str) -> Target | None:
    """The entity's current state, else its history's type; None when neither exists."""
    try:
        entity = store.get(entity_id)
    except ResourceNotFound:
        newest = store.read_history(HistoryQuery(entity_ids=(entity_id,), last_n=1))
        if not newest:
            return None
        return Target(entity_id, (newest[0].entity_type or "Thing",))
    return Target(entity_id, entity.types, entity)


def _has_history(store: TenantStore, entity_id: str) -> bool:
    """Whether any instance of the entity's history is stored (of any attribute, deletions included)."""
    return bool(store.read_history(HistoryQuery(entity_ids=(entity_id,), last_n=1)))


def series_of(tp: TemporalParams) -> tuple[str, ...]:
    """The history series a request reads: the attributes' and their deletions' (deletedAt: deletions)."""
    attrs = tp.history.attrs
    if tp.deleted:
        return tuple(marker_name(a) for a in attrs)
    return with_markers(attrs)


def _kept(tp: TemporalParams, inst: AttributeInstance) -> bool:
    """Whether an attribute instance read is one the request selects (the scope series is shown apart)."""
    if is_scope_series(inst.attr):
        return False
    return tp.wants_dataset(inst.dataset_id) and (not tp.deleted or is_marker(inst.attr))


def _window_ids(store: TenantStore, ids: list[str], tp: TemporalParams) -> set[str]:
    """Which of ``ids`` have history of the requested attributes (and datasetIds) in the window."""
    probe = replace(
        tp.history, entity_ids=tuple(ids), attrs=series_of(tp), last_n=None if tp.dataset_ids else 1
    )
    return {i.entity_id for i in store.read_history(probe) if _kept(tp, i)}


def _q_ids(
    store: TenantStore, types: dict[str, tuple[str, ...]], tp: TemporalParams, pred: Predicate
) -> set[str]:
    """Which of the entities (id → types) satisfy ``pred`` over their instances in the window."""
    query = replace(
        tp.history,
        entity_ids=tuple(types),
        attrs=tuple(sorted(q_attributes(pred))),
        last_n=None,
        dataset_id=None,
    )
    grouped: dict[str, list[AttributeInstance]] = {i: [] for i in types}
    for inst in store.read_history(query):
        grouped[inst.entity_id].append(inst)
    links = _link_kinds(store, [i for i, insts in grouped.items() if insts])
    return {i for i, insts in grouped.items() if window_matches(pred, i, types[i], insts, links.get(i))}


def _link_kinds(store: TenantStore, ids: list[str]) -> dict[str, dict[str, AttrType]]:
    """Entity → its attributes that are (List)Relationships now: history keeps values, not kinds."""
    found = store.get_many(ids) if ids else {}
    return {
        entity_id: {name: inst.type for name, inst in entity.iter_instances() if inst.type in _LINKS}
        for entity_id, entity in found.items()
    }


_LINKS = frozenset({AttrType.RELATIONSHIP, AttrType.LIST_RELATIONSHIP})


def _scope_ids(
    store: TenantStore, kept: Sequence[Entity], tp: TemporalParams, expr: ScopeExpr
) -> dict[str, list[Period]]:
    """Which entities had a scope matching ``expr`` in the window, and when (clause 4.18: a scope is valid
    from when it was set until replaced or removed). An entity whose scope history holds nothing (its
    scope was set without history) is judged on its current scope, valid throughout."""
    window = tp.history.bounds()
    history = HistoryQuery(entity_ids=tuple(e.id for e in kept), attrs=scope_series())
    grouped: dict[str, list[AttributeInstance]] = {}
    for inst in store.read_history(history):
        grouped.setdefault(inst.entity_id, []).append(inst)
    out: dict[str, list[Period]] = {}
    for entity in kept:
        events = grouped.get(entity.id)
        if events:
            periods = matching_periods(scope_periods(events), expr, window)
        else:
            periods = [window] if scope_matches(expr, entity.scope) else []
        if periods:
            out[entity.id] = periods
    return out


def _in_periods(store: TenantStore, periods: dict[str, list[Period]], tp: TemporalParams) -> set[str]:
    """Which entities have history of the requested attributes while their matching scope was valid."""
    query = replace(tp.history, entity_ids=tuple(periods), attrs=series_of(tp), last_n=None)
    prop = tp.time_property
    return {
        i.entity_id
        for i in store.read_history(query)
        if _kept(tp, i) and within(i.time_of(prop), periods[i.entity_id])
    }


def select(
    store: TenantStore,
    plan: Plan,
    tp: TemporalParams,
    *,
    limit: int,
    offset: int,
    count: bool,
    window_q: Predicate | None = None,
    scope_q: ScopeExpr | None = None,
) -> tuple[list[Target], int | None]:
    """One page of the entities the plan selects that have history in the window, and their count.

    Candidates are read without their attributes (the residual filter needs ids, types and scopes only);
    ``scope_q`` is evaluated over their scope history in the window and ``window_q`` over their instances
    in the window, and the page's entities read whole.
    """
    light = replace(plan.query, attrs=(NO_ATTR,), count=False)
    page: list[str] = []
    periods: dict[str, list[Period]] = {}
    seen = start = 0
    size = SCAN_CHUNK if plan.keep is not None or count else min(SCAN_CHUNK, max(offset + limit, 100))
    while True:
        chunk = store.query(replace(light, limit=size, offset=start)).entities
        kept = [e for e in chunk if plan.keep is None or plan.keep(e)]
        if scope_q is not None and kept:
            valid = _scope_ids(store, kept, tp, scope_q)
            kept = [e for e in kept if e.id in valid]
            periods.update(valid)
        candidates = [e.id for e in kept]
        if scope_q is not None:
            having = _in_periods(store, {i: periods[i] for i in candidates}, tp) if candidates else set()
        else:
            having = _window_ids(store, candidates, tp) if candidates else set()
        if window_q is not None and having:
            having &= _q_ids(store, {e.id: e.types for e in kept if e.id in having}, tp, window_q)
        for entity_id in candidates:
            if entity_id in having:
                if offset <= seen < offset + limit:
                    page.append(entity_id)
                seen += 1
        if len(chunk) < size or (not count and seen >= offset + limit):
            break
        start += size
        size = SCAN_CHUNK
    found = store.get_many(page) if page else {}
    targets = [Target(i, found[i].types, found[i], periods.get(i)) for i in page if i in found]
    return targets, seen if count else None


def _history(store: TenantStore, targets: Sequence[Target], tp: TemporalParams) -> list[AttributeInstance]:
    """The targets' instances in the window, per (entity, attribute) in time order, deletions merged in."""
    query = replace(
        tp.history,
        entity_ids=tuple(t.entity_id for t in targets),
        attrs=series_of(tp),
        dataset_id=_store_dataset(tp),
    )
    restrict = {t.entity_id: t.periods for t in targets if t.periods is not None}
    prop = tp.time_property
    found = in_series_order(
        [
            i
            for i in store.read_history(query)
            if _kept(tp, i)
            and (i.entity_id not in restrict or within(i.time_of(prop), restrict[i.entity_id]))
        ],
        prop,
    )
    last_n = tp.history.last_n
    if last_n is not None and not tp.deleted and any(is_marker(i.attr) for i in found):
        found = newest(found, last_n)  # the store counted values and deletions apart
    return found


def aggregate(
    store: TenantStore, targets: Sequence[Target], tp: TemporalParams, project: Projection
) -> list[tuple[str, Bucket]]:
    """(entity id, bucket) pairs of the aggregated representation, following clause 4.5.19.

    Without a window start the periods start at the first instance of the attributes answered (and without
    a period or window end, the one period ends after their last): the store takes both from every series
    it reads, so a read that met others (the scope, deletions, attributes pick/omit leaves out) is redone
    over the answered attributes alone. A ``datasetId`` selection or a temporal ``scopeQ`` (the targets'
    periods) keeps only some instances of a series, as the other representations do: those are aggregated
    from the kept instances (:func:`_aggregate_selected`).
    """
    ids = tuple(t.entity_id for t in targets)
    methods = tuple(dict.fromkeys((*tp.methods, Aggregate.TOTAL_COUNT)))
    read = replace(tp.history, entity_ids=ids, last_n=None)
    if read.attrs:
        read = replace(read, attrs=tuple(a for a in read.attrs if _answered(a, project)))
        if not read.attrs:
            return []  # (no attributes would read every series)
    limits = {t.entity_id: t.periods for t in targets if t.periods is not None}
    if tp.dataset_ids is not None or limits:
        return _aggregate_selected(store, targets, tp, project, read=read, limits=limits)
    found = store.aggregate_history(AggregateQuery(read, methods, tp.period))
    start, end = tp.history.bounds()
    from_data = start is None or (tp.period is None and end is None)
    if from_data and any(not _answered(b.attr, project) for b in found):
        answered = tuple(dict.fromkeys(b.attr for b in found if _answered(b.attr, project)))
        if not answered:
            return []
        found = store.aggregate_history(AggregateQuery(replace(read, attrs=answered), methods, tp.period))
    if not found:
        return []
    origin = start if start is not None else min(b.start for b in found)
    whole_end = end if end is not None else found[0].end
    kinds = {t.entity_id: kinds_of(t.entity) for t in targets}
    series: dict[tuple[str, str], list[Bucket]] = {}
    for b in found:
        series.setdefault((b.entity_id, b.attr), []).extend(from_store_buckets([b]))
    kept = [key for key in series if _answered(key[1], project)]
    # SQL aggregates a series' datasetIds together: those with any are aggregated from their instances,
    # also for datasetIds the entity holds no more (their instances stay in the history).
    with_datasets = store.dataset_series(kept)
    out: list[tuple[str, Bucket]] = []
    for entity_id, attr in kept:
        buckets = series[(entity_id, attr)]
        entity_kinds = kinds[entity_id]
        kind = kind_for(entity_kinds, attr, None, None)
        check_methods(kind, tp.methods, attr)
        if (entity_id, attr) in with_datasets or _needs_instances(entity_kinds, attr, buckets, tp):
            history = replace(tp.history, entity_ids=(entity_id,), attrs=(attr,), last_n=None)
            buckets = bucket_instances(
                store.read_history(history),
                tp.methods,
                kind,
                origin=origin,
                period=tp.period,
                end=whole_end,
                prop=tp.time_property,
            )
        out.extend((entity_id, b) for b in buckets)
    return out


def _aggregate_selected(
    store: TenantStore,
    targets: Sequence[Target],
    tp: TemporalParams,
    project: Projection,
    *,
    read: HistoryQuery,
    limits: Mapping[str, list[Period]],
) -> list[tuple[str, Bucket]]:
    """The aggregated representation of the instances a ``datasetId`` selection and a temporal ``scopeQ``
    keep (``limits``: entity → when its matching scope was valid), aggregated here from those instances:
    the store aggregates every datasetId of a series at every time. The periods start at the first of
    them (without a window start) and the one whole-range period ends after the last (without a window
    end), as :func:`aggregate` does over the store's.

    Which series are aggregated at all is the store's answer (a governed store leaves out those the
    subject may not aggregate: hidden and masked attributes), counted only.
    """
    dataset = _store_dataset(tp)
    listed = store.aggregate_history(
        AggregateQuery(replace(read, dataset_id=dataset), (Aggregate.TOTAL_COUNT,))
    )
    series = {(b.entity_id, b.attr) for b in listed if _answered(b.attr, project)}
    if not series:
        return []
    query = replace(read, attrs=tuple(sorted({a for _, a in series})), dataset_id=dataset)
    prop = tp.time_property
    grouped: dict[tuple[str, str], list[AttributeInstance]] = {}
    for inst in store.read_history(query):
        key = (inst.entity_id, inst.attr)
        if key not in series or not tp.wants_dataset(inst.dataset_id):
            continue
        scope = limits.get(inst.entity_id)
        if scope is None or within(inst.time_of(prop), scope):
            grouped.setdefault(key, []).append(inst)
    kinds = {t.entity_id: kinds_of(t.entity) for t in targets}
    for entity_id, attr in sorted(series):
        check_methods(kind_for(kinds[entity_id], attr, None, None), tp.methods, attr)
    if not grouped:
        return []
    start, end = tp.history.bounds()
    times = [i.time_of(prop) for found in grouped.values() for i in found]
    origin = start if start is not None else min(times)
    whole_end = end if end is not None else max(times) + _MICROSECOND
    out: list[tuple[str, Bucket]] = []
    for (entity_id, attr), instances in sorted(grouped.items(), key=lambda item: item[0]):
        kind = kind_for(kinds[entity_id], attr, None, None)
        buckets = bucket_instances(
            instances, tp.methods, kind, origin=origin, period=tp.period, end=whole_end, prop=prop
        )
        out.extend((entity_id, b) for b in buckets)
    return out


_MICROSECOND = timedelta(microseconds=1)


def _store_dataset(tp: TemporalParams) -> str | None:
    """The one datasetId a selection names, for the store to filter on (None: the store cannot)."""
    chosen = tp.dataset_ids
    if chosen is None or len(chosen) != 1:
        return None
    return next(iter(chosen))


def _answered(attr: str, project: Projection) -> bool:
    """Whether a history series is an attribute of the aggregated answer: deletions are no values, the
    scope is no attribute, and pick/omit may leave attributes out."""
    return not is_marker(attr) and not is_scope_series(attr) and project.wants(attr)


def _needs_instances(
    kinds: dict[tuple[str, str | None], AttrType], attr: str, buckets: list[Bucket], tp: TemporalParams
) -> bool:
    """Whether SQL's numeric aggregation cannot answer this series (datasetIds, non-numeric values)."""
    if any(name == attr and d is not None for name, d in kinds):
        return True
    measures = [m for m in tp.methods if m not in _COUNTS]
    return any(
        b.values.get(m) is None and b.values.get(Aggregate.TOTAL_COUNT) for b in buckets for m in measures
    )


@dataclass(frozen=True, slots=True)
class View:
    """How a temporal answer is rendered besides its representation: ``lang`` and ``sysAttrs``."""

    lang: str | None = None
    sys_attrs: bool = False


def represent(
    store: TenantStore,
    targets: Sequence[Target],
    tp: TemporalParams,
    call: Call,
    project: Projection,
    *,
    view: View = View(),
) -> tuple[list[dict[str, Any]], str | None]:
    """The temporal representation of each target, in the order given, and the Content-Range of a part."""
    if not targets:
        return [], None  # (a history query naming no entity would read every entity's)
    kinds = {t.entity_id: kinds_of(t.entity) for t in targets}
    out: dict[str, dict[str, Any]] = {
        t.entity_id: temporal_entity(t.entity_id, t.types, call.ctx) for t in targets
    }
    if tp.representation is Representation.AGGREGATED:
        per: dict[str, list[Bucket]] = {}
        for entity_id, bucket in aggregate(store, targets, tp, project):
            per.setdefault(entity_id, []).append(bucket)
        for entity_id, buckets in per.items():
            out[entity_id].update(aggregated_attrs(buckets, tp.methods, kinds[entity_id], call.ctx))
        _system_times(out, targets, [], view)
        return list(out.values()), None
    instances = [i for i in _history(store, targets, tp) if project.wants(base_name(i.attr))]
    part = page(
        instances,
        services(call.request).temporal_instance_limit,
        backwards=tp.history.last_n is not None,
        window=tp.history.bounds(),
        last_n=tp.history.last_n,
        prop=tp.time_property,
    )
    grouped: dict[str, list[AttributeInstance]] = {}
    for inst in part.instances:
        grouped.setdefault(inst.entity_id, []).append(inst)
    build = temporal_values_attrs if tp.representation is Representation.TEMPORAL_VALUES else normalized_attrs
    prop = tp.time_property
    for entity_id, found in grouped.items():
        out[entity_id].update(
            build(found, kinds[entity_id], call.ctx, view.lang, prop=prop, sys_attrs=view.sys_attrs)
        )
    if part.content_range is not None:  # attributes paged out entirely are still named, empty
        for inst in instances:
            attr = base_name(inst.attr)
            name = call.ctx.from_store(attr)
            if name not in out[inst.entity_id]:
                kind = kind_for(kinds[inst.entity_id], attr, inst.dataset_id, inst.value)
                out[inst.entity_id][name] = empty_attribute(kind, tp.representation)
    if project.wants_member("scope"):
        _scopes(store, out, targets, tp, view)
    _system_times(out, targets, instances, view)
    return list(out.values()), part.content_range


def _scopes(
    store: TenantStore,
    out: dict[str, dict[str, Any]],
    targets: Sequence[Target],
    tp: TemporalParams,
    view: View,
) -> None:
    """4.5.6: the Scope as the temporal representation of a Property, from its history: the scopes set
    in the window and the one valid at its start (a scope stays valid until removed, 4.18: TP 5744_03_11);
    with ``timeproperty=deletedAt`` its removals (TP 020_19). An entity whose scope was set without
    history shows its current scope, stamped with the entity's modifiedAt (4.5.6: a change by the core
    API copies modifiedAt into observedAt)."""
    found = store.read_history(
        HistoryQuery(entity_ids=tuple(t.entity_id for t in targets), attrs=scope_series())
    )
    grouped: dict[str, list[AttributeInstance]] = {}
    for inst in found:
        grouped.setdefault(inst.entity_id, []).append(inst)
    rep = tp.representation
    for t in targets:
        events = grouped.get(t.entity_id)
        if events:
            shown = shown_scope(events, tp.history.bounds(), deleted=tp.deleted)
            if shown:
                out[t.entity_id]["scope"] = scope_member(
                    shown, rep, prop=tp.time_property, sys_attrs=view.sys_attrs
                )
            continue
        if tp.deleted or t.entity is None or not t.entity.scope:
            continue
        scope: Any = t.entity.scope[0] if len(t.entity.scope) == 1 else list(t.entity.scope)
        stamp = t.entity.modified_at or t.entity.created_at
        if rep is Representation.TEMPORAL_VALUES:
            out[t.entity_id]["scope"] = {"type": "Property", "values": [[scope, stamp]]}
            continue
        instance: dict[str, Any] = {"type": "Property", "value": scope}
        if stamp is not None:
            instance["observedAt"] = stamp
            if view.sys_attrs:
                instance["modifiedAt"] = stamp
        out[t.entity_id]["scope"] = [instance]


def _system_times(
    out: dict[str, dict[str, Any]], targets: Sequence[Target], instances: list[AttributeInstance], view: View
) -> None:
    """With sysAttrs: the entity's createdAt / modifiedAt, or for a deleted one when it was deleted."""
    if not view.sys_attrs:
        return
    deleted: dict[str, datetime] = {}
    for inst in instances:
        if is_marker(inst.attr):
            deleted[inst.entity_id] = max(inst.observed_at, deleted.get(inst.entity_id, inst.observed_at))
    for t in targets:
        body = out[t.entity_id]
        if t.entity is not None:
            if t.entity.created_at is not None:
                body["createdAt"] = t.entity.created_at
            if t.entity.modified_at is not None:
                body["modifiedAt"] = t.entity.modified_at
            if t.entity.expires_at is not None:
                body["expiresAt"] = t.entity.expires_at  # 6.3.11: a system temporal attribute (TP 6311_01)
        elif t.entity_id in deleted:
            body["deletedAt"] = format_instant(deleted[t.entity_id])


def _pick_members(body: dict[str, Any], project: Projection) -> dict[str, Any]:
    if project.members is None and not project.drop & {"id", "type"}:
        return body
    return {k: v for k, v in body.items() if k not in ("id", "type") or project.wants_member(k)}


# -- consumption ------------------------------------------------------------------------------------------


async def retrieve_temporal(request: Request) -> Response:
    """GET /temporal/entities/{id}: the entity's history (404 when neither it nor its history exists)."""
    call = await begin(request)
    entity_id = _entity_id(request)
    project = _project(call)
    flags = option_flags(request)
    tp = parse_temporal(request.query_params, flags=flags, attrs=project.attrs)

    async def mine() -> dict[str, Any] | None:  # the local evolution, for merging with context sources
        found = await call.run(find, call.store, entity_id)
        if found is None:
            return None
        got, _ = await call.run(represent, call.store, [found], tp, call, project, view=_view(request, flags))
        return _pick_members(got[0], project)

    fed = await distributed.temporal_retrieve(call, entity_id, project.attrs, tp.history.bounds(), mine)
    if fed is not None:
        return _answer(call, fed[0], None, fed[1] or None)
    target = await call.run(find, call.store, entity_id)
    if target is None:
        raise ResourceNotFound(f"entity {entity_id} has no temporal evolution here")
    view = _view(request, flags)
    body, content_range = await call.run(represent, call.store, [target], tp, call, project, view=view)
    if _members_only(body[0]) and not await call.run(_has_history, call.store, entity_id):
        # An entity whose temporal representation was deleted (5.6.16) or never recorded has none to
        # retrieve: ResourceNotFound, as the ETSI suite checks after a delete (TP 009_01). Asked only when
        # the answer holds no attribute, so a retrieve with history costs no extra read.
        raise ResourceNotFound(f"entity {entity_id} has no temporal evolution here")
    if project.keep is not None and _members_only(body[0]):
        # 5.7.3.4: none of the requested attributes exists for the entity (TP 020_08_01)
        raise ResourceNotFound(f"entity {entity_id} has none of the requested attributes")
    shown = _pick_members(body[0], project)
    if not shown:  # pick/omit left no member to show (clause 4.21, TP 020_23)
        raise ResourceNotFound(f"entity {entity_id} has no member that pick and omit keep")
    return _answer(call, shown, content_range)


_MEMBERS = frozenset({"id", "type", "scope", "createdAt", "modifiedAt", "deletedAt", "@context"})


def _members_only(body: dict[str, Any]) -> bool:
    """Whether a rendered temporal entity holds no attribute (only entity members)."""
    return all(key in _MEMBERS for key in body)


def _view(request: Request, flags: list[str]) -> View:
    return View(request.query_params.get("lang"), "sysAttrs" in flags)


def _answer(
    call: Call, body: Any, content_range: str | None, headers: dict[str, str] | None = None
) -> Response:
    """200 with the whole answer, or 206 with the part the Content-Range names."""
    if content_range is None:
        return call.respond(body, headers=headers)
    return call.respond(body, status=206, headers={**(headers or {}), "Content-Range": content_range})


@dataclass(frozen=True, slots=True)
class ScopeFilter:
    """A temporal ``scopeQ``: evaluated over the scope history in the window, not the current scope, so
    the plan that selects candidates is the request's without it."""

    expr: ScopeExpr
    plan: Plan


async def _query(
    call: Call,
    plan: Plan,
    project: Projection,
    tp: TemporalParams,
    *,
    flags: list[str],
    q_given: bool,
    scoped: ScopeFilter | None = None,
) -> Response:
    request = call.request
    limit, offset = paging(request, call.settings.max_page_size)
    count = bool_param(request, "count")
    # q holds over the window's instances, not the current state: the store query drops it (and the
    # attrs filter folded into it, which the window check covers).
    window_q = plan.query.q if q_given else None
    plan = Plan(replace(plan.query, q=None), plan.keep)
    local = plan if scoped is None else Plan(replace(scoped.plan.query, q=None), scoped.plan.keep)
    scope_q = None if scoped is None else scoped.expr

    async def mine(n: int, o: int, c: bool) -> tuple[list[dict[str, Any]], int | None]:  # the local part
        got, tot = await call.run(
            select, call.store, local, tp, limit=n, offset=o, count=c, window_q=window_q, scope_q=scope_q
        )
        rows, _ = await call.run(represent, call.store, got, tp, call, project, view=_view(request, flags))
        return [_pick_members(b, project) for b in rows], tot

    bounds = tp.history.bounds()
    fed = await distributed.temporal_query(
        call, plan.query, project.attrs, bounds, limit=limit, offset=offset, count=count, local=mine
    )
    if fed is not None:  # matching context sources: the merged page
        counted = {COUNT_HEADER: str(fed[1])} if fed[1] is not None else {}
        return _answer(call, fed[0], None, {**counted, **fed[2]} or None)
    targets, total = await call.run(
        select,
        call.store,
        local,
        tp,
        limit=limit,
        offset=offset,
        count=count,
        window_q=window_q,
        scope_q=scope_q,
    )
    view = _view(request, flags)
    body, content_range = await call.run(represent, call.store, targets, tp, call, project, view=view)
    headers = {COUNT_HEADER: str(total)} if total is not None else None
    return _answer(call, [_pick_members(b, project) for b in body], content_range, headers)


_SYSTEM_ATTRS = frozenset({"createdAt", "modifiedAt", "deletedAt", "observedAt", "id", "type", "scope"})
_SELECTING = ("type", "q", "id", "idPattern", "georel", "scopeQ")


def _check_wide(plan: Plan, params: Mapping[str, str] | None = None, *, local: bool = False) -> None:
    """5.7.4.4: a temporal query needs type, attrs, q or a geo-query; ids alone select too widely (TP
    021_24), unless ``local=true`` keeps it to this broker (TP 021_25)."""
    if local:
        return
    q = plan.query
    too_wide = not (q.types or q.q is not None or q.geo is not None or q.scopes)
    if params is not None and not too_wide:
        # 5.7.4.4: attrs narrows a temporal query only with a non-system Attribute (TP 5741_01_01)
        attrs = split_list(params.get("attrs"))
        selecting = any(params.get(name) for name in _SELECTING)
        too_wide = bool(attrs) and not selecting and all(a in _SYSTEM_ATTRS for a in attrs)
    if too_wide:
        raise BadRequestData("a temporal query needs type, attrs, q or a geo-query (too wide)")


def _check_order(params: Mapping[str, str]) -> None:
    """5.7.4.4: the ordering parameter of a temporal query may only name the ``id`` member (TP 5741_01_06)."""
    order = split_list(params.get("orderBy"))
    if any(item.split(";")[0] != "id" for item in order):
        raise BadRequestData("orderBy of a temporal query may only refer to the entity member 'id'")


async def query_temporal(request: Request) -> Response:
    """GET /temporal/entities: entities selected like GET /entities, with history in the window."""
    call = await begin(request)
    params = request.query_params
    csf_filter(request, call.ctx)
    project = _project(call)
    plan = plan_from_params(params, call.ctx, project)
    _check_wide(plan, params, local=call.local)
    _check_order(params)
    flags = option_flags(request)
    tp = parse_temporal(params, flags=flags, attrs=project.attrs, require_timerel=True)
    scoped = None
    if params.get("scopeQ"):
        rest = {k: v for k, v in params.items() if k != "scopeQ"}
        scoped = ScopeFilter(parse_scope_q(params["scopeQ"]), plan_from_params(rest, call.ctx, project))
    return await _query(call, plan, project, tp, flags=flags, q_given=bool(params.get("q")), scoped=scoped)


async def post_temporal_query(request: Request) -> Response:
    """POST /temporal/entityOperations/query: an NGSI-LD Query whose ``temporalQ`` is the temporal part."""
    call = await begin(request, body=True)
    vocab = split_list(request.query_params.get("expandValues"))
    plan, project = plan_from_body(call.body, call.ctx, vocab, temporal=True)
    _check_wide(plan)
    temporal_q = call.body.get("temporalQ")
    if temporal_q is None:
        raise BadRequestData("a temporal query needs a temporalQ member (timerel, timeAt ...)")
    if not isinstance(temporal_q, dict):
        raise BadRequestData("temporalQ must be an object with timerel, timeAt, endTimeAt, lastN ...")
    aggr_params = call.body.get("aggrParams", {})
    if not isinstance(aggr_params, dict):
        raise BadRequestData("aggrParams must be an object with aggrMethods and aggrPeriodDuration")
    params: dict[str, Any] = dict(request.query_params)
    # URL parameters are strings: lastN and a list of aggrMethods are written the way a URL has them.
    # The AggregationParams member (5.2.44) carries the same two names as temporalQ (5.2.21).
    for key, value in (*temporal_q.items(), *aggr_params.items()):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            params[key] = ",".join(value)
        else:
            params[key] = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    flags = option_flags(request)
    if "aggrMethods" in params and not {TEMPORAL_VALUES, AGGREGATED_VALUES} & set(flags):
        # Aggregation methods in the body ask for the aggregated representation (5.2.21, 5.2.44).
        flags = [*flags, AGGREGATED_VALUES]
    if "aggrPeriodDuration" in params:
        parse_duration(params["aggrPeriodDuration"])  # 400 for a malformed one even when unused
    tp = parse_temporal(params, flags=flags, attrs=project.attrs, require_timerel=True)
    scoped = None
    if call.body.get("scopeQ"):
        rest = {k: v for k, v in call.body.items() if k != "scopeQ"}
        scoped = ScopeFilter(
            parse_scope_q(call.body["scopeQ"]), plan_from_body(rest, call.ctx, vocab, temporal=True)[0]
        )
    return await _query(call, plan, project, tp, flags=flags, q_given=bool(call.body.get("q")), scoped=scoped)


# -- provision --------------------------------------------------------------------------------------------


def _absent(entity: Entity, latest: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {name: insts for name, insts in latest.items() if name not in entity.attrs}


def provide(store: TenantStore, body: Any, call: Call, now: datetime, entity_id: str | None) -> bool:
    """Append a temporal body's instances and keep the current state in step; True when it created it."""
    target = find(store, entity_id) if entity_id is not None else None
    if entity_id is not None and target is None:
        raise ResourceNotFound(f"entity {entity_id} has no temporal evolution here")
    payload = payload_from_body(
        body, call.ctx, now=now, entity_id=entity_id, types=target.types if target else ()
    )
    if target is None:
        target = find(store, payload.entity_id)
    created = False
    if target is None or target.entity is None:
        try:
            store.create(
                Entity(payload.entity_id, payload.types, payload.latest, scope=payload.scope), history=False
            )
            created = target is None
        except AlreadyExists:  # created meanwhile: merge into it below
            target = find(store, payload.entity_id)
    if target is not None and target.entity is not None:
        new_attrs = _absent(target.entity, payload.latest)
        if new_attrs or not set(payload.types) <= set(target.entity.types):
            store.merge(Entity(payload.entity_id, payload.types, new_attrs), history=False)
    store.append_history(payload.instances)
    return created


async def create_temporal(request: Request) -> Response:
    """POST /temporal/entities: create the temporal evolution (201) or add its instances (204)."""
    call = await begin(request, body=True, write=True)
    created = await call.run(provide, call.store, call.body, call, _now(request), None)
    call.wrote()
    if created:
        return Response(status_code=201, headers={"Location": temporal_location(str(call.body["id"]))})
    return no_content()


async def append_temporal_attrs(request: Request) -> Response:
    """POST /temporal/entities/{id}/attrs: add attribute instances (404 for an unknown entity)."""
    call = await begin(request, body=True, write=True)
    await call.run(provide, call.store, call.body, call, _now(request), _entity_id(request))
    call.wrote()
    return no_content()


# -- deletion and instance edits --------------------------------------------------------------------------


def _series(store: TenantStore, entity_id: str, attr: str) -> list[AttributeInstance]:
    return store.read_history(HistoryQuery(entity_ids=(entity_id,), attrs=(attr,)))


async def delete_temporal(request: Request) -> Response:
    """DELETE /temporal/entities/{id}: drop the entity's history (its current state stays)."""
    call = await begin(request, write=True)
    entity_id = _entity_id(request)
    if await call.run(find, call.store, entity_id) is None:
        raise ResourceNotFound(f"entity {entity_id} has no temporal evolution here")
    await call.run(call.store.delete_history, entity_id)
    return no_content()


def _delete_attr(
    store: TenantStore, entity_id: str, attr: str, term: str, *, every: bool, dataset: str | None
) -> None:
    """Delete the attribute's history (values and deletions) of all, one or the default instance."""
    deleted = 0
    for series in (attr, marker_name(attr)):
        if every or dataset is not None:
            deleted += store.delete_history(entity_id, series, dataset_id=dataset)
            continue
        instances = _series(store, entity_id, series)
        default = [i for i in instances if i.dataset_id is None]
        if default and len(default) == len(instances):
            deleted += store.delete_history(entity_id, series)
            continue
        # The store's delete cannot select "no datasetId": remove the default instances one by one.
        for inst in default:
            if inst.instance_id is not None:
                deleted += store.delete_history(entity_id, series, instance_id=inst.instance_id)
    if not deleted:
        which = f" with datasetId {dataset}" if dataset else "" if every else " (default instance)"
        raise ResourceNotFound(f"entity {entity_id} has no history of {term!r}{which}")


async def delete_temporal_attr(request: Request) -> Response:
    """DELETE /temporal/entities/{id}/attrs/{attrId}: the default instance, one datasetId or all."""
    call = await begin(request, write=True)
    term: str = request.path_params["attr_id"]
    every = bool_param(request, "deleteAll")
    dataset = request.query_params.get("datasetId")
    if dataset is not None and ":" not in dataset:
        raise BadRequestData(f"datasetId must be a URI, got {dataset!r}")
    entity_id = _entity_id(request)
    await call.run(
        _delete_attr, call.store, entity_id, call.ctx.to_store(term), term, every=every, dataset=dataset
    )
    return no_content()


def _instance_path(request: Request) -> tuple[str, str, str] | None:
    """(entity id, attribute term, instance id); None when the last segment is no URI (an attribute path)."""
    instance_id: str = request.path_params["instance_id"]
    if ":" not in instance_id:
        return None
    return _entity_id(request), request.path_params["attr_id"], instance_id


def _find_instance(
    store: TenantStore, entity_id: str, attr: str, term: str, instance_id: str
) -> AttributeInstance:
    for inst in _series(store, entity_id, attr):
        if inst.instance_id == instance_id:
            return inst
    raise ResourceNotFound(f"entity {entity_id} has no instance {instance_id} of {term!r}")


def _modify(store: TenantStore, call: Call, entity_id: str, term: str, instance_id: str) -> None:
    attr = call.ctx.to_store(term)
    body = call.body
    raw = body.get(term, body) if isinstance(body, dict) else body
    if isinstance(raw, list):
        if len(raw) != 1:
            raise BadRequestData(f"the body must hold exactly one instance of {term!r}")
        raw = raw[0]
    new = instance_from_body(term, raw, call.ctx)
    old = _find_instance(store, entity_id, attr, term, instance_id)
    observed = old.observed_at if new.observed_at is None else parse_instant(new.observed_at)
    updated = AttributeInstance(
        entity_id,
        attr,
        observed,
        new.value,
        new.dataset_id if new.dataset_id is not None else old.dataset_id,
        old.entity_type,
        new.unit_code if new.unit_code is not None else old.unit_code,
        instance_id,
        old.created_at,
        _now(call.request),  # modifiedAt: the instance was written again now
    )
    # Delete then append with the same instance id: the store has no in-place update of history.
    store.delete_history(entity_id, attr, instance_id=instance_id)
    store.append_history([updated])


async def modify_instance(request: Request) -> Response:
    """PATCH /temporal/entities/{id}/attrs/{attrId}/{instanceId}: replace one history instance."""
    call = await begin(request, body=True, write=True)
    found = _instance_path(request)
    if found is None:
        raise ResourceNotFound("no such attribute instance (an instanceId is a URI)")
    entity_id, term, instance_id = found
    await call.run(_modify, call.store, call, entity_id, term, instance_id)
    return no_content()


async def delete_instance(request: Request) -> Response:
    """DELETE /temporal/entities/{id}/attrs/{attrId}/{instanceId}: drop one history instance."""
    found = _instance_path(request)
    if found is None:  # an attribute name with a slash in it: the attribute endpoint
        request.path_params["attr_id"] = (
            f"{request.path_params['attr_id']}/{request.path_params['instance_id']}"
        )
        return await delete_temporal_attr(request)
    call = await begin(request, write=True)
    entity_id, term, instance_id = found
    attr = call.ctx.to_store(term)
    for series in (attr, marker_name(attr)):  # a value, or a recorded deletion
        if await call.run(call.store.delete_history, entity_id, series, instance_id=instance_id):
            return no_content()
    raise ResourceNotFound(f"entity {entity_id} has no instance {instance_id} of {term!r}")


def temporal_routes() -> list[Route]:
    """Routes of the temporal endpoints (the app routes ``/path/`` as ``/path``)."""
    t = f"{BASE}/temporal/entities"
    one = t + "/{entity_id:path}"
    return [
        Route(one + "/attrs/{attr_id:path}/{instance_id}", modify_instance, methods=["PATCH"]),
        Route(one + "/attrs/{attr_id:path}/{instance_id}", delete_instance, methods=["DELETE"]),
        Route(one + "/attrs/{attr_id:path}", delete_temporal_attr, methods=["DELETE"]),
        Route(one + "/attrs", append_temporal_attrs, methods=["POST"]),
        Route(t, query_temporal, methods=["GET"]),
        Route(t, create_temporal, methods=["POST"]),
        Route(one, retrieve_temporal, methods=["GET"]),
        Route(one, delete_temporal, methods=["DELETE"]),
        # Clause 6.24 names /temporal/entityOperations/query; /temporalOperations/query is an alias.
        Route(f"{BASE}/temporal/entityOperations/query", post_temporal_query, methods=["POST"]),
        Route(f"{BASE}/temporalOperations/query", post_temporal_query, methods=["POST"]),
    ]


__all__ = ["temporal_routes"]
