"""Distributed batch writes (``/entityOperations/create|upsert|update|merge|delete``, clauses 5.6.7-5.6.10).

Each entity of the batch is planned on its own, as a one-entity write is (:mod:`.writes_plan`); the parts
are grouped by source and sent as one batch request to each source that offers the batch operation
(``createBatch`` ...), else entity by entity to one offering the one-entity counterpart (``createEntity``,
``appendAttrs`` for update, ``mergeEntity``, ``deleteEntity``; upsert has none). What is left goes to the
local handler as one batch. An entity succeeds when every one of its parts did; the answer is the local
status when everything succeeded (``201`` with the ids for create, the created ids for upsert, else
``204``), else ``207`` with a BatchOperationResult whose errors name the ``registrationId`` of a source.
A subject the local policy does not let write a forwarded part gets that entity refused (nothing of it is
written anywhere); the rest of the batch goes on.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from citytwin.core.entities import Entity
from citytwin.errors import CitytwinError, ResourceNotFound
from citytwin.federation.client import Forward, Outcome
from citytwin.federation.guard import write_guard
from citytwin.federation.matching import SourceQuery, matching_infos
from citytwin.federation.registration import Registration
from citytwin.federation.service import Federation, Match, Sources, federation
from citytwin.federation.writes import (
    Handler,
    Writing,
    involved,
    local_result,
    raw_store,
    replay,
    type_expression,
)
from citytwin.federation.writes_plan import Plan, plan
from citytwin.federation.writes_send import (
    CORE_MEMBERS,
    Result,
    context_of,
    fetch,
    forwarded_params,
    not_found,
    q,
    refused,
    send,
    source_error,
    split_body,
)
from citytwin.ngsild.representation import attributes_from_body, entity_types
from citytwin.ngsild.request import Call, begin, no_content


@dataclass(frozen=True, slots=True)
class BatchOp:
    """One batch route: its operation, the one-entity counterpart a source may offer instead, and how
    that counterpart is sent."""

    kind: str
    name: str
    single: str | None
    action: str
    method: str = "POST"
    suffix: str = ""


BATCHES = {
    b.kind: b
    for b in (
        BatchOp("create", "createBatch", "createEntity", "create"),
        BatchOp("upsert", "upsertBatch", None, "write"),
        BatchOp("update", "updateBatch", "appendAttrs", "update", "POST", "/attrs"),
        BatchOp("merge", "mergeBatch", "mergeEntity", "update", "PATCH"),
        BatchOp("delete", "deleteBatch", "deleteEntity", "delete", "DELETE"),
    )
}


def distributed_batch(handler: Handler, kind: str) -> Handler:
    """``handler`` (a batch route) with its writes distributed to context sources."""
    op = BATCHES[kind]

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        fed = federation(request)
        if fed is None or not await involved(fed, request):
            return await handler(request)
        return await _batch(request, handler, fed, op)

    return endpoint


@dataclass(slots=True)
class _Item:
    """One entity of the batch: its body, id, attribute terms (by stored name), plan and outcome."""

    index: int
    raw: Any
    entity_id: str
    terms: dict[str, str]
    types: tuple[str, ...]
    plan: Plan = field(default_factory=Plan)
    errors: list[dict[str, Any]] = field(default_factory=list)
    done: int = 0
    """Parts that wrote something."""
    refused: bool = False
    """The local policy refused a forwarded part: nothing of this entity is written."""
    typed: bool = True
    """Whether its type is known (else a source that does not hold it answering 404 is no failure)."""


def _items(call: Call, op: BatchOp) -> list[_Item] | None:
    body = call.body
    if not isinstance(body, list) or not body:
        return None
    out: list[_Item] = []
    for i, raw in enumerate(body):
        if op.kind == "delete":
            if isinstance(raw, str):
                out.append(_Item(i, raw, raw, {}, ()))
            continue
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            continue
        terms = {call.ctx.to_store(t): t for t in raw if t not in (*CORE_MEMBERS, "@context")}
        types: tuple[str, ...] = ()
        if "type" in raw:
            try:
                types = entity_types(raw["type"], call.ctx, raw["id"])
            except CitytwinError:
                continue  # the handler reports it
        out.append(_Item(i, raw, raw["id"], terms, types))
    return out


def _planned(
    call: Call, fed: Federation, sources: Sources, op: BatchOp, items: list[_Item]
) -> dict[str, Entity]:
    """Plan every item (blocking: reads the local entities' types); the local entities by id."""
    local = raw_store(call).get_many(list(dict.fromkeys(i.entity_id for i in items)))
    now = fed.now()
    candidates = [m for m in sources.matches if m.reg.mode != "auxiliary"]
    supports = (op.name,) if op.single is None else (op.name, op.single)
    for item in items:
        known = local.get(item.entity_id)
        types = (*item.types, *(known.types if known is not None else ()))
        item.typed = bool(types)
        sq = SourceQuery(ids=(item.entity_id,), types=type_expression(types))
        matches = [Match(m.reg, infos) for m in candidates if (infos := matching_infos(m.reg, sq, now))]
        item.plan = plan(matches, supports, item.terms, delete_entity=op.kind == "delete")
    return local


async def _batch(request: Request, handler: Handler, fed: Federation, op: BatchOp) -> Response:
    try:
        call = await begin(request, body=True, write=True, body_context=op.kind != "delete")
    except CitytwinError:
        return await handler(request)
    items = _items(call, op)
    sources = await fed.sources(call, SourceQuery()) if items else None
    if items is None or sources is None:
        return await handler(request)
    local = await call.run(_planned, call, fed, sources, op, items)
    planned = [i for i in items if i.plan.distributed]
    if not planned:
        return await handler(request)
    w = Writing(call, sources, write_guard(call))
    if w.guard is not None and w.guard.restricted:
        for item in planned:
            await _check(w, op, item, local.get(item.entity_id))
    groups: dict[str, tuple[Registration, list[tuple[_Item, frozenset[str]]]]] = {}
    for item in planned:
        if item.refused:
            continue
        for part in item.plan.forwards:
            groups.setdefault(part.reg.id, (part.reg, []))[1].append((item, part.names))
        for part in item.plan.refusals:
            _fail(item, refused(part.reg, op.single or op.name), part.reg.id)
    by_index = {i.index: i for i in items}
    kept = [_local_body(call, by_index.get(n), raw) for n, raw in enumerate(call.body)]
    local_items = [k for k in kept if k is not None]
    inner = None
    if local_items:
        inner = (
            request
            if len(local_items) == len(kept) and kept == list(call.body)
            else replay(request, local_items)
        )
    jobs = [_send_group(w, op, reg, members) for reg, members in groups.values()]
    created, local_answer = await asyncio.gather(asyncio.gather(*jobs), local_result(handler, inner))
    _apply_local(op, items, *local_answer)
    return _answer(call, op, items, local_answer, [c for group in created for c in group])


def _local_body(call: Call, item: _Item | None, raw: Any) -> Any:
    """What of one batch member the local handler gets (None: nothing)."""
    if item is None:
        return raw  # not understood here: the handler reports it
    if item.refused or not item.plan.run_local:
        return None
    if item.plan.distributed and set(item.terms) - item.plan.local and isinstance(raw, dict):
        return split_body(raw, item.plan.local, call, call.ctx, local=True)
    return raw


def _fail(item: _Item, err: CitytwinError | dict[str, Any], registration: str | None) -> None:
    """Record that a part of ``item`` failed (an error, or the problem a source or the handler reported)."""
    problem = err.to_problem() if isinstance(err, CitytwinError) else err
    entry: dict[str, Any] = {"entityId": item.entity_id, "error": problem}
    if registration is not None:
        entry["registrationId"] = registration
    item.errors.append(entry)


def _not_found(problem: Any) -> bool:
    return isinstance(problem, dict) and str(problem.get("type", "")).endswith("/ResourceNotFound")


def _errors_by_id(body: Any) -> dict[str, Any]:
    """The problems of a BatchOperationResult by entity id."""
    out: dict[str, Any] = {}
    if isinstance(body, dict):
        for e in body.get("errors") or ():
            if isinstance(e, dict):
                out.setdefault(str(e.get("entityId", "")), e.get("error"))
    return out


async def _check(w: Writing, op: BatchOp, item: _Item, old: Entity | None) -> None:
    """The local policy on an item's forwarded parts (a refusal marks the item refused)."""
    call, sources, guard = w.call, w.sources, w.guard
    assert guard is not None
    parts = item.plan.forwards
    if not parts:
        return
    if old is None and op.kind != "create":
        for part in parts:
            old = await fetch(call, sources, part.reg, item.entity_id)
            if old is not None:
                break
    try:
        if op.kind == "delete":
            if old is not None:
                guard.check_delete(old)
            return
        body = item.raw if isinstance(item.raw, dict) else {}
        attrs = attributes_from_body({k: v for k, v in body.items() if k not in CORE_MEMBERS}, call.ctx)
        types = item.types or (old.types if old is not None else ())
        guard.check(old, Entity(item.entity_id, types, attrs), replace=op.kind == "upsert")
    except CitytwinError as err:
        item.refused = True
        _fail(item, err, None)


async def _send_group(
    w: Writing, op: BatchOp, reg: Registration, members: list[tuple[_Item, frozenset[str]]]
) -> list[str]:
    """Send one source its parts; returns the ids it reports created (upsert)."""
    call = w.call
    try:
        ctx, headers = await context_of(call, reg)
    except CitytwinError as err:
        for item, _ in members:
            _fail(item, err, reg.id)
        return []
    params = forwarded_params(call, reg, ctx)
    bodies = [
        item.raw if op.kind == "delete" else split_body(item.raw, names, call, ctx) for item, names in members
    ]
    lenient = op.kind == "delete" or reg.mode == "inclusive"
    created: list[str] = []
    if reg.supports(op.name):
        fwd = Forward("POST", f"/entityOperations/{op.kind}", params, bodies, headers)
        outcome = await send(w.sources, reg, fwd)
        created = _batch_outcome(reg, outcome, [m[0] for m in members], lenient=lenient)
    else:
        singles = []
        for (item, _), body in zip(members, bodies, strict=True):
            if op.kind == "create":
                fwd = Forward("POST", "/entities", params, body, headers)
            else:
                path = f"/entities/{q(item.entity_id)}{op.suffix}"
                fwd = Forward(op.method, path, params, None if op.kind == "delete" else body, headers)
            singles.append(_single(w.sources, reg, item, fwd, lenient=lenient or not item.typed))
        await asyncio.gather(*singles)
    written = [(i, ns) for i, ns in members if not any(e.get("registrationId") == reg.id for e in i.errors)]
    if w.guard is not None and written:
        names = sorted({n for _, ns in written for n in ns})
        data = {"operation": op.name, "ids": [i.entity_id for i, _ in written], "body": bodies}
        w.guard.ledger(reg.id, op.action, names, data)
    return created


async def _single(sources: Sources, reg: Registration, item: _Item, fwd: Forward, *, lenient: bool) -> None:
    """One entity of the batch sent with the one-entity counterpart of the batch operation."""
    outcome = await send(sources, reg, fwd)
    if not outcome.ok:
        _fail(item, source_error(reg, outcome), reg.id)
    elif outcome.status == 404:
        if not lenient:
            _fail(item, not_found(reg, item.entity_id), reg.id)
    elif outcome.status == 207:
        detail = f"registration {reg.id} wrote only part of it: {str(outcome.body)[:300]}"
        _fail(item, CitytwinError(detail), reg.id)
    else:
        item.done += 1


def _batch_outcome(reg: Registration, outcome: Outcome, members: list[_Item], *, lenient: bool) -> list[str]:
    """Spread one source's batch answer over its items; the ids it reports created."""
    if not outcome.ok:
        err = source_error(reg, outcome)
        for item in members:
            _fail(item, err, reg.id)
        return []
    body = outcome.body
    failed = _errors_by_id(body) if outcome.status == 207 else {}
    for item in members:
        problem = failed.get(item.entity_id)
        if problem is None:
            item.done += 1
        elif not ((lenient or not item.typed) and _not_found(problem)):
            _fail(item, problem if isinstance(problem, dict) else {"detail": str(problem)}, reg.id)
    return [str(i) for i in body] if outcome.status == 201 and isinstance(body, list) else []


def _apply_local(op: BatchOp, items: Iterable[_Item], mine: Result | None, response: Response | None) -> None:
    """Spread the local answer over the items that had a local part."""
    if mine is None:
        return
    ran = [i for i in items if not i.refused and i.plan.run_local]
    if mine.error is not None:
        for item in ran:
            _fail(item, mine.error, None)
        return
    failed = _errors_by_id(mine.body) if response is not None and response.status_code == 207 else {}
    for item in ran:
        problem = failed.pop(item.entity_id, None)
        if problem is None:
            item.done += 1
        elif not (op.kind == "delete" and item.plan.distributed and _not_found(problem)):
            _fail(item, problem if isinstance(problem, dict) else {"detail": str(problem)}, None)


def _answer(
    call: Call,
    op: BatchOp,
    items: list[_Item],
    local_answer: tuple[Result | None, Response | None],
    created: list[str],
) -> Response:
    """The combined answer of the batch."""
    mine, response = local_answer
    errors: list[dict[str, Any]] = []
    success: list[str] = []
    for item in items:
        if not item.errors and not item.done:
            _fail(item, ResourceNotFound(f"entity {item.entity_id} is neither here nor at a source"), None)
        errors.extend(item.errors)
        if not item.errors:
            success.append(item.entity_id)
    local_body = mine.body if mine is not None else None
    if response is not None and response.status_code == 207 and isinstance(local_body, dict):
        known = {i.entity_id for i in items}  # members the handler alone understood (invalid ones)
        errors.extend(
            e
            for e in local_body.get("errors") or ()
            if isinstance(e, dict) and e.get("entityId") not in known
        )
    success = list(dict.fromkeys(success))
    if errors:
        return call.respond({"success": success, "errors": errors}, status=207)
    if op.kind == "create":
        return call.respond(success, status=201)
    if op.kind == "upsert":
        ours = local_body if response is not None and response.status_code == 201 else []
        made = list(dict.fromkeys([*(ours if isinstance(ours, list) else []), *created]))
        return call.respond(made, status=201) if made else no_content()
    return no_content()
