"""WebSocket filters: what a dashboard subscribes to, in the query language of ``GET /entities``.

A subscribe message names a ``type`` expression, entity ``id`` / ``idPattern``, ``q``, ``scopeQ``, a ``geoQ``
(georel, geometry, coordinates, geoproperty), an ``adminCode`` (a GB/T 2260 area: entities whose
``adminCode`` is that area or inside it, as in the stores), ``attrs`` and a ``format``; names are terms of the
message's ``context`` (default: the core context). Filters are compiled once; identical filters of
different clients share one :class:`WsFilter` (matched and rendered once per change).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import msgspec

from citytwin.core.entities import ADMIN_CODE, Entity
from citytwin.core.events import ChangeKind
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery, Predicate
from citytwin.core.query_eval import admin_key, admin_prefix, evaluate, geo_holds
from citytwin.core.scopeq import ScopeExpr, parse_scope_q, scope_matches, scope_prefilter, scope_prefixes
from citytwin.core.typeexpr import parse_types
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.representation import Format, render_entity, render_instances
from citytwin.ngsild.routes_query import Selector, geo_filter, selector
from citytwin.stream.changes import Change

FILTER_MEMBERS = frozenset(
    {"type", "id", "idPattern", "q", "scopeQ", "geoQ", "adminCode", "attrs", "format", "context"}
)
_FORMATS: dict[str, Format] = {
    "keyValues": "keyValues",
    "simplified": "keyValues",
    "normalized": "normalized",
    "concise": "concise",
}
_ENCODE = msgspec.json.Encoder(order="sorted").encode
_PLAIN = msgspec.json.Encoder().encode


@lru_cache(maxsize=65_536)
def _cached_admin_key(raw: str | int) -> str | None:
    return admin_key(raw)


def area_key(raw: Any) -> str | None:
    """``admin_key`` for every filter and change: a few thousand distinct codes, normalised once each."""
    if isinstance(raw, str | int) and not isinstance(raw, bool):
        return _cached_admin_key(raw)
    return admin_key(raw)


_admin_key = area_key


def filter_spec(message: dict[str, Any]) -> dict[str, Any]:
    """The filter members of a subscribe message (unknown members are an error: a typo filters nothing)."""
    spec = {k: v for k, v in message.items() if k not in ("op", "sub", "snapshot")}
    unknown = set(spec) - FILTER_MEMBERS
    if unknown:
        raise BadRequestData(f"unknown filter member(s) {sorted(unknown)}; known: {sorted(FILTER_MEMBERS)}")
    return spec


def spec_key(tenant: str, spec: dict[str, Any]) -> bytes:
    """Identical filters (same tenant, same members) share one compiled filter."""
    return _ENCODE([tenant, spec])


@dataclass(slots=True, eq=False)
class WsFilter:
    """A compiled filter: matching, the deltas it sends, and the snapshot query."""

    tenant: str
    ctx: LdContext
    selector: Selector
    q: Predicate | None
    scope: ScopeExpr | None
    geo: Any
    admin: str | None
    attrs: frozenset[str] | None
    fmt: Format
    index_types: tuple[str, ...] | None
    key: bytes = b""

    def selects(self, entity: Entity) -> bool:
        """Whether the entity passes every filter."""
        if not self.selector.matches(entity):
            return False
        if self.admin is not None:
            found = _admin_key(entity.value(ADMIN_CODE))
            if found is None or not found.startswith(self.admin):
                return False
        if self.scope is not None and not scope_matches(self.scope, entity.scope):
            return False
        if self.q is not None and not evaluate(self.q, entity):
            return False
        if self.geo is not None:
            geom = entity.location(self.geo.geoproperty)
            if geom is None or not geo_holds(geom, self.geo):
                return False
        return True

    def matches(self, change: Change) -> bool:
        """Whether the change concerns the filter (with ``attrs``: it touched one of them)."""
        if change.tenant != self.tenant:
            return False
        if (
            self.attrs is not None
            and change.kind is not ChangeKind.DELETED
            and self.attrs.isdisjoint(change.changed)
        ):
            return False
        return self.selects(change.subject)

    def touches(self, change: Change) -> bool:
        """Whether a change (as its receiver may see it) still touches one of ``attrs`` (always without)."""
        return (
            self.attrs is None
            or change.kind is ChangeKind.DELETED
            or not self.attrs.isdisjoint(change.changed)
        )

    def filters(self) -> EntityQuery:
        """Its ``q`` and ``geoQ`` as a query (what a receiver must see in clear for a match to count)."""
        return EntityQuery(q=self.q, geo=self.geo)

    def delta(self, change: Change) -> bytes:
        """The delta of a matching change, encoded (the frame that carries it names the filter)."""
        ctx = self.ctx
        types = [ctx.from_store(t) for t in change.types]
        out: dict[str, Any] = {
            "kind": change.kind.value,
            "id": change.entity_id,
            "type": types[0] if len(types) == 1 else types,
            "at": change.at,
        }
        entity = change.entity
        if entity is not None:
            keep, fmt, present = self.attrs, self.fmt, entity.attrs
            rendered: dict[str, Any] = {}
            for n in (*change.created, *change.updated):
                if (keep is None or n in keep) and present.get(n):
                    rendered[ctx.from_store(n)] = render_instances(present[n], ctx, fmt)
            out["attrs"] = rendered
            gone = [ctx.from_store(n) for n in change.deleted if self.attrs is None or n in self.attrs]
            if gone:
                out["deletedAttrs"] = gone
        return _PLAIN(out)

    def render(self, entity: Entity) -> dict[str, Any]:
        """An entity as the snapshot shows it."""
        keep = tuple(sorted(self.attrs)) if self.attrs is not None else ()
        if keep:
            entity = Entity(entity.id, entity.types, {n: v for n, v in entity.attrs.items() if n in keep},
                            entity.scope, entity.created_at, entity.modified_at)  # fmt: skip
        return render_entity(entity, self.ctx, self.fmt)

    def snapshot_query(self, limit: int) -> EntityQuery:
        """The store query for the snapshot (what it cannot express is checked by :meth:`selects`)."""
        scopes: tuple[str, ...] = ()
        if self.scope is not None:
            exact = scope_prefixes(self.scope)
            scopes = exact if exact is not None else scope_prefilter(self.scope)
        return EntityQuery(
            ids=self.selector.ids,
            id_pattern=self.selector.id_pattern,
            types=self.selector.types,
            q=self.q,
            geo=self.geo,
            scopes=scopes,
            admin_code=self.admin,
            limit=limit,
        )


def compile_filter(tenant: str, spec: dict[str, Any], ctx: LdContext) -> WsFilter:
    """Compile a filter spec (BadRequestData names the member that is wrong)."""
    try:
        types = spec.get("type")
        if types is not None and not isinstance(types, str):
            raise BadRequestData("type must be a string (a type expression)")
        sel = selector(spec.get("id"), spec.get("idPattern"), None, ctx)
        if types:
            sel = replace(sel, types=parse_types(types, expand=ctx.to_store))
        q_text = spec.get("q")
        if q_text is not None and not isinstance(q_text, str):
            raise BadRequestData("q must be a string")
        q = parse_q(q_text, expand=ctx.to_store) if q_text else None
        scope_text = spec.get("scopeQ")
        scope = parse_scope_q(scope_text) if isinstance(scope_text, str) and scope_text else None
        geo = None
        raw_geo = spec.get("geoQ")
        if raw_geo is not None:
            if not isinstance(raw_geo, dict):
                raise BadRequestData("geoQ must be an object with georel, geometry and coordinates")
            geo = geo_filter(raw_geo.get("georel"), raw_geo.get("geometry"), raw_geo.get("coordinates"),
                             raw_geo.get("geoproperty"), ctx)  # fmt: skip
        admin = None
        if spec.get("adminCode") is not None:
            admin = admin_prefix(str(spec["adminCode"]))
        attrs = spec.get("attrs")
        if isinstance(attrs, str):
            attrs = [a.strip() for a in attrs.split(",") if a.strip()]
        if attrs is not None and (not isinstance(attrs, list) or not all(isinstance(a, str) for a in attrs)):
            raise BadRequestData("attrs must be a list of attribute names")
        fmt = _FORMATS.get(spec.get("format", "keyValues"))
        if fmt is None:
            raise BadRequestData(f"format must be one of {', '.join(_FORMATS)}")
    except CitytwinError as err:
        raise BadRequestData(err.detail) from None
    index = tuple(dict.fromkeys(min(g) for g in sel.types)) if sel.types else None
    return WsFilter(
        tenant, ctx, sel, q, scope, geo, admin,
        frozenset(ctx.to_store(a) for a in attrs) if attrs else None, fmt, index,
        spec_key(tenant, spec),
    )  # fmt: skip
