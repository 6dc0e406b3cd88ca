"""Compile an EntityQuery (except its geo part) into a parametrised SQLite WHERE clause over ``entities e``.

The semantics are those of :mod:`citytwin.core.query_eval`; every user value travels as a named parameter.
Attribute references read the stored document (see :mod:`citytwin.storage.codec`): ``json_each(e.doc,
'$."attr"')`` yields the instances, and a path into each instance reaches the value (``$.v``), a
sub-attribute (``$.s."name"``), metadata (``$.o``, ``$.u``, ``$.d``) and compound keys (``$.v."key"``). Names
are validated (no quotes or backslashes), so the quoted JSON path labels are always well formed. A path into
sub-attributes reads the instance with its shared sub-attributes put back in place (codec.SHARED_KEY).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from citytwin.core.entities import check_name
from citytwin.core.query import And, Compare, EntityQuery, Exists, Not, Or, Predicate, Range, Scalar
from citytwin.core.query_eval import (
    ANY_KEY,
    admin_prefix,
    check_reference,
    compile_regex,
    datetime_micros,
    grid_range,
    normalize_scope,
    query_kind,
    range_kind,
)
from citytwin.core.timeutil import format_instant
from citytwin.errors import BadRequestData
from citytwin.storage.codec import EXPIRES_KEY, SHARED_KEY, dumps

_META = {
    "observedAt": "o",
    "unitCode": "u",
    "datasetId": "d",
    "createdAt": "c",
    "modifiedAt": "m",
    "deletedAt": None,
}
_SQL_OP = {"==": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<="}
_TYPE_GUARD = {
    "num": "IN ('integer', 'real')",
    "str": "= 'text'",
    "bool": "IN ('true', 'false')",
    "datetime": "= 'text'",
}


class Params:
    """Named parameters collected while compiling; placeholders are generated names, never user text."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, value: Any) -> str:
        """Register a value and return its placeholder."""
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f":{name}"


def attr_path(name: str) -> str:
    """JSON path of an attribute's instance list in the stored document."""
    return f'$."{check_name(name)}"'


@dataclass(frozen=True, slots=True)
class Target:
    """SQL for one reference inside an instance ``i``: its JSON type and SQL value, and its JSON path.

    ``path`` is None for members with an implied default (system times of a top-level instance fall back
    to the entity's modifiedAt, see codec): those are strings, never arrays.
    """

    type: str
    value: str
    path: str | None
    kind: str | None = None
    """JSON path of the attribute type of the (sub-)attribute holding the value (None for metadata)."""
    each: bool = False
    """A last key ``*``: ``path`` is the object whose member values are the targets (query_eval.ANY_KEY)."""
    source: str = "i.value"
    """The instance the paths apply to (``i``, the instance of ``json_each(e.doc, attr)``)."""


_NEVER = Target("NULL", "NULL", None)
_RESOLVED = (
    "(CASE WHEN json_type(i.value, '$.s') = 'integer' THEN json_set(i.value, '$.s', json_extract(e.doc,"
    f" '$.\"{SHARED_KEY}\"[' || json_extract(i.value, '$.s') || '].s')) ELSE i.value END)"
)
"""The instance ``i`` with its sub-attributes in place when the document shares them (codec.SHARED_KEY)."""
_LINK_KINDS = "('Relationship', 'ListRelationship')"


def target(rest: tuple[str, ...], keys: tuple[str, ...], p: Params) -> Target:
    """The referenced value of one instance (``i.value``) after the attribute name."""
    path = "$"
    src = "i.value" if not rest or rest[0] in _META else _RESOLVED
    for i, name in enumerate(rest):
        if name in _META:
            member = _META[name]
            if i != len(rest) - 1 or keys or member is None:
                return _NEVER
            if i == 0 and member in ("c", "m"):
                value = f"coalesce(json_extract(i.value, '$.{member}'), e.modified)"
                return Target("'text'", value, None)
            ph = p.add(f"{path}.{member}")
            return Target(f"json_type({src}, {ph})", f"json_extract({src}, {ph})", ph, source=src)
        path += f'.s."{name}"'
    kind = path + ".t"
    path += ".v"
    each = bool(keys) and keys[-1] == ANY_KEY
    for key in keys[:-1] if each else keys:
        path += f'."{key}"'
    ph = p.add(path)
    return Target(f"json_type({src}, {ph})", f"json_extract({src}, {ph})", ph, kind, each, src)


def _scalar(t: str, v: str, op: str, value: Scalar, p: Params) -> str:
    kind = query_kind(value)
    if kind == "datetime":
        return f"({t} {_TYPE_GUARD[kind]} AND ct_instant({v}) {_SQL_OP[op]} {p.add(datetime_micros(value))})"  # type: ignore[arg-type]
    param = 1 if value is True else 0 if value is False else value
    return f"({t} {_TYPE_GUARD[kind]} AND {v} {_SQL_OP[op]} {p.add(param)})"


def _equals(t: str, v: str, value: Scalar | tuple[Scalar, ...] | Range, p: Params) -> str:
    if isinstance(value, Range):
        range_kind(value)
        return f"({_scalar(t, v, '>=', value.low, p)} AND {_scalar(t, v, '<=', value.high, p)})"
    if isinstance(value, tuple):
        return "(" + " OR ".join(_scalar(t, v, "==", x, p) for x in value) + ")" if value else "0"
    return _scalar(t, v, "==", value, p)


def _regex(t: str, v: str, value: Any, p: Params) -> str:
    patterns = value if isinstance(value, tuple) else (value,)
    if isinstance(value, Range) or not all(isinstance(x, str) for x in patterns):
        raise BadRequestData(f"a regular-expression match needs a string pattern, got {value!r}")
    for pattern in patterns:
        compile_regex(pattern)
    if not patterns:
        return "0"
    return f"({t} = 'text' AND (" + " OR ".join(f"{v} REGEXP {p.add(x)}" for x in patterns) + "))"


def _compare(cmp: Compare, p: Params) -> str:
    check_reference(cmp.path, cmp.keys)
    tg = target(cmp.path[1:], cmp.keys, p)
    if tg is _NEVER:
        return "0"
    attr = p.add(attr_path(cmp.path[0]))
    t, v, op = tg.type, tg.value, cmp.op
    if tg.each:  # the member values of an object, compared as an array is
        members = f"json_each({tg.source}, {tg.path})"
        if op in ("==", "!="):
            hit = f"EXISTS (SELECT 1 FROM {members} AS j WHERE {_equals('j.type', 'j.value', cmp.value, p)})"
            present = f"{t} = 'object' AND EXISTS (SELECT 1 FROM {members})"
            cond = f"{present} AND {hit if op == '==' else 'NOT ' + hit}"
        elif op == "!~=":
            cond = f"{t} = 'object' AND EXISTS (SELECT 1 FROM {members})"
        else:
            cond = "0"
    elif op in ("==", "!=") and tg.path is not None:
        # json_each over a scalar yields it once, over an array its items: "any item" for free.
        eq = _equals("j.type", "j.value", cmp.value, p)
        hit = f"EXISTS (SELECT 1 FROM json_each({tg.source}, {tg.path}) AS j WHERE {t} <> 'object' AND {eq})"
        cond = hit if op == "==" else f"{t} IS NOT NULL AND NOT {hit}"
    elif op in ("==", "!="):
        eq = _equals(t, v, cmp.value, p)
        cond = eq if op == "==" else f"{v} IS NOT NULL AND NOT coalesce({eq}, 0)"
    elif op == "~=":
        cond = _regex(t, v, cmp.value, p)
    elif op == "!~=":
        cond = f"{t} IS NOT NULL AND NOT {_regex(t, v, cmp.value, p)}"
    else:
        if isinstance(cmp.value, Range):
            raise BadRequestData(f"a range can only be used with == or !=, not {op}")
        values = cmp.value if isinstance(cmp.value, tuple) else (cmp.value,)
        cond = "(" + " OR ".join(_scalar(t, v, op, x, p) for x in values) + ")" if values else "0"
    if op not in ("==", "!=") and tg.kind is not None:  # never a Relationship or ListRelationship
        cond = f"{cond} AND coalesce(json_extract({tg.source}, {p.add(tg.kind)}), '') NOT IN {_LINK_KINDS}"
    return f"EXISTS (SELECT 1 FROM json_each(e.doc, {attr}) AS i WHERE {cond})"


def predicate_sql(pred: Predicate, p: Params) -> str:
    """SQL that is 1 exactly when the entity satisfies the predicate (never NULL)."""
    if isinstance(pred, Compare):
        return _compare(pred, p)
    if isinstance(pred, Exists):
        check_reference(pred.path, pred.keys)
        tg = target(pred.path[1:], pred.keys, p)
        if tg is _NEVER:
            return "0"
        present = "1" if tg.path is None else f"{tg.type} IS NOT NULL"
        if tg.each:
            present = f"{tg.type} = 'object' AND EXISTS (SELECT 1 FROM json_each({tg.source}, {tg.path}))"
        return (
            f"EXISTS (SELECT 1 FROM json_each(e.doc, {p.add(attr_path(pred.path[0]))}) AS i WHERE {present})"
        )
    if isinstance(pred, Not):
        return f"NOT {predicate_sql(pred.item, p)}"
    if isinstance(pred, And):
        return "(" + " AND ".join(predicate_sql(x, p) for x in pred.items) + ")" if pred.items else "1"
    if isinstance(pred, Or):
        return "(" + " OR ".join(predicate_sql(x, p) for x in pred.items) + ")" if pred.items else "0"
    raise BadRequestData(f"unknown predicate {pred!r}")


def _types(query: EntityQuery, tenant: str, p: Params) -> str:
    groups = []
    for group in query.types:
        conds = []
        for name in sorted(group):
            ph = p.add(check_name(name))
            further = f"SELECT rid FROM entity_types WHERE tenant = {tenant} AND type = {ph}"
            conds.append(f"(e.ptype = {ph} OR e.rid IN ({further}))")
        groups.append("(" + " AND ".join(conds) + ")" if conds else "1")
    return "(" + " OR ".join(groups) + ")"


def _scopes(query: EntityQuery, tenant: str, p: Params) -> str:
    conds = []
    for raw in query.scopes:
        prefix = normalize_scope(raw)
        # Below the prefix means starting with prefix + "/": the range [prefix/, prefix0) as '0' follows '/'.
        conds.append(
            f"scope = {p.add(prefix)} OR (scope >= {p.add(prefix + '/')} AND scope < {p.add(prefix + '0')})"
        )
    return f"e.rid IN (SELECT rid FROM entity_scopes WHERE tenant = {tenant} AND ({' OR '.join(conds)}))"


def where_sql(query: EntityQuery, tenant: str, p: Params) -> str:
    """The WHERE clause of every non-geo filter of ``query`` for one tenant."""
    t = p.add(tenant)
    parts = [f"e.tenant = {t}"]
    if query.ids:
        parts.append(f"e.id IN (SELECT value FROM json_each({p.add(_json_list(query.ids))}))")
    if query.id_pattern is not None:
        compile_regex(query.id_pattern)
        parts.append(f"e.id REGEXP {p.add(query.id_pattern)}")
    if query.types:
        parts.append(_types(query, t, p))
    if query.scopes:
        parts.append(_scopes(query, t, p))
    if query.levels:
        parts.append(f"e.level IN ({', '.join(p.add(int(level)) for level in query.levels)})")
    if query.admin_code is not None:
        prefix = admin_prefix(query.admin_code)
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # every string with the prefix sorts below this
        parts.append(f"e.admin >= {p.add(prefix)} AND e.admin < {p.add(upper)}")
    if query.grid_prefix is not None:
        lo, hi = grid_range(query.grid_prefix)
        parts.append(f"e.grid BETWEEN {p.add(lo)} AND {p.add(hi)}")
    if query.q is not None:
        parts.append(predicate_sql(query.q, p))
    if query.expired_at is not None:
        parts.append(expired_sql("e", query.expired_at, p))
    if query.live_at is not None:  # the expired ones, found through the index of transient entities
        expired = expired_sql("x", query.live_at, p)
        parts.append(f"e.rid NOT IN (SELECT x.rid FROM entities AS x WHERE x.tenant = {t} AND {expired})")
    return " AND ".join(parts)


def expired_sql(alias: str, due_at: datetime, p: Params) -> str:
    """The entity's expiresAt (codec.EXPIRES_KEY, a UTC DateTime "...Z") is at or before ``due_at``.

    The substring test is the condition of the partial index ``entities_transient`` (migration 8), word for
    word, so the planner visits the few transient entities only and parses no other document.
    """
    due = p.add(format_instant(due_at)[:-1])
    value = f"json_extract({alias}.doc, '$.\"{EXPIRES_KEY}\"[0].v')"
    present = f"instr({alias}.doc, '\"{EXPIRES_KEY}\"') > 0"
    return f"{present} AND julianday(rtrim({value}, 'Z')) <= julianday({due})"


def _json_list(items: tuple[str, ...]) -> str:
    return dumps(list(items))
