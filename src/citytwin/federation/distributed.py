"""Distributed operations (ETSI GS CIM 009 V1.8.1 clause 4.3.6, 5.7): what the NGSI-LD read routes call.

Each function returns None when no registered source matches, and the route answers exactly as without
federation (that check is a cached dict lookup). Otherwise the request is sent to every matching source in
parallel with the local read, each source with its own timeout; the answers are merged (:mod:`.merge`),
sorted by id and paged, and what went wrong with a source comes back in ``NGSILD-Warning`` while the rest
of the answer stands.

Paging over several sources reads each source's first ``offset + limit`` entities (ordered by id, in pages
of ``page_size``) and slices the merged union: pages are consistent, at a cost that grows with the offset.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from citytwin.core.entities import Entity
from citytwin.core.gcpause import gc_paused
from citytwin.core.query import EntityQuery, TypeExpr
from citytwin.errors import CitytwinError, ResourceNotFound
from citytwin.federation import operations as ops
from citytwin.federation.client import Forward, Outcome, invalid
from citytwin.federation.forward import (
    COUNT,
    ENTITY_DROP,
    Federated,
    LocalEntities,
    csf_of,
    joined_names,
    narrowed_params,
    scope_q_of,
    source_context,
    source_query,
    warning_headers,
)
from citytwin.federation.guard import RemoteGuard, remote_guard
from citytwin.federation.matching import Narrowing, SourceQuery, keep_provided, narrowing
from citytwin.federation.merge import Answer, merge_entities, merge_page, merge_type_lists, raw_id
from citytwin.federation.passthrough import Render, Rendering, renderer
from citytwin.federation.registration import Registration
from citytwin.federation.service import Match, Sources, federation
from citytwin.federation.temporal import temporal_query, temporal_retrieve
from citytwin.federation.wire import LazyEntity, remote_entity
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.representation import render_entity
from citytwin.ngsild.request import Call

__all__ = ["Federated", "temporal_query", "temporal_retrieve"]
"""Temporal operations live in :mod:`citytwin.federation.temporal`; routes reach them from here."""
MAX_GUARDED_SCAN = 50_000
"""Most entities read from one source for a restricted subject while looking for a page it may see."""


# -- reading entities from sources ------------------------------------------------------------------------


def _parser(
    reg: Registration, ctx: LdContext, warnings: list[str]
) -> Callable[[dict[str, Any] | LazyEntity], Entity | None]:
    """Parses one entity a source sent, cut to what the registration provides (a warning when invalid)."""

    def parse(item: dict[str, Any] | LazyEntity) -> Entity | None:
        data = item.decoded() if isinstance(item, LazyEntity) else item  # an object: its id was read
        try:
            entity = remote_entity(data, ctx)
        except CitytwinError as err:
            warnings.append(invalid(reg, f"entity {str(data.get('id', '?'))[:100]}: {err.detail}"))
            return None
        return keep_provided(reg, entity)

    return parse


def _raw_entities(outcome: Outcome, ctx: LdContext, warnings: list[str]) -> list[dict[str, Any] | LazyEntity]:
    """The entities of a query answer that the registration covers, still as JSON."""
    body = outcome.body if outcome.status != 404 else []
    if not isinstance(body, list):
        warnings.append(invalid(outcome.reg, "an entity query must answer an array"))
        return []
    out: list[dict[str, Any] | LazyEntity] = []
    reg = outcome.reg
    every = reg.covers_all
    # Without id selectors coverage depends on the types only: decided once per distinct type value.
    by_type: dict[str, bool] | None = None if _names_ids(reg) else {}
    for item in body:
        if isinstance(item, LazyEntity):
            entity_id, raw = item.id, item.type
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            entity_id, raw = item["id"], item.get("type")
        else:
            warnings.append(invalid(reg, "an entity without an id"))
            continue
        if every:
            out.append(item)
            continue
        if by_type is not None and isinstance(raw, str):
            covered = by_type.get(raw)
            if covered is None:
                covered = by_type[raw] = bool(reg.covers(entity_id, (ctx.to_store(raw),)))
        else:
            listed = raw if isinstance(raw, list) else [raw]
            types = tuple(ctx.to_store(t) for t in listed if isinstance(t, str))
            covered = bool(reg.covers(entity_id, types))
        if covered:
            out.append(item)
    return out


def _names_ids(reg: Registration) -> bool:
    """Whether any of the registration's entity selectors names an id or an id pattern."""
    return any(e.id is not None or e.id_pattern is not None for i in reg.information for e in i.entities)


def _entities(outcome: Outcome, ctx: LdContext, warnings: list[str]) -> list[Entity]:
    parse = _parser(outcome.reg, ctx, warnings)
    return [e for item in _raw_entities(outcome, ctx, warnings) if (e := parse(item)) is not None]


async def _page_through(
    sources: Sources,
    match: Match,
    make: Callable[[int, int, bool], Forward],
    *,
    need: int,
    count: bool,
    ctx: LdContext,
    warnings: list[str],
    guard: RemoteGuard | None = None,
    render: Render | None = None,
) -> Answer | None:
    """A source's first ``need`` entities (and its count), asked for a page at a time.

    For a restricted subject every entity is parsed and passed through ``guard`` at once, and paging goes
    on until ``need`` of them passed (or :data:`MAX_GUARDED_SCAN` were read); the source's count is not used.
    """
    fed = sources.fed
    size = fed.settings.page_size
    guarded = guard is not None and guard.restricted
    parse = _parser(match.reg, ctx, warnings)
    guarded_parse = guard.parser(parse) if guard is not None else parse
    answer = Answer(match.reg, names=ctx, parse=guarded_parse, render=render)
    offset = 0
    while True:
        chunk = size if guarded else min(size, need - offset)
        outcome = await fed.client.send(
            sources.tenant,
            match.reg,
            make(chunk, offset, count and offset == 0 and not guarded),
            via=sources.via,
            caller=sources.caller,
        )
        if not outcome.ok:
            warnings.append(outcome.warning or "")
            return None
        got = _raw_entities(outcome, ctx, warnings)
        if count and offset == 0 and not guarded:
            raw = outcome.headers.get(COUNT)
            answer.count = int(raw) if raw is not None and raw.isdigit() else None
        if guarded:
            assert answer.parse is not None
            answer.entities.extend(e for item in got if (e := answer.parse(item)) is not None)
        else:
            answer.raw.extend(got)
        received = len(outcome.body) if isinstance(outcome.body, list) else 0
        offset += received
        enough = answer.size >= need or offset >= MAX_GUARDED_SCAN if guarded else offset >= need
        if received < chunk or enough:
            return answer


async def _gather_answers(
    local: Awaitable[Answer], remote: list[Awaitable[Answer | None]]
) -> tuple[Answer, list[Answer]]:
    first = await asyncio.gather(local, *remote)
    mine = first[0]
    assert mine is not None
    return mine, [a for a in first[1:] if a is not None]


async def query_entities(
    call: Call,
    query: EntityQuery,
    attrs: tuple[str, ...],
    *,
    limit: int,
    offset: int,
    count: bool,
    local: LocalEntities,
    rendering: Rendering | None = None,
) -> Federated | None:
    """GET /entities and POST /entityOperations/query over this broker and its matching sources.

    With ``rendering`` (how the answer is rendered), entities that one source alone sent may come back
    rendered already, straight from the source's JSON (:mod:`.passthrough`).
    """
    fed = federation(call.request)
    if fed is None or fed.quiet(call):
        return None
    post = call.request.method == "POST"
    operation = "" if post else ops.QUERY_ENTITY
    sq = source_query(call, query, attrs, operation, scope_q=scope_q_of(call), csf=csf_of(call))
    sources = await fed.sources(call, sq)
    if sources is None:
        return None
    if post:
        sources.matches = [m for m in sources.matches if _post_route(call, m) is not None]
        if not sources.matches:
            return None
    need = offset + limit
    warnings: list[str] = []
    guard = remote_guard(call, query)
    # Rendering from a source's JSON skips the parse that a guard filters and the ledger records.
    unguarded = guard is None or not (guard.restricted or guard.ledgers)
    render = (
        renderer(call.ctx, rendering) if rendering is not None and rendering.passes and unguarded else None
    )

    async def local_answer() -> Answer:
        entities, total = await local(need, 0, count)
        return Answer(None, entities, total)

    async def remote(match: Match) -> Answer | None:
        try:
            ctx, headers = await source_context(call, match)
        except CitytwinError as err:
            warnings.append(invalid(match.reg, f"its jsonldContext cannot be used: {err.detail}"))
            return None
        narrow = narrowing(match.infos, sq)
        make = _query_forward(call, match, narrow, ctx, headers, post=post)
        passes = ctx is call.ctx and _passes(match.reg)
        return await _page_through(
            sources,
            match,
            make,
            need=need,
            count=count,
            ctx=ctx,
            warnings=warnings,
            guard=guard,
            render=render if passes else None,
        )

    mine, theirs = await _gather_answers(local_answer(), [remote(m) for m in sources.matches])
    with gc_paused():  # parsing the page makes thousands of short-lived acyclic objects
        page = merge_page([mine, *theirs], sources.regs, limit=limit, offset=offset, count=count)
    if guard is not None and guard.ledgers:  # else each source's record would be dropped unread
        _ledger_sources(guard, theirs, page.entities)
    return Federated(page.items, page.count, warning_headers(warnings))


def _passes(reg: Registration) -> bool:
    """Whether an entity this source alone sends is answered as it is (no auxiliary fill-in, no cut)."""
    return reg.mode != "auxiliary" and all(i.attrs is None for i in reg.information)


def _ledger_sources(guard: RemoteGuard, answers: list[Answer], returned: list[Entity]) -> None:
    """One read record per source that contributed entities to what is returned."""
    by_id = {e.id: e for e in returned}
    for answer in answers:
        if answer.reg is None:
            continue
        ids = {e.id for e in answer.entities} | {raw_id(i) for i in answer.raw}
        guard.ledger(answer.reg.id, [by_id[i] for i in sorted(ids) if i in by_id])


def _query_forward(
    call: Call,
    match: Match,
    narrow: Narrowing,
    ctx: LdContext,
    headers: tuple[tuple[str, str], ...],
    *,
    post: bool,
) -> Callable[[int, int, bool], Forward]:
    """How to ask one source for a page of the query."""
    local_only = match.reg.management.local_only
    route = _post_route(call, match) if post else "get"
    if route == "post":
        body = {
            k: v
            for k, v in call.body.items()
            if k not in ("@context", "pick", "omit", "lang", "csf", "attrs")
        }
        if narrow.attrs is not None:
            body["attrs"] = sorted(ctx.from_store(a) for a in narrow.attrs)
        if narrow.types is not None and not body.get("entities"):
            body["entities"] = [{"type": joined_names(ctx, narrow.types)}]
        extra = [("local", "true")] if local_only else []

        def make_post(size: int, offset: int, count: bool) -> Forward:
            params = [*extra, ("options", "sysAttrs"), ("limit", str(size)), ("offset", str(offset))]
            if count:
                params.append(("count", "true"))
            return Forward("POST", "/entityOperations/query", tuple(params), body, headers, lazy=True)

        return make_post
    if post:
        base = _body_as_params(call.body)
    else:
        base = [(k, v) for k, v in call.request.query_params.multi_items() if k not in ENTITY_DROP]
    params = narrowed_params(base, narrow, ctx, local_only=local_only)

    def make_get(size: int, offset: int, count: bool) -> Forward:
        page = [("options", "sysAttrs"), ("limit", str(size)), ("offset", str(offset))]
        if count:
            page.append(("count", "true"))
        return Forward("GET", "/entities", tuple(params + page), None, headers, lazy=True)

    return make_get


def _post_route(call: Call, match: Match) -> str | None:
    """How a POST query reaches a source: ``post`` (queryBatch), ``get`` (queryEntity) or not at all."""
    if match.reg.supports(ops.QUERY_BATCH):
        return "post"
    body = call.body if isinstance(call.body, dict) else {}
    if match.reg.supports(ops.QUERY_ENTITY) and len(body.get("entities") or [{}]) == 1:
        return "get"
    return None


def _body_as_params(body: dict[str, Any]) -> list[tuple[str, str]]:
    """A one-selector NGSI-LD Query body as GET /entities parameters."""
    import json

    out: list[tuple[str, str]] = []
    selector = (body.get("entities") or [{}])[0]
    if selector.get("type"):
        out.append(("type", str(selector["type"])))
    if selector.get("id"):
        ids = selector["id"]
        out.append(("id", ",".join(ids) if isinstance(ids, list) else str(ids)))
    if selector.get("idPattern"):
        out.append(("idPattern", str(selector["idPattern"])))
    for key in ("q", "scopeQ"):
        if isinstance(body.get(key), str):
            out.append((key, body[key]))
    geo = body.get("geoQ")
    if isinstance(geo, dict):
        for key in ("georel", "geometry", "geoproperty"):
            if key in geo:
                out.append((key, str(geo[key])))
        if "coordinates" in geo:
            coords = geo["coordinates"]
            out.append(("coordinates", coords if isinstance(coords, str) else json.dumps(coords)))
    return out


# -- retrieving one entity --------------------------------------------------------------------------------


async def retrieve_entity(
    call: Call, entity_id: str, attrs: tuple[str, ...], *, types: TypeExpr = ()
) -> tuple[Entity, dict[str, str]] | None:
    """GET /entities/{id}: the entity merged from this broker and its matching sources (404: nowhere)."""
    fed = federation(call.request)
    if fed is None or fed.quiet(call):
        return None
    sq = SourceQuery(ops.RETRIEVE_ENTITY, types=types, ids=(entity_id,), attrs=attrs)
    sources = await fed.sources(call, sq)
    if sources is None:
        return None
    warnings: list[str] = []
    guard = remote_guard(call)

    async def local_answer() -> Answer:
        try:
            found = await call.read(call.store.get, entity_id, attrs=attrs)
        except ResourceNotFound:
            return Answer(None)
        return Answer(None, [found])

    async def remote(match: Match) -> Answer | None:
        try:
            ctx, headers = await source_context(call, match)
        except CitytwinError as err:
            warnings.append(invalid(match.reg, f"its jsonldContext cannot be used: {err.detail}"))
            return None
        narrow = narrowing(match.infos, sq)
        params = [("options", "sysAttrs")]
        if narrow.attrs is not None:
            params.append(("attrs", joined_names(ctx, narrow.attrs)))
        if match.reg.management.local_only:
            params.append(("local", "true"))
        fwd = Forward("GET", f"/entities/{quote(entity_id, safe=':')}", tuple(params), None, headers)
        outcome = await sources.fed.client.send(
            sources.tenant, match.reg, fwd, via=sources.via, caller=sources.caller
        )
        if not outcome.ok:
            warnings.append(outcome.warning or "")
            return None
        if outcome.status == 404 or outcome.body is None:
            return Answer(match.reg)
        got = _entities(Outcome(outcome.reg, outcome.status, [outcome.body]), ctx, warnings)
        return Answer(match.reg, [e for e in got if e.id == entity_id])

    main = [m for m in sources.matches if m.reg.mode != "auxiliary"]
    aux = [m for m in sources.matches if m.reg.mode == "auxiliary"]
    mine, theirs = await _gather_answers(local_answer(), [remote(m) for m in main])
    answers = [mine, *theirs]
    if aux and not any(a.entities for a in answers):
        answers += [a for a in await asyncio.gather(*(remote(m) for m in aux)) if a is not None]
    entity = merge_entities(answers, sources.regs)
    if guard is not None:
        entity = guard.entity(entity)  # the merged facts decide (404 alike for absent and invisible)
    if entity is None:
        raise ResourceNotFound(f"entity {entity_id} is neither here nor at a registered context source")
    if guard is not None:
        _ledger_sources(guard, answers, [entity])
    return entity, warning_headers(warnings)


# -- discovery --------------------------------------------------------------------------------------------


async def entity_types(call: Call, local_body: Any, *, details: bool) -> tuple[Any, dict[str, str]] | None:
    """GET /types: this broker's answer merged with those of sources offering ``retrieveEntityTypes``."""
    fed = federation(call.request)
    if fed is None or fed.quiet(call):
        return None
    operation = ops.RETRIEVE_ENTITY_TYPE_DETAILS if details else ops.RETRIEVE_ENTITY_TYPES
    sources = await fed.sources(call, SourceQuery(operation))
    if sources is None:
        return None
    warnings: list[str] = []
    params = (("details", "true"),) if details else ()
    link = (("Link", call.ctx.link_header()),) if call.ctx.reference is not None else ()

    async def remote(match: Match) -> Any:
        fwd = Forward("GET", "/types", params, None, link)
        outcome = await fed.client.send(
            sources.tenant, match.reg, fwd, via=sources.via, caller=sources.caller
        )
        if not outcome.ok:
            warnings.append(outcome.warning or "")
            return None
        body = outcome.body
        if body is not None and not isinstance(body, list if details else dict):
            warnings.append(invalid(match.reg, "not an entity type list"))
            return None
        return body

    bodies = await asyncio.gather(*(remote(m) for m in sources.matches))
    merged = merge_type_lists([local_body, *(b for b in bodies if b is not None)], details=details)
    return merged, warning_headers(warnings)


# -- one-line hooks for the routes ------------------------------------------------------------------------


async def entity_page(
    call: Call,
    query: EntityQuery,
    attrs: tuple[str, ...],
    *,
    limit: int,
    offset: int,
    count: bool,
    local: LocalEntities,
) -> tuple[list[Entity], int | None, dict[str, str]]:
    """A page of a query: federated when sources match, else exactly the local answer."""
    fed = await query_entities(call, query, attrs, limit=limit, offset=offset, count=count, local=local)
    if fed is None:
        entities, total = await local(limit, offset, count)
        return entities, total, {}
    return fed.entities, fed.count, fed.headers


async def rendered_page(
    call: Call,
    query: EntityQuery,
    attrs: tuple[str, ...],
    *,
    limit: int,
    offset: int,
    count: bool,
    local: LocalEntities,
    rendering: Rendering,
) -> tuple[list[dict[str, Any]], int | None, dict[str, str]]:
    """A page of a query rendered as ``rendering`` says, federated when sources match."""
    fed = await query_entities(
        call, query, attrs, limit=limit, offset=offset, count=count, local=local, rendering=rendering
    )
    if fed is None:
        items: list[Entity | dict[str, Any]]
        entities, total = await local(limit, offset, count)
        items, extra = list(entities), {}
    else:
        items, total, extra = fed.items, fed.count, fed.headers
    fmt, sys_attrs, lang = rendering.fmt, rendering.sys_attrs, rendering.lang
    project = rendering.project
    body = [
        render_entity(e, call.ctx, fmt, sys_attrs=sys_attrs, project=project, lang=lang)
        if isinstance(e, Entity)
        else e
        for e in items
    ]
    return body, total, extra


async def entity_or_local(
    call: Call, entity_id: str, attrs: tuple[str, ...]
) -> tuple[Entity, dict[str, str]]:
    """One entity: merged from sources when any match, else read locally (404 when absent)."""
    fed = federation(call.request)
    if fed is None or fed.quiet(call):  # no source can be asked: exactly the local read
        return await call.read(call.store.get, entity_id, attrs=attrs), {}
    found = await retrieve_entity(call, entity_id, attrs)
    if found is None:
        return await call.read(call.store.get, entity_id, attrs=attrs), {}
    return found


async def types_or_local(call: Call, body: Any, *, details: bool) -> tuple[Any, dict[str, str]]:
    """GET /types: the local answer merged with the sources' when any match."""
    found = await entity_types(call, body, details=details)
    return (body, {}) if found is None else found
