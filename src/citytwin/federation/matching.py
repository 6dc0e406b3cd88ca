"""Context source discovery (ETSI GS CIM 009 V1.8.1 clauses 5.10.2, 5.12): which registrations can answer.

A :class:`SourceQuery` states a request in stored names: the operation, the entity selector (type
expression, ids, id pattern), attributes, a geo-query, a scope query, a time window and a ``csf`` filter. A
registration matches when it supports the operation, has not expired, passes ``csf``, and one of its
RegistrationInfos *could* hold a matching entity: the test errs on the side of asking a source (whose own
answer is filtered anyway), never of leaving out one that holds data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.query import GeoFilter, GeoRel, Predicate, TypeExpr
from citytwin.core.query_eval import compile_regex, evaluate, geodesic_distance_m
from citytwin.core.scopeq import ScopeExpr, scope_matches
from citytwin.federation.registration import TYPE, EntityInfo, RegInfo, Registration, extras, overlaps


@dataclass(frozen=True, slots=True)
class SourceQuery:
    """What a request asks of context sources, in stored names (empty filters: anything)."""

    operation: str = ""
    types: TypeExpr = ()
    ids: tuple[str, ...] = ()
    id_pattern: str | None = None
    attrs: tuple[str, ...] = ()
    geo: GeoFilter | None = None
    scope: ScopeExpr | None = None
    window: tuple[datetime | None, datetime | None] | None = None
    csf: Predicate | None = None


def matches(reg: Registration, query: SourceQuery, now: datetime) -> bool:
    """Whether ``reg`` can answer ``query`` (an empty ``query.operation`` is not checked)."""
    return bool(matching_infos(reg, query, now))


def matching_infos(reg: Registration, query: SourceQuery, now: datetime) -> list[RegInfo]:
    """The RegistrationInfos of ``reg`` that could hold entities ``query`` selects (empty: no match)."""
    if reg.expired(now) or (query.operation and not reg.supports(query.operation)):
        return []
    if query.geo is not None and reg.spaces and not any(_could_hold(s, query.geo) for s in reg.spaces):
        return []
    if query.scope is not None and reg.scope and not scope_matches(query.scope, reg.scope):
        return []
    if query.window is not None and not overlaps(reg.observation, query.window):
        return []
    if query.csf is not None and not evaluate(query.csf, facts(reg)):
        return []
    return [info for info in reg.information if _info_matches(info, query)]


def _info_matches(info: RegInfo, query: SourceQuery) -> bool:
    if query.attrs and info.attrs is not None and not info.attrs & set(query.attrs):
        return False
    if not info.entities:
        return True
    return any(_entity_matches(e, query) for e in info.entities)


def _entity_matches(info: EntityInfo, query: SourceQuery) -> bool:
    if query.types and not any(group & set(info.types) for group in query.types):
        return False
    if info.id is not None:
        if query.ids and info.id not in query.ids:
            return False
        return query.id_pattern is None or bool(compile_regex(query.id_pattern).search(info.id))
    if info.id_pattern is not None and query.ids:
        pattern = compile_regex(info.id_pattern)
        return any(pattern.search(i) for i in query.ids)
    return True


def _could_hold(space: BaseGeometry, geo: GeoFilter) -> bool:
    """Whether an entity inside ``space`` could satisfy the geo-query."""
    query = geo.geometry
    if geo.rel is GeoRel.NEAR:
        if geo.max_distance is None:
            return True  # minDistance only: anything far enough, which a large space may hold
        distance = geodesic_distance_m(space, query)
        return math.isnan(distance) or distance <= geo.max_distance
    if geo.rel is GeoRel.DISJOINT:
        return not bool(shapely.covers(query, space))
    return bool(shapely.intersects(space, query))


# -- what ``csf`` is evaluated on -------------------------------------------------------------------------

_FACT_MEMBERS = ("endpoint", "mode", "registrationName", "description", "tenant", "contextSourceAlias")
_FACT_CACHE: dict[tuple[str, str], Entity] = {}


def facts(reg: Registration) -> Entity:
    """The registration as an entity of Properties, so ``csf`` (q grammar) can be evaluated on it."""
    key = (reg.id, str(reg.doc.get("modifiedAt", "")))
    found = _FACT_CACHE.get(key)
    if found is not None:
        return found
    entity = Entity(reg.id, (TYPE,))
    for member in _FACT_MEMBERS:
        if member in reg.doc:
            entity.attrs[member] = [Attribute(AttrType.PROPERTY, reg.doc[member])]
    entity.attrs["operations"] = [Attribute(AttrType.PROPERTY, list(reg.doc.get("operations", ())))]
    if "expiresAt" in reg.doc:
        entity.attrs["expiresAt"] = [Attribute(AttrType.PROPERTY, reg.doc["expiresAt"])]
    for name, value in extras(reg.doc).items():
        entity.attrs[name] = [_fact(value)]
    if len(_FACT_CACHE) > 4096:
        _FACT_CACHE.clear()
    _FACT_CACHE[key] = entity
    return entity


def _fact(value: Any) -> Attribute:
    if isinstance(value, dict) and value.get("type") == "Relationship" and "object" in value:
        return Attribute(AttrType.RELATIONSHIP, value["object"])
    if isinstance(value, dict) and "value" in value:
        return Attribute(AttrType.PROPERTY, value["value"])
    return Attribute(AttrType.PROPERTY, value)


# -- narrowing a forwarded request to what a registration provides ----------------------------------------


@dataclass(frozen=True, slots=True)
class Narrowing:
    """The part of a request a source is asked for: its types, attributes and ids (None: as requested)."""

    types: tuple[str, ...] | None = None
    attrs: frozenset[str] | None = None
    ids: tuple[str, ...] | None = None


def narrowing(infos: Iterable[RegInfo], query: SourceQuery) -> Narrowing:
    """What to ask a source for, given the RegistrationInfos that matched ``query``."""
    infos = list(infos)
    attrs: frozenset[str] | None = None
    if all(i.attrs is not None for i in infos):
        attrs = frozenset().union(*(i.attrs or () for i in infos))
        if query.attrs:
            attrs &= set(query.attrs)
    elif query.attrs:
        attrs = frozenset(query.attrs)
    types: tuple[str, ...] | None = None
    ids: tuple[str, ...] | None = None
    selectors = [e for i in infos for e in i.entities]
    if selectors and all(i.entities for i in infos):
        if not query.types:
            types = tuple(dict.fromkeys(t for e in selectors for t in e.types))
        if not query.ids and query.id_pattern is None and all(e.id is not None for e in selectors):
            ids = tuple(dict.fromkeys(e.id for e in selectors if e.id is not None))
    return Narrowing(types, attrs, ids)


def keep_provided(reg: Registration, entity: Entity) -> Entity | None:
    """``entity`` as a source answered it, cut to what its registration says it provides (None: nothing)."""
    if reg.covers_all:
        return entity
    infos = reg.covers(entity.id, entity.types)
    if not infos:
        return None
    if any(i.attrs is None for i in infos):
        return entity
    allowed = frozenset().union(*(i.attrs or () for i in infos))
    attrs = {k: v for k, v in entity.attrs.items() if k in allowed}
    if len(attrs) == len(entity.attrs):
        return entity
    return Entity(entity.id, entity.types, attrs, entity.scope, entity.created_at, entity.modified_at)
