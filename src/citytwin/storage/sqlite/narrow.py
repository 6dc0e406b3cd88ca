"""Narrow merges: attribute patches that touch no indexed column, applied to the stored documents directly.

Live state from telemetry (and device health) is a stream of merges that set a few plain attributes on
entities that already exist. The general merge decodes each entity into objects, merges, re-encodes it and
rewrites every column (geometry, grid, type and scope rows included): ~100 µs an entity. A patch that
changes no indexed column (no ``location``, ``cimLevel``, ``adminCode`` or other GeoProperty, no new type,
no scope) only needs the document and ``modified``: the stored JSON is decoded as plain dicts, the patched
instances replaced, and one ``UPDATE ... WHERE rid`` written.

The result is the entity the general merge would store, so readers, events and the contract tests cannot
tell the two apart: instances whose system times were implied by the entity's old ``modified`` get them
written out (the entity's ``modified`` moves on), and a replaced instance keeps its ``createdAt``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import msgspec

from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, Attribute, AttrType, Entity
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.storage.codec import _instance, dumps, loads

_INDEXED = frozenset({LOCATION, LEVEL, ADMIN_CODE})
_ENCODE = msgspec.json.Encoder().encode

Failure = tuple[int, str, CitytwinError]


def eligible(patches: Sequence[Entity]) -> bool:
    """Whether every patch leaves the indexed columns alone (checked before the entities are read)."""
    geo = AttrType.GEOPROPERTY
    disjoint = _INDEXED.isdisjoint
    for patch in patches:
        attrs = patch.attrs
        if patch.scope or not disjoint(attrs):
            return False
        for instances in attrs.values():
            for inst in instances:
                if inst.type is geo:
                    return False
    return True


_TYPE_TEXT = {t: t.value for t in AttrType}


def _stored(inst: Attribute, created: str, now: str) -> dict[str, Any]:
    """The stored form of a patched instance written at ``now`` (what codec.document gives)."""
    if inst.sub or inst.extra:
        out = _instance(inst, now, False)
        out.pop("m", None)
        out.pop("c", None)
    else:
        out = {"t": _TYPE_TEXT[inst.type], "v": inst.value}
        if inst.observed_at is not None:
            out["o"] = inst.observed_at
        if inst.unit_code is not None:
            out["u"] = inst.unit_code
        if inst.dataset_id is not None:
            out["d"] = inst.dataset_id
    if created != now:
        out["c"] = created
    return out


def _null_attr(patch: Entity) -> str | None:
    """The first attribute of the patch with a null value (a merge may not store one)."""
    for name, instances in patch.attrs.items():
        for inst in instances:
            if inst.value is None:
                return name
    return None


def _explicit_times(doc: dict[str, list[dict[str, Any]]], old_modified: str) -> None:
    """Write out the system times the entity's old ``modified`` implied (it is about to move on)."""
    for items in doc.values():
        for item in items:
            if "m" not in item:
                item["m"] = old_modified
                if "c" not in item:
                    item["c"] = old_modified
            elif "c" not in item:
                item["c"] = old_modified


def merge(conn: sqlite3.Connection, tenant: str, patches: Sequence[Entity], now: str) -> list[Failure] | None:
    """Apply the patches inside the writer's transaction; None (nothing written) when one needs the general
    path: an entity that does not exist yet, or a patch adding a type."""
    ids = list(dict.fromkeys(p.id for p in patches))
    rows = conn.execute(
        "SELECT id, rid, modified, doc, ptype, xtypes FROM entities"
        " WHERE tenant = ? AND id IN (SELECT value FROM json_each(?))",
        (tenant, dumps(ids)),
    ).fetchall()
    if len(rows) != len(ids):
        return None
    state: dict[str, tuple[int, str, str]] = {}
    types_of: dict[str, tuple[str, frozenset[str] | None]] = {}
    for entity_id, rid, modified, doc, ptype, xtypes in rows:
        state[entity_id] = (rid, modified, doc)
        types_of[entity_id] = (ptype, frozenset(loads(xtypes)) if xtypes else None)
    for patch in patches:
        ptype, xtypes = types_of[patch.id]
        for name in patch.types:
            if name != ptype and (xtypes is None or name not in xtypes):
                return None
    failures: list[Failure] = []
    touched: dict[str, dict[str, Any]] = {}
    for pos, patch in enumerate(patches):
        bad = _null_attr(patch)
        if bad is not None:
            failures.append((pos, patch.id, BadRequestData(f"entity {patch.id}: attribute {bad!r} is null")))
            continue
        rid, old_modified, text = state[patch.id]
        doc = touched.get(patch.id)
        if doc is None:
            doc = loads(text)
            _explicit_times(doc, old_modified)
            touched[patch.id] = doc
        for name, instances in patch.attrs.items():
            items = doc.get(name)
            if items is None:
                items = []
            elif len(instances) == 1 and len(items) == 1 and items[0].get("d") == instances[0].dataset_id:
                # The common case: the one instance replaced by the one instance of the patch.
                doc[name] = [_stored(instances[0], items[0].get("c", old_modified), now)]
                continue
            for inst in instances:
                dataset = inst.dataset_id
                previous = next((d for d in items if d.get("d") == dataset), None)
                items = [d for d in items if d.get("d") != dataset]
                created = now if previous is None else previous.get("c", old_modified)
                items.append(_stored(inst, created, now))
            doc[name] = items
    if touched:
        conn.executemany(
            "UPDATE entities SET doc = ?, modified = ? WHERE rid = ?",
            [(_ENCODE(doc).decode(), now, state[eid][0]) for eid, doc in touched.items()],
        )
    return failures
