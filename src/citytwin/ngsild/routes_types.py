"""NGSI-LD discovery: GET /types, /types/{type}, /attributes, /attributes/{attrId} (GS CIM 009 6.25-6.28).

The answers are computed by paging through the tenant's entities (with the type or attribute as a filter
where one is named): exact, and linear in the number of entities read. A store summary of types and
attribute names would make these constant-time; until one exists, this keeps the store interface unchanged.

The local answers come from the governed store, so they hold what the subject reads. ``GET /types`` merged
with context sources' answers is cut too: a type the subject's policy view cannot read at all is left out,
and with ``details=true`` so are attribute names it can never see on that type (:mod:`.type_reach`).
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.core.entities import Entity
from citytwin.core.query import EntityQuery, Exists, types_of
from citytwin.errors import ResourceNotFound
from citytwin.federation import distributed
from citytwin.governance.enforce import GovernedTenantStore
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.request import BASE, Call, begin, bool_param
from citytwin.ngsild.type_reach import readable, shown
from citytwin.storage.base import TenantStore

PAGE = 1000


def scan(store: TenantStore, query: EntityQuery) -> Iterator[Entity]:
    """Every entity matching ``query``, read a page at a time in id order."""
    offset = 0
    while True:
        page = store.query(replace(query, limit=PAGE, offset=offset)).entities
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


@dataclass(slots=True)
class Summary:
    """What discovery reports, in stored names: per type and per attribute."""

    entities_by_type: Counter[str] = field(default_factory=Counter)
    attrs_by_type: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    kinds_by_attr: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    types_by_attr: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    instances_by_attr: Counter[str] = field(default_factory=Counter)

    def add(self, entity: Entity) -> None:
        """Count one entity."""
        for t in entity.types:
            self.entities_by_type[t] += 1
            self.attrs_by_type[t].update(entity.attrs)
        for name, instances in entity.attrs.items():
            self.types_by_attr[name].update(entity.types)
            self.instances_by_attr[name] += len(instances)
            self.kinds_by_attr[name].update(i.type.value for i in instances)


def summarize(store: TenantStore, query: EntityQuery) -> Summary:
    """The summary of every entity matching ``query`` (runs in a thread)."""
    out = Summary()
    for entity in scan(store, query):
        out.add(entity)
    return out


def _iri(ctx: LdContext, name: str) -> str:
    """The full IRI of a stored type or attribute name (its NGSI-LD ``id``)."""
    return ctx.expand(ctx.from_store(name))


def _names(ctx: LdContext, names: set[str] | list[str]) -> list[str]:
    return sorted(ctx.from_store(n) for n in names)


async def list_types(request: Request) -> Response:
    """GET /types: EntityTypeList, or EntityType objects with ``details=true``."""
    call = await begin(request)
    summary = await call.run(summarize, call.store, EntityQuery())
    ctx = call.ctx
    if bool_param(request, "details"):
        body: Any = [
            {
                "id": _iri(ctx, t),
                "type": "EntityType",
                "typeName": ctx.from_store(t),
                "attributeNames": _names(ctx, summary.attrs_by_type[t]),
            }
            for t in sorted(summary.entities_by_type, key=ctx.from_store)
        ]
    else:
        body = {
            "id": f"urn:ngsi-ld:EntityTypeList:{uuid.uuid4()}",
            "type": "EntityTypeList",
            "typeList": _names(ctx, list(summary.entities_by_type)),
        }
    body, extra = await distributed.types_or_local(call, body, details=bool_param(request, "details"))
    return call.respond(
        readable_types(call, body, details=bool_param(request, "details")), headers=extra or None
    )


def readable_types(call: Call, body: Any, *, details: bool) -> Any:
    """A (merged) type list less the types, and attribute names, the subject's policy view never shows."""
    if not isinstance(call.store, GovernedTenantStore):
        return body
    view = call.store.view("read")
    if view.unrestricted:
        return body
    ctx = call.ctx
    if not details:
        names = body.get("typeList", []) if isinstance(body, dict) else []
        return {**body, "typeList": [n for n in names if readable(view, ctx.to_store(n))]}
    out = []
    for item in body if isinstance(body, list) else []:
        name = ctx.to_store(str(item.get("typeName", "")))
        if readable(view, name):
            attrs = [a for a in item.get("attributeNames", []) if shown(view, name, ctx.to_store(a))]
            out.append({**item, "attributeNames": attrs})
    return out


async def type_info(request: Request) -> Response:
    """GET /types/{type}: EntityTypeInfo (entity count and attribute details); 404 when no entity has it."""
    call = await begin(request)
    term: str = request.path_params["type"]
    name = call.ctx.to_store(term)
    summary = await call.run(summarize, call.store, EntityQuery(types=types_of(name)))
    if not summary.entities_by_type[name]:
        raise ResourceNotFound(f"no entity has type {term!r}")
    ctx = call.ctx
    details = [
        {
            "id": _iri(ctx, a),
            "type": "Attribute",
            "attributeName": ctx.from_store(a),
            "attributeTypes": sorted(summary.kinds_by_attr[a]),
        }
        for a in sorted(summary.attrs_by_type[name], key=ctx.from_store)
    ]
    body = {
        "id": _iri(ctx, name),
        "type": "EntityTypeInfo",
        "typeName": ctx.from_store(name),
        "entityCount": summary.entities_by_type[name],
        "attributeDetails": details,
    }
    return call.respond(body)


def _attribute(ctx: LdContext, summary: Summary, name: str) -> dict[str, Any]:
    return {
        "id": _iri(ctx, name),
        "type": "Attribute",
        "attributeName": ctx.from_store(name),
        "attributeCount": summary.instances_by_attr[name],
        "attributeTypes": sorted(summary.kinds_by_attr[name]),
        "typeNames": _names(ctx, summary.types_by_attr[name]),
    }


async def list_attributes(request: Request) -> Response:
    """GET /attributes: AttributeList, or Attribute objects with ``details=true``."""
    call = await begin(request)
    summary = await call.run(summarize, call.store, EntityQuery())
    ctx = call.ctx
    if bool_param(request, "details"):
        # 5.7.9: the details list names each attribute and its entity types; count and kinds are what
        # 5.7.10 adds for one attribute (ETSI TP 026_01 compares the whole body)
        names = sorted(summary.instances_by_attr, key=ctx.from_store)
        omitted = ("attributeCount", "attributeTypes")
        body: Any = [
            {k: v for k, v in _attribute(ctx, summary, n).items() if k not in omitted} for n in names
        ]
    else:
        body = {
            "id": f"urn:ngsi-ld:AttributeList:{uuid.uuid4()}",
            "type": "AttributeList",
            "attributeList": _names(ctx, list(summary.instances_by_attr)),
        }
    return call.respond(body)


async def attribute_info(request: Request) -> Response:
    """GET /attributes/{attrId}: count, kinds and entity types of one attribute; 404 when none has it."""
    call: Call = await begin(request)
    term: str = request.path_params["attr_id"]
    name = call.ctx.to_store(term)
    summary = await call.run(summarize, call.store, EntityQuery(q=Exists((name,))))
    if not summary.instances_by_attr[name]:
        raise ResourceNotFound(f"no entity has attribute {term!r}")
    return call.respond(_attribute(call.ctx, summary, name))


def type_routes() -> list[Route]:
    """Routes of the discovery endpoints."""
    return [
        Route(f"{BASE}/types", list_types, methods=["GET"]),
        Route(f"{BASE}/types/{{type:path}}", type_info, methods=["GET"]),
        Route(f"{BASE}/attributes", list_attributes, methods=["GET"]),
        Route(f"{BASE}/attributes/{{attr_id:path}}", attribute_info, methods=["GET"]),
    ]
