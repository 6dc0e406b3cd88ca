"""Context source endpoints: ``/csourceRegistrations``, ``/csourceSubscriptions``, ``/info/sourceIdentity``.

ETSI GS CIM 009 V1.8.1 clauses 5.9 (registration), 5.10 (discovery), 5.11 (registration subscriptions),
6.8-6.13. Registrations and subscriptions are documents of the request's tenant; a change to a registration
invalidates the tenant's cached registrations (so the next query sees it) and notifies the subscriptions
that watch it. Discovery (``GET /csourceRegistrations``) takes ``type``, ``id``, ``idPattern``, ``attrs``, a
geo-query, ``timerel`` / ``timeAt`` / ``endTimeAt`` (against ``observationInterval``), ``scopeQ`` and
``csf`` (or ``q``) over the registrations' own properties; it must name at least one of them, and a
malformed one is 400 BadRequestData (TP 037_02, 037_03). ``POST /csourceNotify`` receives the notifications
of subscriptions propagated to context sources (:mod:`citytwin.federation.propagation_receive`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.core.entities import Entity
from citytwin.core.qlang import parse_q
from citytwin.core.query import And, Predicate, TypeExpr
from citytwin.core.scopeq import parse_scope_q
from citytwin.core.timeutil import format_instant
from citytwin.core.typeexpr import parse_types
from citytwin.errors import AlreadyExists, BadRequestData, CitytwinError, ResourceNotFound
from citytwin.federation import csubs
from citytwin.federation.matching import SourceQuery, matching_infos
from citytwin.federation.registration import (
    GEO_MEMBERS,
    KIND,
    URI,
    Registration,
    interval_overlaps,
    merged_document,
    render,
    stored_document,
    time_member,
    time_window,
)
from citytwin.federation.service import Federation, federation, tenant_alias
from citytwin.ngsild.paging_links import add_page_links, page_links
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
from citytwin.storage.base import TenantStore

OPTIONS = frozenset({"sysAttrs", "normalized", "concise", "keyValues", "simplified"})


def _fed(request: Request) -> Federation:
    found = federation(request)
    if found is None:  # create_app always builds one; a bare app cannot serve these routes
        raise ResourceNotFound("context sources are not served here")
    return found


def _now(request: Request) -> datetime:
    return _fed(request).now()


# -- registrations ----------------------------------------------------------------------------------------


def _claims(reg: Registration) -> set[tuple[str, str]]:
    """The (entity id, attribute) pairs a registration names."""
    return {(e.id, a) for i in reg.information for e in i.entities if e.id for a in i.attrs or ()}


def _proxy_conflict(new: Registration, others: tuple[Registration, ...]) -> str | None:
    """The id of a registration whose claim on an attribute of an entity ``new`` also claims forbids ``new``.

    4.3.6.3: once an exclusive registration exists, no further exclusive or redirect registration can be made
    for the same entity id and attribute; an exclusive one cannot be made over a redirect one either.
    Redirect registrations may overlap each other.
    """
    if new.mode not in ("exclusive", "redirect"):
        return None
    claimed = _claims(new)
    for other in others:
        if other.id == new.id or other.mode not in ("exclusive", "redirect"):
            continue
        if new.mode == "redirect" and other.mode == "redirect":
            continue
        if claimed & _claims(other):
            return other.id
    return None


def _entity_conflict(store: TenantStore, reg: Registration) -> str | None:
    """Clause 5.9.2.4: a local entity a redirect registration names, or holding an attribute an exclusive one
    claims (the ids named; None: no conflict)."""
    if reg.mode not in ("exclusive", "redirect"):
        return None
    named = {e.id: e for i in reg.information for e in i.entities if e.id}
    if not named:
        return None
    found: dict[str, Entity] = store.get_many(list(named))
    for info in reg.information:
        for sel in info.entities:
            entity = found.get(sel.id or "")
            if entity is None or sel.type_set.isdisjoint(entity.types):
                continue
            if reg.mode == "redirect":
                return f"entity {entity.id} already exists here"
            held = set(entity.attrs) & set(info.attrs or ())
            if held:
                return f"entity {entity.id} already holds {', '.join(sorted(held))}"
    return None


async def _save(call: Call, fed: Federation, doc: dict[str, Any], old: dict[str, Any] | None) -> None:
    reg = Registration.from_doc(doc)
    existing = await call.run(fed.registry.load, call.tenant)
    clash = _proxy_conflict(reg, existing)
    if clash is not None:
        raise AlreadyExists(
            f"Conflict: registration {clash} is already exclusive or redirect for an attribute of an entity "
            "this one claims"
        )
    held = await call.run(_entity_conflict, call.store, reg) if old is None else None
    if held is not None:
        raise AlreadyExists(f"Conflict: a {reg.mode} registration cannot be made: {held}")
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


def _bad_data(err: CitytwinError) -> BadRequestData:
    """A malformed discovery parameter is BadRequestData (clause 5.10.2.4), whatever the parser called it."""
    return err if isinstance(err, BadRequestData) else BadRequestData(err.detail)


def _filters(request: Request, call: Call) -> Predicate | None:
    params = request.query_params
    try:
        preds = [parse_q(params[k], expand=call.ctx.to_store) for k in ("q", "csf") if params.get(k)]
    except CitytwinError as err:
        raise _bad_data(err) from None
    if not preds:
        return None
    return preds[0] if len(preds) == 1 else And(tuple(preds))


def _uris(raw: str | None) -> tuple[str, ...]:
    ids = tuple(split_list(raw))
    for item in ids:
        if not URI.match(item):
            raise BadRequestData(f"id must be a comma-separated list of URIs, got {item!r}")
    return ids


_SELECTORS = ("id", "idPattern", "type", "attrs", "q", "csf", "georel", "timerel", "scopeQ")


def _paging(request: Request, call: Call) -> tuple[int, int]:
    try:
        return paging(request, call.settings.max_page_size)
    except CitytwinError as err:
        raise _bad_data(err) if err.status == 400 else err from None


async def query_registrations(request: Request) -> Response:
    """GET /csourceRegistrations: the registrations that could provide what the filters describe."""
    call = await begin(request)
    fed = _fed(request)
    params = request.query_params
    limit, offset = _paging(request, call)
    if not any(params.get(k) for k in _SELECTORS):
        raise BadRequestData(
            "discovery needs at least one of type, attrs, id, idPattern, q, csf, a geo-query, a temporal "
            "query or scopeQ"
        )
    opts = parse_options(request, allowed=OPTIONS)
    count = bool_param(request, "count")
    ids = _uris(params.get("id"))
    pattern = params.get("idPattern")
    try:
        if pattern is not None:
            from citytwin.core.query_eval import compile_regex

            compile_regex(pattern)
        types = _types(request, call)
        geo = geo_filter(
            params.get("georel"),
            params.get("geometry"),
            params.get("coordinates"),
            params.get("geoproperty"),
            call.ctx,
        )
        scope_q = params.get("scopeQ")
        scope = parse_scope_q(scope_q) if scope_q else None
    except CitytwinError as err:
        raise _bad_data(err) from None
    window = time_window(params.get("timerel"), params.get("timeAt"), params.get("endTimeAt"))
    member = time_member(params.get("timeproperty"))
    query = SourceQuery(
        types=types,
        ids=ids,
        id_pattern=pattern,
        attrs=tuple(call.ctx.to_store(a) for a in split_list(params.get("attrs"))),
        geo=geo,
        scope=scope,
        csf=_filters(request, call),
    )
    regs = await call.run(fed.registry.load, call.tenant)
    now = fed.now()
    found = [
        r
        for r in regs
        if matching_infos(r, query, now)
        and (window is None or interval_overlaps(r.doc.get(member), window))
        and (geo is None or any(g in r.doc for g in GEO_MEMBERS))  # discovery: no area, no match
    ]
    page = found[offset : offset + limit]
    body = [
        render(
            r.doc, call.ctx, sys_attrs=opts.sys_attrs, status=fed.registry.status_members(call.tenant, r.id)
        )
        for r in page
    ]
    headers = {COUNT_HEADER: str(len(found))} if count else None
    links = page_links(
        request, limit=limit, offset=offset, page_len=len(body), total=len(found), media=call.media
    )
    return add_page_links(call.respond(body, headers=headers), links)


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
    limit, offset = _paging(request, call)
    count = bool_param(request, "count")
    page = await call.run(call.store.list_documents, csubs.KIND, limit=limit, offset=offset)
    now = _now(request)
    body = [csubs.render_subscription(d, call.ctx, sys_attrs=opts.sys_attrs, now=now) for _, d in page]
    total = await call.run(_count, call) if count or offset or len(body) >= limit else len(body)
    headers = {COUNT_HEADER: str(total)} if count else None
    links = page_links(request, limit=limit, offset=offset, page_len=len(body), total=total, media=call.media)
    return add_page_links(call.respond(body, headers=headers), links)


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
    """PATCH /csourceSubscriptions/{id}: the subscription is then sent every registration it now matches."""
    call = await begin(request, body=True, write=True)
    fed = _fed(request)
    old = await call.run(call.store.get_document, csubs.KIND, _subscription_id(request))
    ctx = call.ctx
    if ctx.reference is None and old.get("jsonldContext") is not None:
        # An update naming no @context keeps the subscription's own: its terms, and its notifications' form.
        ctx = await fed.csubs.resolve(old["jsonldContext"])
    doc = csubs.merged_subscription(old, call.body, ctx, now=_now(request))
    await call.run(call.store.put_document, csubs.KIND, doc["id"], doc)
    call.wrote()
    watch = csubs.Watch.from_doc(doc, ctx)
    await fed.csubs.initial(call.tenant, watch, await call.run(fed.registry.load, call.tenant))
    return no_content()


async def delete_subscription(request: Request) -> Response:
    """DELETE /csourceSubscriptions/{id}."""
    call = await begin(request, write=True)
    sub_id = _subscription_id(request)
    await call.run(call.store.delete_document, csubs.KIND, sub_id)
    _fed(request).csubs.forget(call.tenant, sub_id)
    return no_content()


# -- notifications of propagated subscriptions -------------------------------------------------------------


async def propagated_notification(request: Request) -> Response:
    """POST /csourceNotify: a source notifies a subordinate of one of this broker's subscriptions."""
    from citytwin.federation.propagation_receive import receive

    return await receive(request, _fed(request))


# -- identity ---------------------------------------------------------------------------------------------


async def source_identity(request: Request) -> Response:
    """GET /info/sourceIdentity: this broker's id and the alias it writes into ``Via`` for the tenant asked
    (loop detection; each tenant has its own, :func:`~citytwin.federation.service.tenant_alias`)."""
    call = await begin(request, write=True)  # reads no tenant data: a tenant with no entity has an alias
    fed = _fed(request)
    ident = await fed.identity()
    now = fed.now()
    up = max(0, int((now - fed.started).total_seconds()))
    body = {
        "id": ident["id"],
        "type": "ContextSourceIdentity",
        "contextSourceAlias": tenant_alias(ident["alias"], call.tenant),
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
