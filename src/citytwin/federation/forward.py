"""What every distributed operation shares: the source query of a request, the forwarded parameters and
@context, and the ``NGSILD-Warning`` header.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from citytwin.core.entities import Entity
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery, Predicate
from citytwin.core.scopeq import ScopeExpr, parse_scope_q
from citytwin.federation.client import WARNING_HEADER
from citytwin.federation.matching import Narrowing, SourceQuery
from citytwin.federation.service import Match
from citytwin.ngsild.context import JSONLD_CONTEXT_REL, LdContext
from citytwin.ngsild.request import Call, csf_filter, services

COUNT = "ngsild-results-count"
ENTITY_DROP = frozenset(
    {"limit", "offset", "count", "options", "format", "lang", "pick", "omit", "geometryProperty", "local"}
    | {"csf", "attrs", "details"}
)
"""Parameters not forwarded as they are: paging, representation (merged here), ``attrs`` (narrowed)."""
TEMPORAL_DROP = frozenset({"limit", "offset", "count", "local", "csf", "attrs"})

LocalEntities = Callable[[int, int, bool], Awaitable[tuple[list[Entity], int | None]]]
LocalTemporal = Callable[[int, int, bool], Awaitable[tuple[list[dict[str, Any]], int | None]]]


@dataclass(slots=True)
class Federated:
    """A federated answer: one page of entities, the count when asked, headers (``NGSILD-Warning``).

    ``items`` are entities, or (when the query was given a
    :class:`~citytwin.federation.passthrough.Rendering`) entities already rendered that way.
    """

    items: list[Entity | dict[str, Any]]
    count: int | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def entities(self) -> list[Entity]:
        """The entities of the page that were not rendered already (all of them without a shape)."""
        return [e for e in self.items if isinstance(e, Entity)]


def warning_headers(warnings: Iterable[str]) -> dict[str, str]:
    """The ``NGSILD-Warning`` header of an answer (empty when every source answered)."""
    found = [w for w in warnings if w]
    return {WARNING_HEADER: ", ".join(found)} if found else {}


# -- building source queries ------------------------------------------------------------------------------


def source_query(
    call: Call,
    query: EntityQuery,
    attrs: tuple[str, ...],
    operation: str,
    *,
    scope_q: str | None = None,
    csf: Predicate | None = None,
    window: tuple[datetime | None, datetime | None] | None = None,
) -> SourceQuery:
    """The :class:`SourceQuery` of a planned entity query."""
    scope: ScopeExpr | None = parse_scope_q(scope_q) if scope_q else None
    return SourceQuery(
        operation=operation,
        types=query.types,
        ids=query.ids,
        id_pattern=query.id_pattern,
        attrs=attrs,
        geo=query.geo,
        scope=scope,
        window=window,
        csf=csf,
    )


def csf_of(call: Call) -> Predicate | None:
    """The ``csf`` filter of a request (URL parameter, or the member of a POST query body)."""
    body = call.body if isinstance(call.body, dict) else {}
    raw = body.get("csf")
    if isinstance(raw, str) and raw.strip():
        return parse_q(raw, expand=call.ctx.to_store)
    return csf_filter(call.request, call.ctx)


def scope_q_of(call: Call) -> str | None:
    """The ``scopeQ`` of a request (URL parameter, or the member of a POST query body)."""
    body = call.body if isinstance(call.body, dict) else {}
    raw = body.get("scopeQ", call.request.query_params.get("scopeQ"))
    return raw if isinstance(raw, str) and raw else None


async def source_context(call: Call, match: Match) -> tuple[LdContext, tuple[tuple[str, str], ...]]:
    """The @context a source is asked to answer in, and the headers that say so."""
    ref = match.reg.jsonld_context
    if ref:
        ctx = await services(call.request).resolver.resolve(ref)
        return ctx, (("Link", f'<{ref}>; rel="{JSONLD_CONTEXT_REL}"; type="application/ld+json"'),)
    if call.ctx.reference is None:
        return call.ctx, ()
    return call.ctx, (("Link", call.ctx.link_header()),)


def joined_names(ctx: LdContext, names: Iterable[str]) -> str:
    """Stored names as a comma-separated parameter value in ``ctx``'s terms."""
    return ",".join(sorted(ctx.from_store(n) for n in names))


def narrowed_params(
    base: list[tuple[str, str]], narrow: Narrowing, ctx: LdContext, *, local_only: bool
) -> list[tuple[str, str]]:
    """``base`` parameters with the types, ids and attributes a source is asked for."""
    out = list(base)
    present = {k for k, _ in out}
    if narrow.types is not None and "type" not in present:
        out.append(("type", joined_names(ctx, narrow.types)))
    if narrow.ids is not None and "id" not in present and "idPattern" not in present:
        out.append(("id", ",".join(narrow.ids)))
    if narrow.attrs is not None:
        out.append(("attrs", joined_names(ctx, narrow.attrs)))
    if local_only:
        out.append(("local", "true"))
    return out
