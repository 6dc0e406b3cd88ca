"""Context source endpoints: ``/csourceRegistrations``, ``/csourceSubscriptions``, ``/info/sourceIdentity``.

ETSI GS CIM 009 V1.8.1 clauses 5.9 (registration), 5.10 (discovery), 5.11 (registration subscriptions),
6.8-6.13. Registrations and subscriptions are documents of the request's tenant; a change to a registration
invalidates the tenant's cached registrations (so the next query sees it) and notifies the subscriptions
that watch it. Discovery (``GET /csourceRegistrations``) takes ``type``, ``id``, ``idPattern``, ``attrs``, a
geo-query, ``timerel`` / ``timeAt`` / ``endTimeAt`` (against ``observationInterval``), ``scopeQ`` and
``csf`` (or ``q``) over the registrations' own properties. ``POST /csourceNotify`` receives the notifications
of subscriptions propagated to context sources (:mod:`citytwin.federation.propagation_receive`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.core.qlang import parse_q
from citytwin.core.query import And, Predicate, TypeExpr
from citytwin.core.scopeq import parse_scope_q
from citytwin.core.timeutil import format_instant, parse_instant
from citytwin.core.typeexpr import parse_types
from citytwin.errors import AlreadyExists, BadRequestData, InvalidRequest, ResourceNotFound
from citytwin.federation import csubs
from citytwin.federation.matching import SourceQuery, matching_infos
from citytwin.federation.registration import KIND, Registration, merged_document, render, stored_document
from citytwin.federation.service import Federation, federation
from citytwin.ngsild.request import (
    BASE,
    COUNT_HEADER,
    Call,
    begin,
    bool_param,
    no_content,
    paging,
    parse_options,
    split_list,
)
from citytwin.ngsild.routes_query import geo_filter

OPTIONS = frozenset({"sysAttrs", "normalized", "concise", "keyValues", "simplified"})


def _fed(request: Request) -> Federation:
    found = federation(request)
    if found is None:  # create_app always builds one; a bare app cannot serve these routes
        raise ResourceNotFound("context sources are not served here")
    return found


def _now(request: Request) -> datetime:
    return _fed(request).now()


# -- registrations ----------------------------------------------------------------------------------------


def _exclusive_conflict(new: Registration, others: tuple[Registration, ...]) -> str | None:
    """The id of an exclusive registration covering the same attribute of the same entity, if any."""
    if new.mode != "exclusive":
        return None
    claimed = {(e.id, a) for i in new.information for e in i.entities for a in i.attrs or ()}
    for other in others:
        if other.id == new.id or other.mode != "exclusive":
            continue
        theirs = {(e.id, a) for i in other.information for e in i.entities for a in i.attrs or ()}
        if claimed & theirs:
            return other.id
    return None


async def _save(call: Call, fed: Federation, doc: dict[str, Any], old: dict[str, Any] | None) -> None:
    reg = Registration.from_doc(doc)
    existing = await call.run(fed.registry.load, call.tenant)
    clash = _exclusive_conflict(reg, existing)
    if clash is not None:
        raise AlreadyExists(
            f"registration {clash} is already exclusive for an attribute of an entity this one claims"
        )
    await call.run(call.store.put_document, KIND, doc["id"], doc)
    call.wrote()
    fed.registry.invalidate(call.tenant)
    await fed.csubs.registration_changed(call.tenant, old, doc)


async def create_registration(request: Request) -> Response:
    """POST /csourceRegistrations: 201 with Location; 409 when the id is taken."""
    call = await begin(request, body=True, write=True)
    fed = _fed(request)
    doc = stored_document(call.body, call.ctx, now=_now(request))
    try:
        await call.run(call.store.get_document, KIND, doc["id"])
    except ResourceNotFound:
        pass
    else:
        raise AlreadyExists(f"registration {doc['id']} already exists")
    await _save(call, fed, doc, None)
    return Response(
        status_code=201, headers={"Location": f"{BASE}/csourceRegistrations/{quote(doc['id'], safe=':')}"}
    )


def _registration_id(request: Request) -> str:
    reg_id: str = request.path_params["registration_id"]
    if ":" not in reg_id:
        raise BadRequestData(f"registration id {reg_id!r} is not a URI")
    return reg_id


async def retrieve_registration(request: Request) -> Response:
    """GET /csourceRegistrations/{id} (``options=sysAttrs`` adds createdAt and modifiedAt)."""
    call = await begin(request)
    opts = parse_options(request, allowed=OPTIONS)
    doc = await call.run(call.store.get_document, KIND, _registration_id(request))
    status = _fed(request).registry.status_members(call.tenant, doc["id"])
    return call.respond(render(doc, call.ctx, sys_attrs=opts.sys_attrs, status=status))


async def update_registration(request: Request) -> Response:
    """PATCH /csourceRegistrations/{id}: replace the members given (``null`` removes an optional one)."""
    call = await begin(request, body=True, write=True)
    fed = _fed(request)
    old = await call.run(call.store.get_document, KIND, _registration_id(request))
    doc = merged_document(old, call.body, call.ctx, now=_now(request))
    await _save(call, fed, doc, old)
    return no_content()


async def delete_registration(request: Request) -> Response:
    """DELETE /csourceRegistrations/{id}."""
    call = await begin(request, write=True)
    fed = _fed(request)
    reg_id = _registration_id(request)
    old = await call.run(call.store.get_document, KIND, reg_id)
    await call.run(call.store.delete_document, KIND, reg_id)
    fed.registry.invalidate(call.tenant)
    fed.registry.forget(call.tenant, reg_id)
    await fed.csubs.registration_changed(call.tenant, old, None)
    return no_content()


def _types(request: Request, call: Call) -> TypeExpr:
    raw = request.query_params.get("type")
    return parse_types(raw, expand=call.ctx.to_store) if raw else ()


def _filters(request: Request, call: Call) -> Predicate | None:
    params = request.query_params
    preds = [parse_q(params[k], expand=call.ctx.to_store) for k in ("q", "csf") if params.get(k)]
    if not preds:
        return None
    return preds[0] if len(preds) == 1 else And(tuple(preds))


def _window(request: Request) -> tuple[datetime | None, datetime | None] | None:
    params = request.query_params
    rel = params.get("timerel")
    if rel is None:
        return None
    at = params.get("timeAt")
    if at is None:
        raise InvalidRequest("timerel needs timeAt")
    start = parse_instant(at)
    if rel == "before":
        return None, start
    if rel == "after":
        return start, None
    if rel == "between":
        end = params.get("endTimeAt")
        if end is None:
            raise InvalidRequest("timerel=between needs endTimeAt")
        return start, parse_instant(end)
    raise InvalidRequest(f"timerel must be before, after or between, got {rel!r}")


async def query_registrations(request: Request) -> Response:
    """GET /csourceRegistrations: the registrations that could provide what the filters describe."""
    call = await begin(request)
    fed = _fed(request)
    params = request.query_params
    opts = parse_options(request, allowed=OPTIONS)
    limit, offset = paging(request, call.settings.max_page_size)
    count = bool_param(request, "count")
    ids = tuple(split_list(params.get("id")))
    pattern = params.get("idPattern")
    if pattern is not None:
        from citytwin.core.query_eval import compile_regex

        compile_regex(pattern)
    geo = geo_filter(
        params.get("georel"),
        params.get("geometry"),
        params.get("coordinates"),
        params.get("geoproperty"),
        call.ctx,
    )
    scope_q = params.get("scopeQ")
    query = SourceQuery(
        types=_types(request, call),
        ids=ids,
        id_pattern=pattern,
        attrs=tuple(call.ctx.to_store(a) for a in split_list(params.get("attrs"))),
        geo=geo,
        scope=parse_scope_q(scope_q) if scope_q else None,
        window=_window(request),
        csf=_filters(request, call),
    )
    regs = await call.run(fed.registry.load, call.tenant)
    now = fed.now()
    found = [r for r in regs if matching_infos(r, query, now)]
    page = found[offset : offset + limit]
    body = [
        render(
            r.doc, call.ctx, sys_attrs=opts.sys_attrs, status=fed.registry.status_members(call.tenant, r.id)
        )
        for r in page
    ]
    headers = {COUNT_HEADER: str(len(found))} if count else None
    return call.respond(body, headers=headers)


# -- registration subscriptions ---------------------------------------------------------------------------


def _subscription_id(request: Request) -> str:
    sub_id: str = request.path_params["subscription_id"]
    if ":" not in sub_id:
        raise BadRequestData(f"subscription id {sub_id!r} is not a URI")
    return sub_id


async def create_subscription(request: Request) -> Response:
    """POST /csourceSubscriptions: 201 with Location; the registrations it matches now are sent at once."""
    call = await begin(request, body=True, write=True)
    fed = _fed(request)
    doc = csubs.stored_subscription(call.body, call.ctx, now=_now(request))
    try:
        await call.run(call.store.get_document, csubs.KIND, doc["id"])
    except ResourceNotFound:
        pass
    else:
        raise AlreadyExists(f"subscription {doc['id']} already exists")
    await call.run(call.store.put_document, csubs.KIND, doc["id"], doc)
    call.wrote()
    watch = csubs.Watch.from_doc(doc, call.ctx)
    await fed.csubs.initial(call.tenant, watch, await call.run(fed.registry.load, call.tenant))
    location = f"{BASE}/csourceSubscriptions/{quote(doc['id'], safe=':')}"
    return Response(status_code=201, headers={"Location": location})


async def retrieve_subscription(request: Request) -> Response:
    """GET /csourceSubscriptions/{id}."""
    call = await begin(request)
    opts = parse_options(request, allowed=OPTIONS)
    doc = await call.run(call.store.get_document, csubs.KIND, _subscription_id(request))
    return call.respond(csubs.render_subscription(doc, call.ctx, sys_attrs=opts.sys_attrs, now=_now(request)))


async def query_subscriptions(request: Request) -> Response:
    """GET /csourceSubscriptions: the tenant's registration subscriptions, paged."""
    call = await begin(request)
    opts = parse_options(request, allowed=OPTIONS)
    limit, offset = paging(request, call.settings.max_page_size)
    count = bool_param(request, "count")
    page = await call.run(call.store.list_documents, csubs.KIND, limit=limit, offset=offset)
    now = _now(request)
    body = [csubs.render_subscription(d, call.ctx, sys_attrs=opts.sys_attrs, now=now) for _, d in page]
    headers = {COUNT_HEADER: str(await call.run(_count, call))} if count else None
    return call.respond(body, headers=headers)


def _count(call: Call) -> int:
    n = 0
    offset = 0
    while True:
        page = call.store.list_documents(csubs.KIND, limit=1000, offset=offset)
        n += len(page)
        if len(page) < 1000:
            return n
        offset += 1000


async def update_subscription(request: Request) -> Response:
    """PATCH /csourceSubscriptions/{id}."""
    call = await begin(request, body=True, write=True)
    old = await call.run(call.store.get_document, csubs.KIND, _subscription_id(request))
    doc = csubs.merged_subscription(old, call.body, call.ctx, now=_now(request))
    await call.run(call.store.put_document, csubs.KIND, doc["id"], doc)
    return no_content()


async def delete_subscription(request: Request) -> Response:
    """DELETE /csourceSubscriptions/{id}."""
    call = await begin(request, write=True)
    await call.run(call.store.delete_document, csubs.KIND, _subscription_id(request))
    return no_content()


# -- notifications of propagated subscriptions -------------------------------------------------------------


async def propagated_notification(request: Request) -> Response:
    """POST /csourceNotify: a source notifies a subordinate of one of this broker's subscriptions."""
    from citytwin.federation.propagation_receive import receive

    return await receive(request, _fed(request))


# -- identity ---------------------------------------------------------------------------------------------


async def source_identity(request: Request) -> Response:
    """GET /info/sourceIdentity: this broker's id and the alias it writes into ``Via`` (loop detection)."""
    call = await begin(request)
    fed = _fed(request)
    ident = await fed.identity()
    now = fed.now()
    up = max(0, int((now - fed.started).total_seconds()))
    body = {
        "id": ident["id"],
        "type": "ContextSourceIdentity",
        "contextSourceAlias": ident["alias"],
        "contextSourceUptime": f"PT{up}S",
        "contextSourceTimeAt": format_instant(now),
        "contextSourceExtras": {"product": "citytwin"},
    }
    return call.respond(body)


def csource_routes() -> list[Route]:
    """Routes of the context source endpoints."""
    regs = f"{BASE}/csourceRegistrations"
    subs = f"{BASE}/csourceSubscriptions"
    return [
        Route(regs, query_registrations, methods=["GET"]),
        Route(regs, create_registration, methods=["POST"]),
        Route(regs + "/{registration_id:path}", retrieve_registration, methods=["GET"]),
        Route(regs + "/{registration_id:path}", update_registration, methods=["PATCH"]),
        Route(regs + "/{registration_id:path}", delete_registration, methods=["DELETE"]),
        Route(subs, query_subscriptions, methods=["GET"]),
        Route(subs, create_subscription, methods=["POST"]),
        Route(subs + "/{subscription_id:path}", retrieve_subscription, methods=["GET"]),
        Route(subs + "/{subscription_id:path}", update_subscription, methods=["PATCH"]),
        Route(subs + "/{subscription_id:path}", delete_subscription, methods=["DELETE"]),
        Route(f"{BASE}/info/sourceIdentity", source_identity, methods=["GET"]),
        Route(f"{BASE}/csourceNotify", propagated_notification, methods=["POST"]),
    ]
