"""NGSI-LD batch operations (ETSI GS CIM 009 6.14 to 6.18, 6.31) and purge (DELETE /entities, 1.8).

Each operation answers 201/204 when every entity succeeded and 207 with a BatchOperationResult
(``{"success": [...], "errors": [{"entityId": ..., "error": <problem>}]}``) otherwise. Entities whose body
is invalid are reported alongside those the store refused; the rest are written in one store call.
Deleting entities or attributes (batch delete, the merge Null, purge, and an upsert replacing an entity:
the instances it leaves out and the scope, as PUT /entities/{id} does) records the deletions in attribute
history (:mod:`citytwin.ngsild.temporal_window`); the batch delete body (an array of ids, which carries no
@context) is taken as ``application/json`` or ``application/ld+json``.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from citytwin.core.entities import Attribute, Entity
from citytwin.core.gcpause import gc_paused
from citytwin.core.query import AttributeInstance, EntityQuery
from citytwin.errors import (
    BadRequestData,
    CitytwinError,
    LdContextNotAvailable,
    ResourceNotFound,
    WriteConflict,
)
from citytwin.federation.writes_batch import distributed_batch
from citytwin.ngsild import members
from citytwin.ngsild.guarded import rewrite
from citytwin.ngsild.representation import (
    NameMap,
    attributes_from_body,
    entity_from_body,
    projection,
    scope_of,
)
from citytwin.ngsild.request import (
    BASE,
    Call,
    begin,
    no_content,
    parse_options,
    read_json,
    services,
    split_list,
)
from citytwin.ngsild.routes_entities import plan_merge, replaced_away, without
from citytwin.ngsild.routes_query import SCAN_CHUNK, Plan, execute, plan_from_params
from citytwin.ngsild.temporal_window import deletion_markers
from citytwin.storage.base import BatchError, BatchResult, TenantStore

_NO_ATTR = "urn:citytwin:no-attribute"
"""Projects entities onto no attribute: an existence check that decodes as little as possible."""
Handler = Callable[[Request], Awaitable[Response]]
T = TypeVar("T")
R = TypeVar("R")
FILTERS = ("type", "id", "idPattern", "q", "scopeQ", "georel", "attrs")


def batch_body(body: Any, what: str = "entities") -> list[Any]:
    """The body of a batch operation: a non-empty JSON array."""
    if not isinstance(body, list) or not body:
        raise BadRequestData(f"the body must be a non-empty JSON array of {what}")
    if None in body:  # 5.6.7.4: a null item fails the whole request (ETSI TP 567_01)
        raise BadRequestData(f"the array of {what} must not contain null")
    return body


def _error_for(raw: Any, err: CitytwinError) -> BatchError:
    entity_id = raw.get("id") if isinstance(raw, dict) else None
    return BatchError(entity_id if isinstance(entity_id, str) else "", err.to_problem())


def parse_entities(
    items: list[Any],
    names: NameMap,
    *,
    need_type: bool = True,
    nulls: bool = False,
    body: bytes | None = None,
) -> tuple[list[Entity], list[BatchError]]:
    """Parsed entities and, per failed item, a BatchError (``need_type=False``: type may be left out;
    ``nulls``: the NGSI-LD Null may appear, as in an update or merge; ``body``: the JSON text ``items``
    were decoded from, which spares walking every value for the Null when the text cannot hold it)."""
    ok: list[Entity] = []
    bad: list[BatchError] = []
    reject_nulls = members.reject_nulls
    if body is not None and not members.body_may_hold_null(body):
        reject_nulls = _reject_expanded_nulls
    with gc_paused():
        for raw in items:
            try:
                if not need_type and isinstance(raw, dict) and "type" not in raw:
                    ok.append(_typeless(raw, names))
                else:
                    entity = entity_from_body(raw, names)
                    if not nulls:
                        reject_nulls(entity.attrs, entity.scope)
                    ok.append(entity)
            except CitytwinError as err:
                bad.append(_error_for(raw, err))
    return ok, bad


def _reject_expanded_nulls(attrs: Mapping[str, Iterable[Attribute]], scope: Iterable[str] = ()) -> None:
    members.reject_expanded_nulls(attrs)  # a scope is the body's own (and starts with "/")


_PLACEHOLDER = "urn:citytwin:type-from-store"
"""Stands in for the type of an update fragment that leaves it out; the stored types replace it."""


def _typeless(raw: dict[str, Any], names: NameMap) -> Entity:
    """An update fragment without ``type`` (the stored entity's types are used when writing)."""
    entity_id = raw.get("id")
    if not isinstance(entity_id, str):
        raise BadRequestData("entity has no 'id'")
    return Entity(entity_id, (_PLACEHOLDER,), attributes_from_body(raw, names), scope_of(raw, entity_id))


def result_body(result: BatchResult) -> dict[str, Any]:
    """The NGSI-LD BatchOperationResult of a 207 answer."""
    return {
        "success": result.success,
        "errors": [{"entityId": e.entity_id, "error": e.problem} for e in result.errors],
    }


def _combine(result: BatchResult, parse_errors: list[BatchError]) -> BatchResult:
    result.errors = parse_errors + result.errors
    return result


def existing_ids(store: TenantStore, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` exist (one store query, attributes not decoded)."""
    wanted = tuple(dict.fromkeys(ids))
    if not wanted:
        return set()
    found = store.query(EntityQuery(ids=wanted, attrs=(_NO_ATTR,), limit=len(wanted))).entities
    return {e.id for e in found}


async def run_handed_over(call: Call, fn: Callable[[list[T]], R], batch: list[T]) -> R:
    """``fn(batch)`` on the thread pool, the batch handed over so that the pool keeps no reference to it.

    A pool worker keeps the function and arguments of its last call until its next one (anyio binds them to
    locals of its loop). Passed as an argument, a batch's entities would outlive the request: the cyclic
    collector, back on after it (:func:`collector_paused`), would find some forty containers an entity
    still alive and scan them all in its next young collection, and again when promoting them. ``fn`` must
    not hold the request's decoded body (``call.body``) either.
    """
    box = [batch]

    def work() -> R:
        return fn(box.pop())

    return await call.run(work)


async def _items_with_context(request: Request) -> list[Any]:
    """The entities of a batch body when their @context members, not the request, are at fault: a JSON
    body whose entities carry one, or a JSON-LD body (no Link header) whose entities lack one (else empty)."""
    ld = "ld+json" in request.headers.get("content-type", "")
    if ld and "link" in request.headers:
        return []
    try:
        items = batch_body(await read_json(request))
    except CitytwinError:
        return []
    with_context = [isinstance(i, dict) and "@context" in i for i in items]
    return items if (not all(with_context) if ld else any(with_context)) else []


async def batch_create(request: Request) -> Response:
    """POST /entityOperations/create: 201 with the created ids, or 207."""
    try:
        call = await begin(request, body=True, write=True)
    except LdContextNotAvailable as err:  # each entity fails for its @context: 207 (ETSI TP 043_01_04)
        failed = BatchResult([], [_error_for(raw, err) for raw in batch_body(await read_json(request))])
        return JSONResponse(result_body(failed), status_code=207)
    except BadRequestData as err:
        items = await _items_with_context(request)
        if not items:
            raise
        # The entities' @context members are at fault: each entity fails (ETSI TPs 003_06, 003_08)
        failed = BatchResult([], [_error_for(raw, err) for raw in items])
        return JSONResponse(result_body(failed), status_code=207)
    entities, bad = parse_entities(batch_body(call.body), call.ctx, body=await request.body())
    create = functools.partial(call.store.create_many, history=True)
    result = _combine(await run_handed_over(call, create, entities), bad)
    if result.success:
        call.wrote()
    if result.errors:
        return call.respond(result_body(result), status=207)
    return call.respond(result.success, status=201)


def _upsert(
    store: TenantStore, entities: list[Entity], *, merge: bool, clock: Callable[[], datetime]
) -> tuple[BatchResult, set[str]]:
    """Upsert with history, and the ids that existed before. A replacement (not ``merge``) records what it
    removes from an entity, as PUT /entities/{id} does: the instances it leaves out and the scope."""
    if merge:
        before = existing_ids(store, (e.id for e in entities))
        return store.upsert_many(entities, merge=True, history=True), before
    old = store.get_many(list(dict.fromkeys(e.id for e in entities)))
    result = store.upsert_many(entities, merge=False, history=True)
    if old:
        written = set(result.success)
        last = {e.id: e for e in entities if e.id in old and e.id in written}  # an id's last body wins
        now = clock()
        markers = [m for i, new in last.items() for m in _replaced_markers(old[i], new, now)]
        if markers:
            store.append_history(markers)
    return result, set(old)


def _replaced_markers(old: Entity, new: Entity, at: datetime) -> list[AttributeInstance]:
    gone = replaced_away(old, new)
    return deletion_markers(old, at, gone) if gone else []


def collector_paused(handler: Handler) -> Handler:
    """``handler`` with the cyclic collector paused from the body's decoding to the answer (gc_paused).

    A thousand-entity batch makes some hundred thousand containers (the decoded body, entities, rows,
    events), all acyclic and all alive until the handler returns. Collections while they pile up scan them
    again and again (a fifth of a batch's CPU); paused, reference counting frees them when the handler's
    frame goes, before the collector is back on, and it finds next to nothing left to scan.
    """

    @functools.wraps(handler)
    async def paused(request: Request) -> Response:
        # The body arrives at the client's pace: receive it first (Starlette keeps it for the handler), so
        # a slow sender cannot hold the collector off for every other request on this event loop.
        await request.body()
        with gc_paused():
            return await handler(request)

    return paused


async def batch_upsert(request: Request) -> Response:
    """POST /entityOperations/upsert: replace existing entities (``options=update``: merge into them)."""
    call = await begin(request, body=True, write=True)
    opts = parse_options(request, allowed={"update", "replace"})
    if opts.has("update") and opts.has("replace"):
        raise BadRequestData("options update and replace exclude each other")
    merge = opts.has("update")
    entities, bad = parse_entities(batch_body(call.body), call.ctx, nulls=merge, body=await request.body())
    upsert = functools.partial(_upsert, call.store, merge=merge, clock=services(request).store.clock)
    result, before = await run_handed_over(call, upsert, entities)
    result = _combine(result, bad)
    if result.success:
        call.wrote()
    if result.errors:
        return call.respond(result_body(result), status=207)
    created = [i for i in dict.fromkeys(result.success) if i not in before]
    return call.respond(created, status=201) if created else no_content()


def _update(
    store: TenantStore, patches: list[Entity], *, no_overwrite: bool, merge: bool, now: datetime
) -> BatchResult:
    """Batch update / merge: only existing entities; the NGSI-LD Null deletes (merge)."""
    old = store.get_many([p.id for p in patches])
    missing: list[BatchError] = []
    writes: list[Entity] = []
    removals: list[tuple[Entity, list[tuple[str, str | None]]]] = []
    markers: list[AttributeInstance] = []
    for patch in patches:
        current = old.get(patch.id)
        if current is None:
            missing.append(
                BatchError(patch.id, ResourceNotFound(f"entity {patch.id} not found").to_problem())
            )
            continue
        attrs = patch.attrs
        if no_overwrite:
            attrs = {n: i for n, i in attrs.items() if not current.instances(n)}
        deletes: list[tuple[str, str | None]] = []
        if merge:
            attrs, deletes = plan_merge(current, attrs)
        if deletes:
            removals.append((current, deletes))
        types = tuple(t for t in dict.fromkeys((*current.types, *patch.types)) if t != _PLACEHOLDER)
        writes.append(Entity(patch.id, types, attrs, patch.scope))
    gone: set[str] = set()
    for entity, deletes in removals:  # no new values: each replaced without history, before the merge
        try:
            before = rewrite(store, entity, functools.partial(without, deletes=deletes))
        except (ResourceNotFound, WriteConflict) as err:
            # Deleted meanwhile (its merge would create it again), or it kept changing: this entity fails.
            missing.append(BatchError(entity.id, err.to_problem()))
            gone.add(entity.id)
            continue
        markers += deletion_markers(before, now, deletes)
    if gone:
        writes = [w for w in writes if w.id not in gone]
    result = store.upsert_many(writes, merge=True, history=True)
    if markers:
        store.append_history(markers)
    result.errors = missing + result.errors
    return result


async def _batch_update(request: Request, *, merge: bool) -> Response:
    call = await begin(request, body=True, write=True)
    opts = parse_options(request, allowed=() if merge else {"noOverwrite"})
    patches, bad = parse_entities(batch_body(call.body), call.ctx, need_type=False, nulls=True)
    now = services(request).store.clock()
    update = functools.partial(
        _update, call.store, no_overwrite=opts.has("noOverwrite"), merge=merge, now=now
    )
    result = _combine(await run_handed_over(call, update, patches), bad)
    if result.success:
        call.wrote()
    if result.errors:
        return call.respond(result_body(result), status=207)
    return no_content()


async def batch_update(request: Request) -> Response:
    """POST /entityOperations/update: append attributes to existing entities (``options=noOverwrite``)."""
    return await _batch_update(request, merge=False)


async def batch_merge(request: Request) -> Response:
    """POST /entityOperations/merge: NGSI-LD merge into existing entities."""
    return await _batch_update(request, merge=True)


def delete_recorded(store: TenantStore, ids: list[str], now: datetime) -> BatchResult:
    """Delete entities and record the deletion of each of their attribute instances."""
    old = store.get_many(ids)
    result = store.delete_many(ids)
    gone = set(result.success)
    markers = [m for i, e in old.items() if i in gone for m in deletion_markers(e, now)]
    if markers:
        store.append_history(markers)
    return result


async def batch_delete(request: Request) -> Response:
    """POST /entityOperations/delete: the body is an array of entity ids (JSON or JSON-LD)."""
    call = await begin(request, body=True, write=True, body_context=False)
    ids = batch_body(call.body, "entity ids")
    bad = [_error_for(i, BadRequestData(f"{i!r} is not an entity id")) for i in ids if not isinstance(i, str)]
    good = [i for i in ids if isinstance(i, str)]
    now = services(request).store.clock()
    result = _combine(await call.run(delete_recorded, call.store, good, now), bad)
    if result.errors:
        return call.respond(result_body(result), status=207)
    return no_content()


def matching_ids(call: Call, plan: Plan) -> list[str]:
    """Ids of every entity the plan matches (attributes not decoded)."""
    light = Plan(replace(plan.query, attrs=(_NO_ATTR,)), plan.keep)
    entities, _ = execute(call, light, limit=2**62, offset=0, count=False)
    return [e.id for e in entities]


def _purged_names(
    entity: Entity, drop: frozenset[str] | None, keep: frozenset[str] | None
) -> list[tuple[str, str | None]]:
    """The attributes a purge removes from ``entity`` (``drop``: these; ``keep``: all but these)."""
    if drop is not None:
        return [(n, None) for n in entity.attrs if n in drop]
    return [(n, None) for n in entity.attrs if keep is not None and n not in keep]


def _purge(
    call: Call, plan: Plan, drop: frozenset[str] | None, keep: frozenset[str] | None, now: datetime
) -> None:
    """Delete matching entities, or only some of their attributes (``drop``) / all but some (``keep``).

    Ids first: removing attributes can change which entities match, which would shift offset pages. Then a
    chunk at a time: read (for the deletion records), remove, record.
    """
    store = call.store
    ids = matching_ids(call, plan)
    for start in range(0, len(ids), SCAN_CHUNK):
        chunk = ids[start : start + SCAN_CHUNK]
        if drop is None and keep is None:
            delete_recorded(store, chunk, now)
            continue
        markers: list[AttributeInstance] = []
        try:
            for entity in store.get_many(chunk).values():
                if not _purged_names(entity, drop, keep):
                    continue
                try:
                    before = rewrite(
                        store, entity, lambda e: without(e, _purged_names(e, drop, keep), every=True)
                    )
                except ResourceNotFound:  # deleted meanwhile: nothing left to purge
                    continue
                markers += deletion_markers(before, now, _purged_names(before, drop, keep), every=True)
        finally:  # what was removed is recorded, even when a later entity of the chunk fails
            if markers:
                store.append_history(markers)


async def purge_entities(request: Request) -> Response:
    """DELETE /entities: delete the entities matching the filters (``pick``/``omit``: attributes only)."""
    call = await begin(request, write=True)
    params = request.query_params
    if not any(params.get(k) for k in FILTERS):
        raise BadRequestData(f"purging needs at least one filter: {', '.join(FILTERS)}")
    pick, omit = split_list(params.get("pick")), split_list(params.get("omit"))
    if pick and omit:
        raise BadRequestData("pick and omit cannot be used together")
    project = projection(call.ctx, split_list(params.get("attrs")))
    plan = plan_from_params(params, call.ctx, project)
    plan = Plan(replace(plan.query, attrs=()), plan.keep)
    drop = frozenset(call.ctx.to_store(p) for p in pick) if pick else None
    keep = frozenset(call.ctx.to_store(o) for o in omit) if omit else None
    await call.run(_purge, call, plan, drop, keep, services(request).store.clock())
    return no_content()


def batch_routes() -> list[Route]:
    """Routes of the batch operations and purge."""
    ops = f"{BASE}/entityOperations"
    return [
        # Writes go to context sources where registrations say so (citytwin.federation.writes_batch).
        Route(f"{ops}/create", distributed_batch(collector_paused(batch_create), "create"), methods=["POST"]),
        Route(f"{ops}/upsert", distributed_batch(collector_paused(batch_upsert), "upsert"), methods=["POST"]),
        Route(f"{ops}/update", distributed_batch(collector_paused(batch_update), "update"), methods=["POST"]),
        Route(f"{ops}/merge", distributed_batch(collector_paused(batch_merge), "merge"), methods=["POST"]),
        Route(f"{ops}/delete", distributed_batch(batch_delete, "delete"), methods=["POST"]),
        Route(f"{BASE}/entities", purge_entities, methods=["DELETE"]),
    ]
