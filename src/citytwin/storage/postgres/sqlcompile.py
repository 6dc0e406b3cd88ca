"""Compile an :class:`~citytwin.core.query.EntityQuery` into a SQL condition over the ``entities`` table.

The rules are those of :mod:`citytwin.core.query_eval` (the oracle of the contract tests), written in SQL over
the stored document layout of :mod:`citytwin.storage.codec`: ``doc -> attr`` is the list of instances, an
instance keeps its value in ``v``, sub-attributes in ``s`` and observedAt / unitCode / datasetId in ``o`` /
``u`` / ``d``. Every user value travels as a named parameter; the SQL text holds only fixed fragments.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from shapely import to_wkb

from citytwin.core.entities import LOCATION
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
)
from citytwin.core.query_eval import (
    ANY_KEY,
    META_MEMBERS,
    admin_prefix,
    check_reference,
    compile_regex,
    grid_range,
    normalize_scope,
    query_kind,
    range_kind,
)
from citytwin.errors import BadRequestData
from citytwin.storage.codec import EXPIRES_KEY
from citytwin.storage.georefine import grow_box

# Instance members the metadata names address in the stored document (deletedAt is never stored).
_META_KEYS: dict[str, str | None] = {
    "observedAt": "o",
    "unitCode": "u",
    "datasetId": "d",
    "createdAt": "c",
    "modifiedAt": "m",
    "deletedAt": None,
}
if set(_META_KEYS) != set(META_MEMBERS):  # the oracle grew a member this compiler does not know
    raise ImportError(f"sqlcompile knows {sorted(_META_KEYS)}, query_eval {sorted(META_MEMBERS)}")
_LINK_KINDS = "('Relationship', 'ListRelationship')"
_SQL_OPS = {"==": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<="}
_GEO_FUNCS = {
    GeoRel.WITHIN: "ST_Within",
    GeoRel.CONTAINS: "ST_Contains",
    GeoRel.INTERSECTS: "ST_Intersects",
    GeoRel.OVERLAPS: "ST_Overlaps",
    GeoRel.DISJOINT: "ST_Disjoint",
    GeoRel.EQUALS: "ST_Equals",
}


class Params:
    """Named query parameters; :meth:`add` returns the placeholder to put in the SQL text."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, value: Any) -> str:
        """Register a value and return its placeholder (``%(pN)s``)."""
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"%({name})s"


def where_clause(tenant: str, query: EntityQuery, params: Params) -> str:
    """The SQL condition selecting the tenant's entities that pass every filter of ``query``."""
    own = params.add(tenant)
    parts = [f"tenant = {own}"]
    if query.ids:
        parts.append(f"id = any({params.add(list(query.ids))}::text[])")
    if query.id_pattern is not None:
        compile_regex(query.id_pattern)
        parts.append(f"id ~ {params.add(query.id_pattern)}")
    if query.types:
        groups = [f"types @> {params.add(sorted(group))}::text[]" for group in query.types]
        parts.append("(" + " or ".join(groups) + ")")
    if query.scopes:
        prefixes = [normalize_scope(p) for p in query.scopes]
        parts.append(
            f"exists (select 1 from unnest(scope) s, unnest({params.add(prefixes)}::text[]) pfx"
            " where s = pfx or starts_with(s, pfx || '/'))"
        )
    if query.levels:
        parts.append(f"level = any({params.add([int(level) for level in query.levels])}::smallint[])")
    if query.admin_code is not None:
        prefix = admin_prefix(query.admin_code)
        parts.append(f"admin_code like {params.add(_like_prefix(prefix))}")
    if query.grid_prefix is not None:
        lo, hi = grid_range(query.grid_prefix)
        parts.append(f"grid between {params.add(lo)} and {params.add(hi)}")
    if query.q is not None:
        parts.append(predicate_sql(query.q, params))
    if query.geo is not None:
        parts.append(geo_sql(query.geo, params))
    if query.expired_at is not None:
        parts.append(_expired("entities", query.expired_at, params))
    if query.live_at is not None:  # the expired ones, found through the index of transient entities
        expired = _expired("x", query.live_at, params)
        gone = f"select x.id from entities x where x.tenant = {own} and {expired}"
        parts.append(f"not (id = any(array({gone})))")
    return " and ".join(parts)


def _expired(table: str, due_at: datetime, params: Params) -> str:
    """The entity's expiresAt (codec.EXPIRES_KEY, held by the few transient entities: the partial index
    ``entities_transient`` of migration 8) is at or before ``due_at``."""
    due = params.add(due_at)
    doc = f"{table}.doc"
    return f"{doc} ? '{EXPIRES_KEY}' and ct_instant({doc} #>> '{{{EXPIRES_KEY},0,v}}') <= {due}"


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


# -- q predicates ----------------------------------------------------------------------------------------


def predicate_sql(pred: Predicate, params: Params) -> str:
    """SQL for a q predicate: true when any instance of the referenced attribute matches."""
    if isinstance(pred, Compare):
        check_reference(pred.path, pred.keys)
        links = pred.op in ("==", "!=")  # other operators never match a (List)Relationship (query_eval)
        return _reference(pred.path, pred.keys, params, _compare(pred, params), links=links)
    if isinstance(pred, Exists):
        check_reference(pred.path, pred.keys)
        if len(pred.path) == 1 and not pred.keys:
            return f"(doc ? {params.add(pred.path[0])})"
        return _reference(pred.path, pred.keys, params, "true")
    if isinstance(pred, Not):
        return f"(not {predicate_sql(pred.item, params)})"
    if isinstance(pred, And):
        return (
            "(" + " and ".join(predicate_sql(p, params) for p in pred.items) + ")" if pred.items else "true"
        )
    if isinstance(pred, Or):
        return (
            "(" + " or ".join(predicate_sql(p, params) for p in pred.items) + ")" if pred.items else "false"
        )
    raise BadRequestData(f"unknown predicate {pred!r}")


def _reference(
    path: tuple[str, ...], keys: tuple[str, ...], params: Params, condition: str, *, links: bool = True
) -> str:
    """``exists`` over the instances of ``path[0]`` whose referenced value ``t`` is present and matches.

    ``links=False``: a value held by a Relationship or ListRelationship is not a target. A last key ``*``
    makes the member values of an object the target, as an array (query_eval.ANY_KEY).
    """
    name = params.add(path[0])
    source = f"ct_location(doc -> {name}, geojson)" if path[0] == LOCATION else f"doc -> {name}"
    node = "i"
    target: str | None = None
    rest = path[1:]
    for index, step in enumerate(rest):
        if step in _META_KEYS:
            member = _META_KEYS[step]
            if index != len(rest) - 1 or keys or member is None:
                return "false"  # metadata has no members; deletedAt is never present
            target = f"{node} -> '{member}'"
            if index == 0 and member in ("c", "m"):
                # Top-level system times left out of the document are the entity's modifiedAt (codec).
                target = f"coalesce({target}, to_jsonb(ct_instant_text(modified_at)))"
            break
        node = f"({node} -> 's' -> {params.add(step)})"
    if target is None:
        target = f"{node} -> 'v'"
        each = bool(keys) and keys[-1] == ANY_KEY
        for key in keys[:-1] if each else keys:
            target = f"({target}) -> {params.add(key)}"
        if each:
            target = (
                "(select jsonb_agg(m.value) from jsonb_each("
                f"case jsonb_typeof({target}) when 'object' then {target} end) m)"
            )
        if not links:
            condition = f"coalesce({node} ->> 't', '') not in {_LINK_KINDS} and {condition}"
    return (
        f"exists (select 1 from jsonb_array_elements({source}) i, lateral (select {target} as t) r"
        f" where t is not null and {condition})"
    )


def _compare(cmp: Compare, params: Params) -> str:
    op, value = cmp.op, cmp.value
    if op in ("==", "!="):
        hit = (
            "case jsonb_typeof(t) when 'array' then exists (select 1 from jsonb_array_elements(t) e where "
            f"{_equals('e', value, params)}) when 'object' then false else {_equals('t', value, params)} end"
        )
        return hit if op == "==" else f"not ({hit})"
    if op in ("~=", "!~="):
        patterns = value if isinstance(value, tuple) else (value,)
        if isinstance(value, Range) or not all(isinstance(p, str) for p in patterns):
            raise BadRequestData(f"{op} needs a regular expression string, got {value!r}")
        for pattern in patterns:
            compile_regex(pattern)  # type: ignore[arg-type]
        tests = " or ".join(f"(t #>> '{{}}') ~ {params.add(p)}" for p in patterns)
        hit = f"(jsonb_typeof(t) = 'string' and ({tests or 'false'}))"
        return hit if op == "~=" else f"not {hit}"
    if isinstance(value, Range):
        raise BadRequestData(f"a range can only be used with == or !=, not {op}")
    values = value if isinstance(value, tuple) else (value,)
    tests = " or ".join(_scalar("t", op, v, params) for v in values)
    return f"(jsonb_typeof(t) not in ('array', 'object') and ({tests or 'false'}))"


def _equals(item: str, value: Scalar | tuple[Scalar, ...] | Range, params: Params) -> str:
    if isinstance(value, Range):
        range_kind(value)
        return f"({_scalar(item, '>=', value.low, params)} and {_scalar(item, '<=', value.high, params)})"
    if isinstance(value, tuple):
        tests = [_scalar(item, "==", v, params) for v in value]
        return "(" + " or ".join(tests) + ")" if tests else "false"
    return _scalar(item, "==", value, params)


def _scalar(item: str, op: str, value: Scalar, params: Params) -> str:
    """``item op value`` under the typed-comparison rule; never NULL."""
    kind = query_kind(value)
    sql_op = _SQL_OPS[op]
    if kind == "datetime":
        assert isinstance(value, datetime)
        instant = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        test = (
            f"jsonb_typeof({item}) = 'string' and ct_instant({item} #>> '{{}}') {sql_op} "
            f"{params.add(instant)}::timestamptz"
        )
    elif kind == "num":
        if isinstance(value, float) and math.isnan(value):
            return "false"  # NaN compares false with everything
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        # numeric keeps JSON numbers exactly, like Python's exact int/float comparison.
        test = f"jsonb_typeof({item}) = 'number' and ({item})::numeric {sql_op} {params.add(number)}::numeric"
    elif kind == "str":
        text = f"({item} #>> '{{}}')"
        test = f"jsonb_typeof({item}) = 'string' and {text} {sql_op} ({params.add(value)} collate \"C\")"
    else:
        test = f"jsonb_typeof({item}) = 'boolean' and ({item})::boolean {sql_op} {params.add(value)}::boolean"
    return f"coalesce({test}, false)"


# -- geo ---------------------------------------------------------------------------------------------------


def geo_sql(geo: GeoFilter, params: Params) -> str:
    """SQL for a geo-query on the default instance of the GeoProperty (no instance: no match)."""
    if geo.geoproperty == LOCATION:
        column = "geom"
    else:
        column = (
            "(select ST_GeomFromGeoJSON(e -> 'v')"
            f" from jsonb_array_elements(doc -> {params.add(geo.geoproperty)}) e"
            " where not e ? 'd' and e ->> 't' = 'GeoProperty' limit 1)"
        )
    query_geom = f"ST_GeomFromWKB({params.add(to_wkb(geo.geometry))}, 4326)"
    if geo.rel is not GeoRel.NEAR:
        return f"{column} is not null and {_GEO_FUNCS[geo.rel]}({column}, {query_geom})"
    parts = [f"{column} is not null"]
    if geo.max_distance is not None:
        qminx, qminy, qmaxx, qmaxy = (float(v) for v in geo.geometry.bounds)
        minx, miny, maxx, maxy = grow_box((qminx, qminy, qmaxx, qmaxy), geo.max_distance)
        # The box lets the GiST index find candidates; the geodesic test on the spheroid decides.
        box = ", ".join(params.add(v) for v in (minx, miny, maxx, maxy))
        parts.append(f"{column} && ST_MakeEnvelope({box}, 4326)")
        parts.append(
            f"ST_DWithin({column}::geography, {query_geom}::geography, {params.add(geo.max_distance)}, true)"
        )
    if geo.min_distance is not None:
        minimum = params.add(geo.min_distance)
        parts.append(f"ST_Distance({column}::geography, {query_geom}::geography, true) >= {minimum}")
    return " and ".join(parts)
