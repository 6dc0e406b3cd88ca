"""Distributed writes (ETSI GS CIM 009 V1.8.1 clauses 4.3.6.3, 5.6): entity writes sent to context sources.

:func:`distributed` wraps the handler of a write route. A request passes straight to the handler (exactly the
local write, at the cost of a cached dict lookup) unless the tenant has a registration that can take part in
a write: an ``exclusive`` or ``redirect`` one, or an ``inclusive`` one offering a write operation. Then the
entity's matching registrations are planned (:mod:`.writes_plan`), the local policy decides whether the
caller may write each forwarded part at all (:class:`~citytwin.federation.guard.WriteGuard`), the parts go
to their sources and what is left to the handler, at once, and the answers are combined:

* every part succeeded: the local answer (``201`` with ``Location``, ``204``), or the same status when
  nothing was written locally;
* every part failed: the error of the first one (a source's own problem type and status when it sent one;
  ``InternalError`` when it could not be reached);
* some failed: ``207`` with an UpdateResult (``updated``, ``notUpdated`` with ``attributeName``, ``reason``
  and, for a source, ``registrationId``), or, for writes that name no attribute (deleting an entity,
  creating one without attributes), a BatchOperationResult whose errors carry ``registrationId``.

``local=true`` and requests that already passed this broker (``Via``) are written locally only. Batch
operations are in :mod:`.writes_batch`.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message

from citytwin.core.entities import Attribute, Entity
from citytwin.core.query import TypeExpr
from citytwin.core.typeexpr import parse_types
from citytwin.errors import CitytwinError, ResourceNotFound
from citytwin.federation import operations as ops
from citytwin.federation.client import Forward
from citytwin.federation.guard import WriteGuard, write_guard
from citytwin.federation.matching import SourceQuery
from citytwin.federation.service import Federation, Sources, federation
from citytwin.federation.writes_plan import Part, Plan, plan, writes_anywhere
from citytwin.federation.writes_send import (
    CORE_MEMBERS,
    Result,
    context_of,
    fetch,
    forwarded_params,
    q,
    refused,
    send,
    split_body,
    update_result,
)
from citytwin.governance.enforce import GovernedTenantStore
from citytwin.ngsild.representation import attributes_from_body, entity_types, instance_from_body
from citytwin.ngsild.request import Call, begin, entity_location, local_only, no_content, run, tenant_name
from citytwin.storage.base import TenantStore

Handler = Callable[[Request], Awaitable[Response]]
_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode


@dataclass(frozen=True, slots=True)
class WriteOp:
    """One write route: its NGSI-LD operation, ledger action, method, and what the request names."""

    name: str
    action: str
    method: str
    shape: str
    """``entity`` (a body of attributes), ``attr`` (one attribute in the path) or ``none`` (the entity)."""
    suffix: str = ""
    """The path below ``/entities/{id}``."""

    @property
    def deletes(self) -> bool:
        """Whether the write removes something (a source without it is no failure)."""
        return self.method == "DELETE"


OPERATIONS = {
    op.name: op
    for op in (
        WriteOp(ops.CREATE_ENTITY, "create", "POST", "entity"),
        WriteOp(ops.REPLACE_ENTITY, "update", "PUT", "entity"),
        WriteOp(ops.MERGE_ENTITY, "update", "PATCH", "entity"),
        WriteOp(ops.DELETE_ENTITY, "delete", "DELETE", "none"),
        WriteOp(ops.APPEND_ATTRS, "update", "POST", "entity", "/attrs"),
        WriteOp(ops.UPDATE_ENTITY, "update", "PATCH", "entity", "/attrs"),
        WriteOp(ops.UPDATE_ATTRS, "update", "PATCH", "attr", "/attrs"),
        WriteOp(ops.REPLACE_ATTRS, "update", "PUT", "attr", "/attrs"),
        WriteOp(ops.DELETE_ATTRS, "delete", "DELETE", "attr", "/attrs"),
    )
}


def distributed(handler: Handler, operation: str) -> Handler:
    """``handler`` (a write route of one entity) with its writes distributed to context sources."""
    op = OPERATIONS[operation]

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        fed = federation(request)
        if fed is None or not await involved(fed, request):
            return await handler(request)
        return await _write(request, handler, fed, op)

    return endpoint


async def involved(fed: Federation, request: Request) -> bool:
    """Whether the request's tenant has a registration that can take part in a write (cached lookup)."""
    try:
        if local_only(request):
            return False
        tenant = tenant_name(request)
    except CitytwinError:
        return False  # the handler reports it
    regs = fed.registry.peek(tenant)
    if regs is None:
        regs = await run(fed.registry.load, tenant)
    return writes_anywhere(regs)


@dataclass(frozen=True, slots=True)
class Writing:
    """A write being distributed: the request, where it may go, and the subject's write guard."""

    call: Call
    sources: Sources
    guard: WriteGuard | None


def raw_store(call: Call) -> TenantStore:
    """The tenant store without the subject's policy (for facts the policy then judges)."""
    store = call.store
    return store.inner if isinstance(store, GovernedTenantStore) else store


def type_expression(types: tuple[str, ...]) -> TypeExpr:
    """Entity types as a type expression matching any of them."""
    return tuple(frozenset({t}) for t in dict.fromkeys(types))


def replay(request: Request, body: Any) -> Request:
    """The request with another JSON body (for the local part of a split write)."""
    data = _ENCODE(body)
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": data, "more_body": False}

    return Request(request.scope, receive)


async def local_result(handler: Handler, request: Request | None) -> tuple[Result | None, Response | None]:
    """Run the local part (None: there is none); its :class:`Result` (answers decoded) and response."""
    if request is None:
        return None, None
    try:
        response = await handler(request)
    except CitytwinError as err:
        return Result(None, error=err), None
    body: Any = None
    if response.status_code in (200, 201, 207) and response.body:
        body = _DECODE(bytes(response.body))
    return Result(None, body=body), response


# -- one entity -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Request:
    """What a one-entity write names: the entity, its attributes (stored name → term), its types."""

    entity_id: str
    terms: dict[str, str]
    types: TypeExpr
    local: Entity | None

    def ordered(self, names: frozenset[str]) -> list[str]:
        """The terms of ``names`` in the order the request gave them."""
        return [t for n, t in self.terms.items() if n in names]

    @property
    def typed(self) -> bool:
        """Whether the entity's type is known (else registrations match on its id alone, and a source
        that does not hold it answering 404 is no failure)."""
        return bool(self.types)


def _described(call: Call, op: WriteOp) -> _Request | None:
    params = call.request.path_params
    body = call.body if isinstance(call.body, dict) else {}
    entity_id = params.get("entity_id", body.get("id"))
    if not isinstance(entity_id, str):
        return None
    terms: dict[str, str] = {}
    if op.shape == "entity":
        terms = {call.ctx.to_store(t): t for t in body if t not in (*CORE_MEMBERS, "@context")}
    elif op.shape == "attr":
        term = str(params["attr_id"])
        terms = {call.ctx.to_store(term): term}
    types: tuple[str, ...] = ()
    if op.shape == "entity" and "type" in body:
        try:
            types = entity_types(body["type"], call.ctx, entity_id)
        except CitytwinError:
            return None  # the handler reports it
    local = raw_store(call).get_many([entity_id]).get(entity_id)
    if local is not None:
        types = (*types, *local.types)
    expr = type_expression(types)
    raw = call.request.query_params.get("type")
    if not expr and raw:
        try:
            expr = parse_types(raw, expand=call.ctx.to_store)
        except CitytwinError:
            return None
    return _Request(entity_id, terms, expr, local)


async def _write(request: Request, handler: Handler, fed: Federation, op: WriteOp) -> Response:
    try:
        call = await begin(request, body=op.shape != "none" and op.method != "DELETE", write=True)
    except CitytwinError:
        return await handler(request)  # the body is cached on the request: the handler reports the error
    what = await call.run(_described, call, op)
    if what is None:
        return await handler(request)
    sources = await fed.sources(call, SourceQuery(ids=(what.entity_id,), types=what.types))
    matches = [m for m in sources.matches if m.reg.mode != "auxiliary"] if sources is not None else []
    the_plan = plan(matches, (op.name,), what.terms, delete_entity=op.name == ops.DELETE_ENTITY)
    if sources is None or not the_plan.distributed:
        return await handler(request)
    w = Writing(call, sources, write_guard(call))
    masked = await _checked(w, op, what, the_plan)  # raises: then nothing is written anywhere
    jobs = [_forward(w, op, what, part, masked) for part in the_plan.forwards]
    inner: Request | None = None
    if the_plan.run_local:
        inner = request
        if op.shape == "entity" and frozenset(what.terms) - the_plan.local:
            inner = replay(request, split_body(call.body, the_plan.local, call, call.ctx, local=True))
    forwarded, (mine, response) = await asyncio.gather(asyncio.gather(*jobs), local_result(handler, inner))
    results = list(forwarded)
    if mine is not None:
        results.append(_local_terms(mine, what, the_plan, op))
    results += [
        Result(p.reg.id, failed=[(t, refused(p.reg, op.name).detail) for t in what.ordered(p.names)],
               error=refused(p.reg, op.name))
        for p in the_plan.refusals
    ]  # fmt: skip
    return _combined(call, op, what, results, response)


def _local_terms(result: Result, what: _Request, the_plan: Plan, op: WriteOp) -> Result:
    """The local result in attribute terms (a 207 of the handler names its own failures)."""
    terms = what.ordered(the_plan.local)
    if result.error is not None:
        if op.deletes and isinstance(result.error, ResourceNotFound):
            return Result(None, neutral=True)
        result.failed = [(t, result.error.detail) for t in terms]
        return result
    body = result.body if isinstance(result.body, dict) else {}
    if isinstance(body.get("notUpdated"), list):
        result.failed = [
            (str(n.get("attributeName", "")), str(n.get("reason", ""))) for n in body["notUpdated"]
        ]
        result.updated = [str(t) for t in body.get("updated", ())]
    else:
        result.updated = terms
    return result


async def _checked(w: Writing, op: WriteOp, what: _Request, the_plan: Plan) -> frozenset[str]:
    """Raise 404/403 unless the subject may write every forwarded part; masked values sent back unchanged."""
    call, sources, guard = w.call, w.sources, w.guard
    if guard is None or not guard.restricted:
        return frozenset()
    old = what.local
    if old is None and op.name != ops.CREATE_ENTITY:
        for part in the_plan.forwards:
            old = await fetch(call, sources, part.reg, what.entity_id)
            if old is not None:
                break
    if op.method == "DELETE":
        if old is not None:
            names = [n for p in the_plan.forwards for n in p.names]
            guard.check_delete(old, names)
        return frozenset()
    types = tuple(t for g in what.types for t in g) or (old.types if old is not None else ())
    patch = Entity(what.entity_id, types, _attributes(call, op, what))
    masked = guard.check(old, patch, replace=op.name == ops.REPLACE_ENTITY)
    return masked


def _attributes(call: Call, op: WriteOp, what: _Request) -> dict[str, list[Attribute]]:
    body = call.body
    if op.shape == "entity" and isinstance(body, dict):
        return attributes_from_body({k: v for k, v in body.items() if k not in CORE_MEMBERS}, call.ctx)
    if op.shape == "attr" and isinstance(body, dict) and ("type" in body or "value" in body):
        ((name, term),) = what.terms.items()
        try:
            return {name: [instance_from_body(term, body, call.ctx)]}
        except CitytwinError:
            pass
    old = what.local
    return {n: list(old.attrs.get(n, ())) if old is not None else [] for n in what.terms}


async def _forward(w: Writing, op: WriteOp, what: _Request, part: Part, masked: frozenset[str]) -> Result:
    """Send one part to its source."""
    call, sources, guard = w.call, w.sources, w.guard
    reg = part.reg
    names = part.names - masked
    terms = what.ordered(names)
    if part.names and not names:
        return Result(reg.id, neutral=True)  # only masks sent back unchanged: nothing to write there
    try:
        ctx, headers = await context_of(call, reg)
    except CitytwinError as err:
        return Result(reg.id, failed=[(t, err.detail) for t in terms], error=err)
    path = "/entities" if op.name == ops.CREATE_ENTITY else f"/entities/{q(what.entity_id)}{op.suffix}"
    body: Any = None
    if op.shape == "entity":
        body = split_body(call.body, names, call, ctx)
    elif op.shape == "attr":
        path += f"/{q(ctx.from_store(next(iter(what.terms))))}"
        body = call.body if op.method != "DELETE" else None
    fwd = Forward(op.method, path, forwarded_params(call, reg, ctx), body, headers)
    outcome = await send(sources, reg, fwd)
    lenient = op.deletes or reg.mode == "inclusive" or not what.typed
    result = update_result(reg, outcome, terms, what.entity_id, lenient=lenient)
    if result.ok and guard is not None:
        guard.ledger(reg.id, op.action, names, {"id": what.entity_id, "operation": op.name, "body": body})
    return result


def _combined(
    call: Call, op: WriteOp, what: _Request, results: list[Result], response: Response | None
) -> Response:
    """One answer for the parts (see the module docstring)."""
    failures = [r for r in results if r.error is not None or r.failed]
    if not any(r.ok for r in results):
        if failures:
            first = next((r.error for r in failures if r.error is not None), None)
            if first is not None:
                raise first
        else:
            raise ResourceNotFound(f"entity {what.entity_id} is neither here nor at a registered source")
    if not failures:
        if response is not None and response.status_code != 207:
            return response
        if op.name == ops.CREATE_ENTITY:
            return Response(status_code=201, headers={"Location": entity_location(what.entity_id)})
        return no_content()
    if not what.terms:
        errors = [
            {"entityId": what.entity_id, "error": r.error.to_problem(), **_reg(r)}
            for r in failures
            if r.error is not None
        ]
        return call.respond({"success": [], "errors": errors}, status=207)
    updated = list(dict.fromkeys(t for r in results if r.error is None for t in r.updated))
    not_updated = [
        {"attributeName": term, "reason": reason, **_reg(r)} for r in failures for term, reason in r.failed
    ]
    return call.respond({"updated": updated, "notUpdated": not_updated}, status=207)


def _reg(result: Result) -> dict[str, str]:
    return {"registrationId": result.registration} if result.registration is not None else {}
