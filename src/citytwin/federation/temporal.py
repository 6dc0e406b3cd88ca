"""Distributed temporal operations: GET (and POST query) /temporal/entities and /temporal/entities/{id}.

Sources registered with ``queryTemporal`` / ``retrieveTemporal`` (and an ``observationInterval`` that overlaps
the requested window, when they declare one) are asked in parallel with the local read. Temporal
representations are merged as JSON, already in the client's @context: instances are concatenated without
duplicates and ordered by time (:func:`citytwin.federation.merge.merge_temporal`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from citytwin.core.query import EntityQuery
from citytwin.errors import ResourceNotFound
from citytwin.federation import operations as ops
from citytwin.federation.client import Forward, invalid
from citytwin.federation.forward import (
    COUNT,
    TEMPORAL_DROP,
    LocalTemporal,
    csf_of,
    joined_names,
    narrowed_params,
    scope_q_of,
    source_query,
    warning_headers,
)
from citytwin.federation.guard import remote_guard
from citytwin.federation.matching import Narrowing, SourceQuery, narrowing
from citytwin.federation.merge import page_temporal
from citytwin.federation.service import Match, federation
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.request import Call


async def temporal_query(
    call: Call,
    query: EntityQuery,
    attrs: tuple[str, ...],
    window: tuple[datetime | None, datetime | None] | None,
    *,
    limit: int,
    offset: int,
    count: bool,
    local: LocalTemporal,
) -> tuple[list[dict[str, Any]], int | None, dict[str, str]] | None:
    """GET /temporal/entities and POST /temporal/entityOperations/query over this broker and its sources."""
    fed = federation(call.request)
    if fed is None or fed.quiet(call):
        return None
    sq = source_query(
        call, query, attrs, ops.QUERY_TEMPORAL, scope_q=scope_q_of(call), csf=csf_of(call), window=window
    )
    sources = await fed.sources(call, sq)
    if sources is None:
        return None
    need = offset + limit
    warnings: list[str] = []
    guard = remote_guard(call, query)
    post = call.request.method == "POST"
    link = (("Link", call.ctx.link_header()),) if call.ctx.reference is not None else ()

    async def remote(match: Match) -> tuple[list[dict[str, Any]], int | None] | None:
        narrow = narrowing(match.infos, sq)
        items: list[dict[str, Any]] = []
        total: int | None = None
        start = 0
        while True:
            chunk = min(fed.settings.page_size, need - start)
            first = count and start == 0
            fwd = _temporal_forward(
                call, match, narrow, link, size=chunk, offset=start, count=first, post=post
            )
            outcome = await fed.client.send(
                sources.tenant, match.reg, fwd, via=sources.via, caller=sources.caller
            )
            if not outcome.ok:
                warnings.append(outcome.warning or "")
                return None
            body = outcome.body if outcome.status != 404 else []
            if not isinstance(body, list):
                warnings.append(invalid(match.reg, "a temporal query must answer an array"))
                return None
            if count and start == 0 and (guard is None or not guard.restricted):
                raw = outcome.headers.get(COUNT)
                total = int(raw) if raw is not None and raw.isdigit() else None
            got = [i for i in body if isinstance(i, dict) and _provided(match, i, call.ctx)]
            items.extend(guard.temporal(got, call.ctx) if guard is not None else got)
            start += len(body)
            if len(body) < chunk or start >= need:
                return items, total

    results = await asyncio.gather(local(need, 0, count), *(remote(m) for m in sources.matches))
    lists = [r[0] for r in results if r is not None]
    page, shared = page_temporal(lists, limit=limit, offset=offset)
    if guard is not None:
        from_sources = {str(i.get("id")) for r in results[1:] if r is not None for i in r[0]}
        regs = ",".join(m.reg.id for m in sources.matches)
        guard.ledger_temporal(regs, [p for p in page if p.get("id") in from_sources], call.ctx)
    total = None
    if count:
        total = max(
            sum((r[1] if r[1] is not None else len(r[0])) for r in results if r is not None) - shared, 0
        )
    return page, total, warning_headers(warnings)


def _provided(match: Match, item: dict[str, Any], ctx: LdContext) -> bool:
    raw = item.get("type", [])
    types = tuple(ctx.to_store(t) for t in (raw if isinstance(raw, list) else [raw]) if isinstance(t, str))
    return bool(match.reg.covers(str(item.get("id", "")), types))


def _temporal_forward(
    call: Call,
    match: Match,
    narrow: Narrowing,
    link: tuple[tuple[str, str], ...],
    *,
    size: int,
    offset: int,
    count: bool,
    post: bool,
) -> Forward:
    page = [("limit", str(size)), ("offset", str(offset))] + ([("count", "true")] if count else [])
    if match.reg.management.local_only:
        page.append(("local", "true"))
    if post:
        body = {k: v for k, v in call.body.items() if k not in ("@context", "csf", "attrs")}
        if narrow.attrs is not None:
            body["attrs"] = sorted(call.ctx.from_store(a) for a in narrow.attrs)
        if narrow.types is not None and not body.get("entities"):
            body["entities"] = [{"type": joined_names(call.ctx, narrow.types)}]
        params = [(k, v) for k, v in call.request.query_params.multi_items() if k not in TEMPORAL_DROP]
        return Forward("POST", "/temporal/entityOperations/query", tuple(params + page), body, link)
    base = [(k, v) for k, v in call.request.query_params.multi_items() if k not in TEMPORAL_DROP]
    params = narrowed_params(base, narrow, call.ctx, local_only=False)
    return Forward("GET", "/temporal/entities", tuple(params + page), None, link)


async def temporal_retrieve(
    call: Call,
    entity_id: str,
    attrs: tuple[str, ...],
    window: tuple[datetime | None, datetime | None] | None,
    local: Callable[[], Awaitable[dict[str, Any] | None]],
) -> tuple[dict[str, Any], dict[str, str]] | None:
    """GET /temporal/entities/{id}: this broker's temporal evolution merged with its sources'."""
    fed = federation(call.request)
    if fed is None or fed.quiet(call):
        return None
    sq = SourceQuery(ops.RETRIEVE_TEMPORAL, ids=(entity_id,), attrs=attrs, window=window)
    sources = await fed.sources(call, sq)
    if sources is None:
        return None
    warnings: list[str] = []
    guard = remote_guard(call)
    link = (("Link", call.ctx.link_header()),) if call.ctx.reference is not None else ()

    async def remote(match: Match) -> dict[str, Any] | None:
        narrow = narrowing(match.infos, sq)
        base = [(k, v) for k, v in call.request.query_params.multi_items() if k not in TEMPORAL_DROP]
        params = narrowed_params(
            base, Narrowing(attrs=narrow.attrs), call.ctx, local_only=match.reg.management.local_only
        )
        fwd = Forward("GET", f"/temporal/entities/{quote(entity_id, safe=':')}", tuple(params), None, link)
        outcome = await fed.client.send(
            sources.tenant, match.reg, fwd, via=sources.via, caller=sources.caller
        )
        if not outcome.ok:
            warnings.append(outcome.warning or "")
            return None
        if outcome.status == 404 or not isinstance(outcome.body, dict):
            return None
        if outcome.body.get("id") != entity_id:
            return None
        if guard is None:
            return outcome.body
        kept = guard.temporal([outcome.body], call.ctx)
        if kept:
            guard.ledger_temporal(match.reg.id, kept, call.ctx)
        return kept[0] if kept else None

    results = await asyncio.gather(local(), *(remote(m) for m in sources.matches))
    found = [r for r in results if r is not None]
    if not found:
        raise ResourceNotFound(f"entity {entity_id} has no temporal evolution here nor at a context source")
    page, _ = page_temporal([found], limit=1, offset=0)
    return page[0], warning_headers(warnings)
