"""NGSI-LD entity queries: GET /entities and POST /entityOperations/query (ETSI GS CIM 009 6.4.3.2, 6.23).

Parameters become one :class:`~citytwin.core.query.EntityQuery` the store answers with paging and count.
What the query model cannot say exactly (a ``scopeQ`` with ``+`` or ``;``, several entity selectors in a
POST query) is answered by a broader store query filtered here, paging over the filtered sequence, so
pages and counts stay exact at the cost of reading the broader set.

``expandValues`` names attributes whose string values are vocabulary terms: their values in ``q`` are
expanded with the request's @context as VocabProperty values are when stored. ``csf`` (a context source
filter) is parsed and checked; it selects context source registrations only, so it changes nothing while no
context source is consulted. ``local`` is parsed by :func:`~citytwin.ngsild.request.begin`.

Linked entity retrieval (``join``, ``joinLevel``, ``containedBy``; ``rel{...}`` in ``q``, ``pick`` and
``omit``) is :mod:`citytwin.ngsild.linked`: linked q terms filter the store's pages here (:attr:`Plan.narrow`,
each term a store query over the targets) and linked entities are read per page, one batch per level.
"""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.core.entities import LOCATION, Entity
from citytwin.core.geometry import parse_geojson
from citytwin.core.query import (
    And,
    Compare,
    EntityQuery,
    Exists,
    GeoFilter,
    GeoRel,
    Not,
    Or,
    Predicate,
    Range,
    Scalar,
    TypeExpr,
)
from citytwin.core.query_eval import compile_regex
from citytwin.core.scopeq import parse_scope_q, scope_matches, scope_prefilter, scope_prefixes
from citytwin.core.typeexpr import parse_types
from citytwin.errors import BadRequestData
from citytwin.federation import distributed
from citytwin.federation.passthrough import Rendering
from citytwin.ngsild import entity_maps, linked
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.ordering import Ordering, ordering_from_body, ordering_from_params
from citytwin.ngsild.paging_links import add_page_links, page_links
from citytwin.ngsild.representation import (
    Projection,
    feature_collection,
    render_entity,
    render_feature,
)
from citytwin.ngsild.request import (
    BASE,
    COUNT_HEADER,
    GEO_JSON,
    Call,
    begin,
    bool_param,
    csf_filter,
    paging,
    parse_options,
    services,
    split_list,
)
from citytwin.storage.base import TenantStore

READ_OPTIONS = frozenset({"normalized", "concise", "keyValues", "simplified", "sysAttrs", "entityMap"})
QUERY_GEOMETRIES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
)
SCAN_CHUNK = 1000
"""Entities read per store call when filtering here (see the module docstring)."""
MAX_ORDERED = 1_000_000
"""The most matches an ordered query sorts (4.23 orders all matches before paging)."""

Keep = Callable[[Entity], bool]
Narrow = Callable[[Sequence[Entity], linked.Fetch, linked.Select], list[Entity]]
"""Filters a chunk of entities by linked q terms, reading through the fetch and select (store) calls."""


@dataclass(frozen=True, slots=True)
class Plan:
    """A store query, plus filters for what the store cannot express (None when it can do it all)."""

    query: EntityQuery
    keep: Keep | None = None
    narrow: Narrow | None = None
    order: Ordering | None = None


# -- parameters → query -----------------------------------------------------------------------------------


def parse_georel(text: str) -> tuple[GeoRel, float | None, float | None]:
    """``near;maxDistance==1000`` → (NEAR, 1000.0, None); other relations take no modifiers."""
    head, *mods = text.split(";")
    try:
        rel = GeoRel(head.strip())
    except ValueError:
        known = ", ".join(r.value for r in GeoRel)
        raise BadRequestData(f"georel {head!r} is not one of {known}") from None
    found: dict[str, float] = {}
    for mod in mods:
        key, sep, raw = mod.partition("==")
        key = key.strip()
        if not sep or key not in ("maxDistance", "minDistance"):
            raise BadRequestData(
                f"georel modifier {mod!r}: use maxDistance==<metres> or minDistance==<metres>"
            )
        try:
            distance = float(raw)
        except ValueError:
            raise BadRequestData(f"georel {key} must be a number of metres, got {raw!r}") from None
        if not (math.isfinite(distance) and distance > 0):  # 4.10: PositiveNumber, neither 0 nor minus
            raise BadRequestData(f"georel {key} must be a finite positive number of metres, got {raw!r}")
        found[key] = distance
    if len(mods) > 1:  # 4.10: nearRel = nearOp andOp distance equal PositiveNumber (one modifier)
        raise BadRequestData(f"georel {text!r}: near takes exactly one distance modifier")
    if found and rel is not GeoRel.NEAR:
        raise BadRequestData(f"georel {rel.value} takes no distance; only near does")
    return rel, found.get("maxDistance"), found.get("minDistance")


def geo_filter(
    georel: str | None, geometry: str | None, coordinates: Any, geoproperty: str | None, ctx: LdContext
) -> GeoFilter | None:
    """The geo-query of ``georel`` / ``geometry`` / ``coordinates`` / ``geoproperty`` (all or none)."""
    if georel is None and geometry is None and coordinates is None:
        return None
    if georel is None or geometry is None or coordinates is None:
        raise BadRequestData("a geo-query needs georel, geometry and coordinates together")
    if geometry not in QUERY_GEOMETRIES:
        raise BadRequestData(f"geometry {geometry!r} is not one of {', '.join(sorted(QUERY_GEOMETRIES))}")
    if isinstance(coordinates, str):
        try:
            coordinates = msgspec.json.decode(coordinates)
        except msgspec.DecodeError:
            raise BadRequestData(f"coordinates must be a JSON array, got {coordinates!r}") from None
    shape = parse_geojson({"type": geometry, "coordinates": coordinates}, what="query geometry")
    rel, max_d, min_d = parse_georel(georel)
    prop = ctx.to_store(geoproperty) if geoproperty else LOCATION
    return GeoFilter(rel, shape, max_distance=max_d, min_distance=min_d, geoproperty=prop)


@dataclass(frozen=True, slots=True)
class Selector:
    """One NGSI-LD EntitySelector: ids, an id pattern and a type expression (empty: any)."""

    ids: tuple[str, ...] = ()
    id_pattern: str | None = None
    types: TypeExpr = ()

    def matches(self, entity: Entity) -> bool:
        """Whether the entity is selected."""
        if self.ids and entity.id not in self.ids:
            return False
        if self.id_pattern is not None and not compile_regex(self.id_pattern).search(entity.id):
            return False
        return not self.types or any(group <= set(entity.types) for group in self.types)


_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
"""An absolute URI, as entity ids must be (the same test the entity routes use)."""


def selector(ids: Any, id_pattern: Any, types: Any, ctx: LdContext) -> Selector:
    """A selector from raw parameter values (comma lists or JSON arrays)."""
    id_list = split_list(ids) if isinstance(ids, str) else list(ids or ())
    if not all(isinstance(i, str) for i in id_list):
        raise BadRequestData("id must be a string or a list of strings")
    for item in id_list:
        if not _URI.match(item):  # 5.7.2 / 6.4.3.2: entity ids are URIs (ETSI TP 019_03_01)
            raise BadRequestData(f"id must be a list of URIs, got {item!r}")
    if id_pattern is not None:
        if not isinstance(id_pattern, str):
            raise BadRequestData("idPattern must be a string")
        compile_regex(id_pattern)
        if id_list:  # 5.2.33: "id takes precedence over idPattern"
            id_pattern = None
    expr: TypeExpr = ()
    if types is not None:
        if not isinstance(types, str):
            raise BadRequestData("type must be a string (a type expression)")
        if types.strip() != "*":  # 6.4.3.2: "*" selects every entity type
            expr = parse_types(types, expand=ctx.to_store)
    return Selector(tuple(id_list), id_pattern, expr)


def expand_values(pred: Predicate, names: frozenset[str], to_store: Callable[[str], str]) -> Predicate:
    """``pred`` with the string values compared to attributes in ``names`` mapped like vocabulary terms."""
    if isinstance(pred, Compare):
        if pred.path[0] not in names or pred.keys or len(pred.path) > 1:
            return pred
        return replace(pred, value=_expanded(pred.value, to_store))
    if isinstance(pred, Not):
        return Not(expand_values(pred.item, names, to_store))
    if isinstance(pred, And | Or):
        return type(pred)(tuple(expand_values(p, names, to_store) for p in pred.items))
    return pred


def _expanded(
    value: Scalar | tuple[Scalar, ...] | Range, to_store: Callable[[str], str]
) -> Scalar | tuple[Scalar, ...] | Range:
    if isinstance(value, str):
        return to_store(value)
    if isinstance(value, tuple):
        return tuple(to_store(v) if isinstance(v, str) else v for v in value)
    return value


def build_plan(
    selectors: list[Selector],
    *,
    attrs: list[str],
    q: str | None,
    scope_q: str | None,
    geo: GeoFilter | None,
    ctx: LdContext,
    project: Projection,
    vocab: list[str] | None = None,
    join: linked.Join | None = None,
) -> Plan:
    """The store query (and residual filters) for a parsed request (``vocab``: the ``expandValues``).

    Linked terms of ``q`` (``rel{attr}==...``) need ``join``; they are evaluated here (:attr:`Plan.narrow`)
    while the rest of a conjunction goes to the store.
    """
    pred: Predicate | None = None
    narrow: Narrow | None = None
    read_attrs = project.attrs
    if q:
        parsed = linked.parse_linked_q(q, ctx.to_store)
        (join or linked.Join()).allow(parsed.depth, "q")
        pred, residual = parsed.split()
        if residual is not None:
            narrow = partial(parsed.filter, residual)
            if read_attrs:  # the relationships followed must be read even when not rendered
                read_attrs = tuple(sorted({*read_attrs, *parsed.relationships}))
    if pred is not None and vocab:
        pred = expand_values(pred, frozenset(ctx.to_store(v) for v in vocab), ctx.to_store)
    if attrs:  # entities having at least one of the attributes (NGSI-LD: attrs also filters)
        has = [Exists((ctx.to_store(a),)) for a in attrs]
        having: Predicate = has[0] if len(has) == 1 else Or(tuple(has))
        pred = having if pred is None else And((pred, having))
    keeps: list[Keep] = []
    base = EntityQuery(q=pred, geo=geo, attrs=read_attrs)
    if scope_q:
        expr = parse_scope_q(scope_q)
        exact = scope_prefixes(expr)
        base = replace(base, scopes=exact if exact is not None else scope_prefilter(expr))
        if exact is None:
            keeps.append(lambda e: scope_matches(expr, e.scope))
    sel = selectors[0] if len(selectors) == 1 else Selector()
    if len(selectors) > 1:
        # Several selectors OR together; the store query can hold one, so narrow by types when every
        # selector names some, and decide here.
        if all(s.types for s in selectors):
            union = tuple(dict.fromkeys(g for s in selectors for g in s.types))
            base = replace(base, types=union)
        keeps.append(lambda e: any(s.matches(e) for s in selectors))
    base = replace(base, ids=sel.ids, id_pattern=sel.id_pattern, types=sel.types or base.types)
    if not keeps:
        return Plan(base, None, narrow)
    return Plan(base, keeps[0] if len(keeps) == 1 else lambda e: all(k(e) for k in keeps), narrow)


def keep_picked(plan: Plan, project: Projection) -> Plan:
    """4.21: when ``pick`` names attributes only, an entity holding none of them has nothing left to show, so
    it is not listed (ETSI TP 019_17_01), as retrieving it would answer 404; the store filters it out."""
    if project.members is None or project.members or not project.keep:
        return plan
    has: list[Predicate] = [Exists((name,)) for name in sorted(project.keep)]
    having = has[0] if len(has) == 1 else Or(tuple(has))
    q = plan.query.q
    return replace(plan, query=replace(plan.query, q=having if q is None else And((q, having))))


def plan_from_params(
    params: Mapping[str, str], ctx: LdContext, project: Projection, join: linked.Join | None = None
) -> Plan:
    """The plan of GET /entities (and DELETE /entities) query parameters (``join``: linked q allowed)."""
    sel = selector(params.get("id"), params.get("idPattern"), params.get("type"), ctx)
    geo = geo_filter(
        params.get("georel"),
        params.get("geometry"),
        params.get("coordinates"),
        params.get("geoproperty"),
        ctx,
    )
    return build_plan(
        [sel],
        attrs=split_list(params.get("attrs")),
        q=params.get("q"),
        scope_q=params.get("scopeQ"),
        geo=geo,
        ctx=ctx,
        project=project,
        vocab=split_list(params.get("expandValues")),
        join=join,
    )


def plan_from_body(
    body: Any,
    ctx: LdContext,
    vocab: list[str] | None = None,
    *,
    temporal: bool = False,
    join: linked.Join | None = None,
) -> tuple[Plan, Projection]:
    """The plan and projection of a POST /entityOperations/query body (an NGSI-LD Query).

    ``temporal``: the body is a temporal query, the only one that may carry ``temporalQ`` (5.2.23).
    ``join``: linked entity retrieval is asked for, so q and the projection may name linked entities.
    """
    if not isinstance(body, dict):
        raise BadRequestData("the query must be a JSON object of type Query")
    if body.get("type", "Query") != "Query":
        raise BadRequestData(f"the body's type must be 'Query', got {body.get('type')!r}")
    check_query_members(body, temporal=temporal)
    raw_sel = body.get("entities") or [{}]
    if not isinstance(raw_sel, list) or not all(isinstance(s, dict) for s in raw_sel):
        raise BadRequestData("entities must be an array of EntitySelector objects")
    if body.get("entities") and not all("type" in s for s in raw_sel):
        raise BadRequestData("every EntitySelector needs a type (5.2.33)")
    selectors = [selector(s.get("id"), s.get("idPattern"), s.get("type"), ctx) for s in raw_sel]
    attrs = _str_list(body, "attrs")
    form = body_shape(body, ctx)
    (join or linked.Join()).allow(form.depth, "pick/omit")
    project = form.project
    geo = None
    geo_q = body.get("geoQ")
    if geo_q is not None:
        if not isinstance(geo_q, dict):
            raise BadRequestData("geoQ must be an object with georel, geometry and coordinates")
        geo = geo_filter(
            geo_q.get("georel"),
            geo_q.get("geometry"),
            geo_q.get("coordinates"),
            geo_q.get("geoproperty"),
            ctx,
        )
    for key in ("q", "scopeQ"):
        if body.get(key) is not None and not isinstance(body[key], str):
            raise BadRequestData(f"{key} must be a string")
    plan = build_plan(
        selectors,
        attrs=attrs,
        q=body.get("q"),
        scope_q=body.get("scopeQ"),
        geo=geo,
        ctx=ctx,
        project=project,
        vocab=vocab,
        join=join,
    )
    return plan, project


def body_shape(body: Mapping[str, Any], ctx: LdContext) -> linked.Shape:
    """The projection of a Query body's ``attrs`` / ``pick`` / ``omit`` (braces shape linked entities)."""
    pick, omit = (linked.parse_items(_str_list(body, k, split=False), k) for k in ("pick", "omit"))
    return linked.shape(ctx, _str_list(body, "attrs"), pick, omit)


def join_from_body(body: Any, params: Mapping[str, str]) -> linked.Join:
    """``join`` / ``joinLevel`` / ``containedBy`` of a Query body, else of the URL."""
    got = body if isinstance(body, dict) else {}

    def pick(key: str) -> Any:
        return got[key] if got.get(key) is not None else params.get(key)

    return linked.parse_join(pick("join"), pick("joinLevel"), pick("containedBy"))


def join_from_params(params: Mapping[str, str]) -> linked.Join:
    """``join`` / ``joinLevel`` / ``containedBy`` of the URL."""
    return linked.parse_join(params.get("join"), params.get("joinLevel"), params.get("containedBy"))


def shape_from_params(params: Mapping[str, str], ctx: LdContext, join: linked.Join) -> linked.Shape:
    """The projection of ``attrs`` / ``pick`` / ``omit`` URL parameters, checked against ``join``."""
    attrs = split_list(params.get("attrs"))
    if attrs and ("pick" in params or "omit" in params):  # 4.21 (ETSI TP 019_18_02/03)
        raise BadRequestData("attrs cannot be combined with pick or omit")
    form = linked.shape(
        ctx,
        attrs,
        linked.parse_items(params.get("pick"), "pick"),
        linked.parse_items(params.get("omit"), "omit"),
    )
    join.allow(form.depth, "pick/omit")
    return form


def check_query_members(body: Mapping[str, Any], *, temporal: bool) -> None:
    """Table 5.2.23-1 rules on a Query body: no empty arrays, a positive joinLevel, temporalQ in place."""
    for key in ("entities", "attrs", "pick", "omit"):
        if body.get(key) == []:
            raise BadRequestData(f"{key} must not be an empty array (Table 5.2.23-1)")
    level = body.get("joinLevel")
    if level is not None and (not isinstance(level, int) or isinstance(level, bool) or level < 1):
        raise BadRequestData(f"joinLevel must be a positive integer, got {level!r}")
    if "temporalQ" in body and not temporal:
        raise BadRequestData("temporalQ belongs only to POST /temporal/entityOperations/query (5.2.23)")


def _str_list(body: Mapping[str, Any], key: str, *, split: bool = True) -> list[str]:
    raw = body.get(key)
    if raw is None:
        return []
    items = (split_list(raw) if split else [raw]) if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise BadRequestData(f"{key} must be a list of attribute names")
    return items


# -- execution --------------------------------------------------------------------------------------------


def execute(call: Call, plan: Plan, limit: int, offset: int, count: bool) -> tuple[list[Entity], int | None]:
    """One page of the plan's results (ordered by id) and the total when ``count`` (runs in a thread).

    Transient entities past their ``expiresAt`` are left out (4.22), as retrieval leaves them out, though
    the sweeper (:mod:`citytwin.ngsild.expiry`) has not purged them yet.
    """
    store = call.store
    now = services(call.request).store.clock()
    if plan.order is not None:  # 4.23: every match is sorted before the page is cut
        everything, _ = execute(call, replace(plan, order=None), MAX_ORDERED, 0, False)
        ordered = plan.order.sort(everything)
        return ordered[offset : offset + limit], len(ordered) if count else None
    live = replace(plan.query, live_at=now)
    if plan.keep is None and plan.narrow is None:
        if offset == 0 and not count:
            # A first page without the expiry test is the same page when none of it has expired, and keeps
            # the stores' index-only paths (the test reads every document it passes over).
            first = store.query(replace(plan.query, limit=limit, offset=0, count=False)).entities
            if not any(gone(e, now) for e in first):
                return first, None
        result = store.query(replace(live, limit=limit, offset=offset, count=count))
        return result.entities, result.count
    page: list[Entity] = []
    seen = 0
    start = 0
    while True:
        chunk = store.query(replace(live, limit=SCAN_CHUNK, offset=start, count=False)).entities
        kept = chunk if plan.keep is None else [e for e in chunk if plan.keep(e)]
        if plan.narrow is not None:
            kept = plan.narrow(kept, store.get_many, partial(select_ids, store))
        for entity in kept:
            if offset <= seen < offset + limit:
                page.append(entity)
            seen += 1
        if len(chunk) < SCAN_CHUNK or (not count and seen >= offset + limit):
            break
        start += SCAN_CHUNK
    return page, seen if count else None


def gone(entity: Entity, now: datetime) -> bool:
    """Whether a transient entity is past its ``expiresAt``: gone for readers (4.22) though not yet purged."""
    return entity.expired(now)


def select_ids(store: TenantStore, ids: Sequence[str], pred: Predicate, types: TypeExpr) -> set[str]:
    """The ids among ``ids`` of the entities matching ``pred`` and ``types`` (store queries, in chunks)."""
    light = (pred.path[0],) if isinstance(pred, Compare | Exists) else ()
    found: set[str] = set()
    for start in range(0, len(ids), SCAN_CHUNK):
        part = tuple(ids[start : start + SCAN_CHUNK])
        query = EntityQuery(ids=part, types=types, q=pred, attrs=light, limit=len(part))
        found.update(e.id for e in store.query(query).entities)
    return found


async def answer(
    call: Call, plan: Plan, project: Projection, linking: tuple[linked.Shape, linked.Join] | None = None
) -> Response:
    """Run a plan with the request's paging and render the page in the negotiated representation.

    ``linking``: the projection with linked entities and the ``join`` asked for (JSON bodies only).
    """
    request = call.request
    limit, offset = paging(request, call.settings.max_page_size)
    count = bool_param(request, "count")
    opts = parse_options(request, allowed=READ_OPTIONS)
    params = request.query_params
    lang = params.get("lang")

    def local(n: int, o: int, c: bool) -> Awaitable[tuple[list[Entity], int | None]]:
        return call.run(execute, call, plan, n, o, c)

    mapped: dict[str, str] = {}
    if entity_maps.wanted(request, opts.flags):
        mapped[entity_maps.HEADER] = await call.run(entity_map_location, call, plan)

    if linking is not None and linking[1].enabled and call.media != GEO_JSON:
        entities, total, extra = await distributed.entity_page(
            call, plan.query, project.attrs, limit=limit, offset=offset, count=count, local=local
        )

        def render(entity: Entity, shown: Projection) -> dict[str, Any]:
            fmt, sys_attrs = opts.format, opts.sys_attrs
            return render_entity(entity, call.ctx, fmt, sys_attrs=sys_attrs, project=shown, lang=lang)

        body = await joined(call, entities, *linking, render)
        return _page(
            call,
            request,
            body,
            page_len=len(entities),
            total=total,
            extra={**extra, **mapped},
            limit=limit,
            offset=offset,
        )

    # With matching context source registrations the page is federated; else it is exactly the local one.
    if call.media != GEO_JSON:
        # Rendered there: what one context source alone sent may be rendered from its JSON as it is.
        body, total, extra = await distributed.rendered_page(
            call,
            plan.query,
            project.attrs,
            limit=limit,
            offset=offset,
            count=count,
            local=local,
            rendering=Rendering(opts.format, opts.sys_attrs, project, lang),
        )
        return _page(
            call,
            request,
            body,
            page_len=len(body),
            total=total,
            extra={**extra, **mapped},
            limit=limit,
            offset=offset,
        )
    entities, total, extra = await distributed.entity_page(
        call, plan.query, project.attrs, limit=limit, offset=offset, count=count, local=local
    )
    geometry = call.ctx.to_store(params.get("geometryProperty") or LOCATION)
    features = [
        render_feature(
            e,
            call.ctx,
            opts.format,
            geometry_property=geometry,
            sys_attrs=opts.sys_attrs,
            project=project,
            lang=lang,
        )
        for e in entities
    ]
    fc = feature_collection(features)
    return _page(
        call,
        request,
        fc,
        page_len=len(entities),
        total=total,
        extra={**extra, **mapped},
        limit=limit,
        offset=offset,
    )


def entity_map_location(call: Call, plan: Plan) -> str:
    """The location of the EntityMap a query asked for: the live one its header names, else a new map of every
    entity the query matches (all local: see :mod:`citytwin.ngsild.entity_maps`). Runs in a thread."""
    now = services(call.request).store.clock()
    found = entity_maps.referenced(call.store, call.request, now)
    if found is not None:
        return found
    matched, _ = execute(call, replace(plan, order=None), MAX_ORDERED, 0, False)
    return entity_maps.create(call.store, (e.id for e in matched), now)


def _page(
    call: Call,
    request: Request,
    body: Any,
    *,
    page_len: int,
    total: int | None,
    extra: dict[str, str],
    limit: int,
    offset: int,
) -> Response:
    """A page of query results: the body with the count header (when counted) and the page links."""
    headers = {COUNT_HEADER: str(total), **extra} if total is not None else (extra or None)
    links = page_links(
        request,
        limit=limit,
        offset=offset,
        page_len=page_len,
        total=total,
        media=call.media,
        sort_params=True,  # 019_31 expects the query's parameters sorted in entity-query page links
    )
    return add_page_links(call.respond(body, headers=headers), links)


async def joined(
    call: Call, entities: list[Entity], form: linked.Shape, join: linked.Join, render: linked.Render
) -> list[dict[str, Any]]:
    """``entities`` rendered with their linked entities: inline, or listed after them (flat)."""

    now = services(call.request).store.clock()

    async def fetch(ids: Sequence[str]) -> Mapping[str, Entity]:
        found = await call.run(call.store.get_many, ids)
        return {k: e for k, e in found.items() if not gone(e, now)}

    exp = await linked.expand(entities, form, join, fetch)
    if join.mode == "inline":
        fmt = parse_options(call.request, allowed=READ_OPTIONS).format
        return [linked.inline(e, form, exp, render=render, names=call.ctx, fmt=fmt) for e in entities]
    return [render(e, form.project) for e in entities] + linked.flat(exp, render)


_SYSTEM_ATTRS = frozenset({"createdAt", "modifiedAt", "deletedAt", "observedAt"})


def _attr_names(pred: Predicate) -> set[str]:
    """The attributes a q predicate reads (the first segment of each path)."""
    if isinstance(pred, (Compare, Exists)):
        return {pred.path[0]}
    if isinstance(pred, Not):
        return _attr_names(pred.item)
    return set().union(*(_attr_names(item) for item in pred.items))


_MINIMAL = ("type", "entities", "attrs", "pick", "q", "georel", "geoQ", "scopeQ")


def check_minimal(params: Mapping[str, str]) -> None:
    """5.7.2.4: a query names entity types, attributes, a ``q``, a geo-query or ``local=true``; one that names
    none (ids alone, say: ETSI TP 019_03_05) would read the whole broker and is 400 BadRequestData.
    (``pick`` selects attributes as ``attrs`` does; ``scopeQ`` narrows as ``q`` does.)"""
    if any(params.get(k) for k in _MINIMAL) or params.get("local") == "true":
        return
    raise BadRequestData(
        "the query is too wide: name an entity type (type=...), attributes (attrs=...), a q, a geo-query "
        "or local=true (NGSI-LD 5.7.2.4)"
    )


def check_not_system_only(params: Mapping[str, str]) -> None:
    """5.7.2.4: attrs and q narrow a query only with a non-system attribute; else it is too wide (400).

    One whose only filters name system attributes (``attrs=createdAt``) is refused, as ETSI TP 5722_01 checks.
    """
    if any(params.get(k) for k in ("id", "idPattern", "type", "georel", "scopeQ", "csf")):
        return
    attrs = split_list(params.get("attrs"))
    q = params.get("q")
    if not attrs and not q:
        return
    names = set(attrs) | (_attr_names(linked.parse_linked_q(q).pred) if q else set())
    if names <= _SYSTEM_ATTRS:
        raise BadRequestData("the query is too wide: attrs and q name only system attributes")


async def query_entities(request: Request) -> Response:
    """GET /entities: filters from the query string (at least one of those :func:`check_minimal` names)."""
    call = await begin(request, geo=True)
    params = request.query_params
    if "geometryProperty" in params and call.media != GEO_JSON:  # 5.7.2.4 (ETSI TP 019_27_01)
        raise BadRequestData("geometryProperty needs Accept: application/geo+json")
    if params.get("type", "").strip() == "*" and params.get("local") == "false":  # 6.4.3.2 (TP 019_26_02)
        raise BadRequestData("type=* implies local=true; it cannot be combined with local=false")
    csf_filter(request, call.ctx)
    check_not_system_only(params)
    join = join_from_params(params)
    form = shape_from_params(params, call.ctx, join)
    plan = keep_picked(plan_from_params(params, call.ctx, form.project, join), form.project)
    order = ordering_from_params(params, call.ctx.to_store)
    if order is not None:
        plan = replace(plan, order=order)
    check_minimal(params)  # after the parameters parsed: a malformed one says what is wrong with it
    return await answer(call, plan, form.project, (form, join))


async def post_query(request: Request) -> Response:
    """POST /entityOperations/query: the NGSI-LD Query in the body; paging and options in the URL."""
    call = await begin(request, body=True, geo=True)
    join = join_from_body(call.body, request.query_params)
    vocab = split_list(request.query_params.get("expandValues"))
    plan, project = plan_from_body(call.body, call.ctx, vocab, join=join)
    if not (call.local or call.body.get("local") is True):  # a dict: plan_from_body checked
        named = ("entities", "attrs", "pick", "q", "geoQ", "scopeQ")
        check_minimal({k: "1" for k in named if call.body.get(k)})
    plan = keep_picked(plan, project)
    order = ordering_from_body(call.body, call.ctx.to_store) if isinstance(call.body, dict) else None
    if order is not None:
        plan = replace(plan, order=order)
    return await answer(call, plan, project, (body_shape(call.body, call.ctx), join))


def query_routes() -> list[Route]:
    """Routes of the query endpoints (and of the EntityMaps that queries make)."""
    return [
        Route(f"{BASE}/entities", query_entities, methods=["GET"]),
        Route(f"{BASE}/entityOperations/query", post_query, methods=["POST"]),
        *entity_maps.entity_map_routes(),
    ]
